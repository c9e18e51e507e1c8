// The users-and-databases example as an application developer reads it: the Deployment reaches the primary by its
// Service DNS name and takes user name and password from the Secret the credentials Job creates next to it.
import { App } from 'cdk8s';
import { build } from '../../examples/users-and-databases/main';
import { synth } from '../util';

const SECRET = 'orders-app.orders-db.credentials.postgresql.acid.zalan.do';

describe('example users-and-databases', () => {
  const [orders, billing] = build(new App());
  const objects = synth(orders);
  const deployment = objects.find(o => o.kind === 'Deployment' && o.metadata.name === 'orders-api');
  const api = deployment.spec.template.spec.containers.find((c: any) => c.name === 'api');
  const envOf = (name: string) => (api.env as any[]).find(e => e.name === name);

  test('the Deployment connects to the primary Service orders-db.orders.svc:5432, database orders, over TLS', () => {
    expect(deployment.metadata.namespace).toBe('orders');
    expect(Object.fromEntries(['PGHOST', 'PGPORT', 'PGDATABASE', 'PGSSLMODE'].map(n => [n, envOf(n).value]))).toEqual({
      PGHOST: 'orders-db.orders.svc', PGPORT: '5432', PGDATABASE: 'orders', PGSSLMODE: 'require',
    });
    const primary = objects.find(o => o.kind === 'Service' && o.metadata.name === 'orders-db');
    expect(primary.metadata.namespace).toBe('orders');
    expect(primary.spec.ports[0].port).toBe(5432);
  });

  test('user name and password come from orders_app\'s Secret by secretKeyRef, never as values', () => {
    expect(envOf('PGUSER')).toEqual({ name: 'PGUSER', valueFrom: { secretKeyRef: { name: SECRET, key: 'username' } } });
    expect(envOf('PGPASSWORD')).toEqual({ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: SECRET, key: 'password' } } });
  });

  test('that Secret is one the credentials Job creates in the Deployment\'s namespace, and the sync Job reads', () => {
    const job = objects.find(o => o.kind === 'Job' && o.metadata.name.startsWith('orders-db-creds-'));
    const specs = JSON.parse(job.spec.template.spec.containers[0].env.find((e: any) => e.name === 'CREDENTIALS_SECRETS').value);
    expect(specs.find((s: any) => s.name === SECRET)).toMatchObject({ namespace: 'orders', username: 'orders_app' });
    const sync = objects.find(o => o.kind === 'Job' && o.metadata.name.startsWith('orders-db-sync-'));
    expect(sync.spec.template.spec.containers[0].env).toContainEqual(
      { name: 'PGPASSWORD_ORDERS_APP', valueFrom: { secretKeyRef: { name: SECRET, key: 'password' } } });
  });

  test('the cross-namespace user\'s Secret lands in reporting, with a copy for the sync Job in orders', () => {
    const reporting = objects.filter(o => o.metadata.namespace === 'reporting').map(o => `${o.kind}/${o.metadata.name}`);
    expect(reporting.sort()).toEqual(['Role/orders-db-credentials', 'RoleBinding/orders-db-credentials']);
    const job = objects.find(o => o.kind === 'Job' && o.metadata.name.startsWith('orders-db-creds-'));
    const specs = JSON.parse(job.spec.template.spec.containers[0].env.find((e: any) => e.name === 'CREDENTIALS_SECRETS').value);
    expect(specs.find((s: any) => s.username === 'reporting.analyst')).toMatchObject({
      namespace: 'reporting', name: 'reporting.analyst.orders-db.credentials.postgresql.acid.zalan.do', copies: ['orders'],
    });
  });

  test('billing-db takes its credentials from External Secrets: a generator, and billing_reader from the vault store', () => {
    const es = synth(billing).filter(o => o.kind === 'ExternalSecret');
    const reader = es.find(e => e.metadata.name === 'billing-reader.billing-db.credentials.postgresql.acid.zalan.do');
    expect(reader.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(reader.spec.data[0].remoteRef.key).toBe('databases/billing-db/billing_reader');
    expect(es.filter(e => e.spec.dataFrom).map(e => e.metadata.name.split('.')[0])).toEqual(['postgres', 'standby', 'billing-owner', 'billing-db-patroni-api']);
  });
});
