// PostgresCluster.connect(): one call wires a cdk8s-plus workload to a cluster (libpq env from the user's Secret, the
// CA mounted for verify-full). The running tier's day2 shard runs a connected Deployment against the real cluster.
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { FleetDefaults, PostgresCluster, PostgresClusterProps, SslMode } from '../../src';
import { named, synth } from '../util';

const TLS = { secretName: 'db-tls', certManager: { issuer: { name: 'ca-issuer', kind: 'ClusterIssuer' } } };

function setup(props: Partial<PostgresClusterProps> = {}, appNamespace = 'db') {
  const app = Testing.app();
  const dbChart = new Chart(app, 'db', { namespace: 'db' });
  const appChart = appNamespace === 'db' ? dbChart : new Chart(app, 'app', { namespace: appNamespace });
  const db = new PostgresCluster(dbChart, 'db', {
    teamId: 'acid', fleet: new FleetDefaults({ allowedSecretNamespaces: [appNamespace] }), users: { app_owner: [], [`${appNamespace}.reader`]: [] }, databases: { app: 'app_owner' }, ...props,
  });
  const deployment = new kplus.Deployment(appChart, 'web', { containers: [{ image: 'example/web:1', portNumber: 8080 }] });
  return { app, dbChart, appChart, db, deployment };
}

const env = (objects: any[], name: string) => {
  const pod = named(objects, 'Deployment', name).spec.template.spec;
  return { pod, env: Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom])) };
};

describe('connect()', () => {
  test('the libpq env from the user\'s Secret, the owned database, sslmode require without tls', () => {
    const { dbChart, db, deployment } = setup();
    const endpoint = db.connect(deployment, { user: 'app_owner' });
    expect(endpoint.socketAddress).toBe('db.db.svc:5432');
    const secret = 'app-owner.db.credentials.postgresql.acid.zalan.do';
    const { env: e, pod } = env(synth(dbChart), deployment.name);
    expect(e).toEqual({
      PGHOST: 'db.db.svc',
      PGPORT: '5432',
      PGDATABASE: 'app',
      PGUSER: { secretKeyRef: { name: secret, key: 'username' } },
      PGPASSWORD: { secretKeyRef: { name: secret, key: 'password' } },
      PGSSLMODE: 'require',
    });
    expect(pod.volumes ?? []).toEqual([]);
  });

  test('with tls from cert-manager: verify-full, the cluster\'s CA mounted read-only and named by PGSSLROOTCERT', () => {
    const { dbChart, db, deployment } = setup({ tls: TLS, connectionPooler: {} });
    const endpoint = db.connect(deployment, { user: 'app_owner', pooler: true });
    expect(endpoint.hostname).toBe('db-pooler.db.svc');
    const { env: e, pod } = env(synth(dbChart), deployment.name);
    expect(e.PGSSLMODE).toBe('verify-full');
    expect(e.PGHOST).toBe('db-pooler.db.svc');
    const volume = pod.volumes.find((v: any) => v.secret);
    expect(volume.secret).toEqual({ secretName: db.certificateAuthority!.secretName, items: [{ key: db.certificateAuthority!.key, path: 'ca.crt' }] });
    const mount = pod.containers[0].volumeMounts.find((m: any) => m.name === volume.name);
    expect(mount.readOnly).toBe(true);
    expect(e.PGSSLROOTCERT).toBe(`${mount.mountPath}/ca.crt`);
  });

  test('a workload in another namespace connects as a cross-namespace user; its own user there is refused', () => {
    const { appChart, db, deployment } = setup({ tls: TLS }, 'shop');
    expect(() => db.connect(deployment, { user: 'app_owner', database: 'app' }))
      .toThrow(/options\.user: the Secret of 'app_owner' is in namespace db but the workload runs in shop; .*'shop\.<name>'/);
    db.connect(deployment, { user: 'shop.reader', database: 'app' });
    const { env: e, pod } = env(synth(appChart), deployment.name);
    expect(e.PGHOST).toBe('db.db.svc');
    expect(e.PGPASSWORD).toEqual({ secretKeyRef: { name: 'shop.reader.db.credentials.postgresql.acid.zalan.do', key: 'password' } });
    // The cluster's CA Secret is not in shop: no verification unless a CA there is given.
    expect(e.PGSSLMODE).toBe('require');
    expect(pod.volumes ?? []).toEqual([]);
  });

  test('bad choices are errors naming the option, the value and what is allowed', () => {
    const { db, deployment } = setup();
    expect(() => db.connect(deployment, { user: 'nobody' })).toThrow(/options\.user: 'nobody' is not valid; expected a LOGIN role of the cluster: postgres, standby, app_owner/);
    expect(() => db.connect(deployment, { user: 'app_owner', database: 'shop' })).toThrow(/options\.database: 'shop' is not valid; expected one of the cluster's databases: postgres, app/);
    expect(() => db.connect(deployment, { user: 'postgres' })).toThrow(/options\.database: .*'postgres' owns none/);
    expect(() => db.connect(deployment, { user: 'app_owner', pooler: true })).toThrow(/no connection pooler; set connectionPooler to connect through one/);
    expect(() => db.connect(deployment, { user: 'app_owner', sslMode: SslMode.VERIFY_FULL })).toThrow(/options\.sslMode: verify-full needs the CA/);
    expect(() => db.connect(deployment, { user: 'app_owner', sslMode: 'strict' as SslMode })).toThrow(/options\.sslMode: 'strict' is not valid; expected disable, allow/);
    expect(() => db.connect(deployment, { user: 'app_owner', containers: ['sidecar'] })).toThrow(/containers: no container 'sidecar'/);
    expect(() => db.connect(new kplus.ConfigMap(Chart.of(deployment), 'cm'), { user: 'app_owner' })).toThrow(/is not a cdk8s-plus workload/);
    db.connect(deployment, { user: 'app_owner' });
    expect(() => db.connect(deployment, { user: 'app_owner' })).toThrow(/already has PGHOST, PGPORT/);
  });

  test('two containers connected one by one share one CA volume', () => {
    const { dbChart, db, deployment } = setup({ tls: TLS });
    deployment.addContainer({ name: 'worker', image: 'example/worker:1' });
    db.connect(deployment, { user: 'app_owner', containers: [deployment.containers[0].name!] });
    db.connect(deployment, { user: 'app_owner', containers: ['worker'], replica: true });
    const pod = named(synth(dbChart), 'Deployment', deployment.name).spec.template.spec;
    expect(pod.volumes.filter((v: any) => v.secret)).toHaveLength(1);
    const host = (i: number) => pod.containers[i].env.find((e: any) => e.name === 'PGHOST').value;
    expect([host(0), host(1)]).toEqual(['db.db.svc', 'db-repl.db.svc']);
    expect(pod.containers[1].volumeMounts.map((m: any) => m.name)).toEqual(pod.containers[0].volumeMounts.map((m: any) => m.name));
  });
});
