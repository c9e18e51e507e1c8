import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { build, CLUSTER, L0 } from './fixtures';
import {
  Backup, BackupStorage, CloneSource, FleetDefaults, PostgresClient, PostgresCluster, PostgresSidecar, StandbySource, StorageCredentials,
} from '../../src';
import { byKind, named, synthApp } from '../util';
import { selectorMatches } from '../validator/selectors';

const s3 = (endpoint?: string) => BackupStorage.s3({
  bucket: 'acid-wal', region: 'eu-central-1', credentials: StorageCredentials.nodeIdentity(), ...(endpoint ? { endpoint } : {}),
});
/** The cloud metadata service, where node and GKE workload identities get credentials. */
const METADATA = [{ ipBlock: { cidr: '169.254.169.254/32' } }, { ipBlock: { cidr: '169.254.169.252/32' } }];
const policies = (objects: any[]) => byKind(objects, 'NetworkPolicy');
const policy = (objects: any[], name = CLUSTER) => named(objects, 'NetworkPolicy', name);
/** The ports of the member policy's ingress rules, each with its peers. */
const ingressOn = (p: any, port: number) => p.spec.ingress.filter((r: any) => r.ports.some((x: any) => x.port === port)).flatMap((r: any) => r.from);
const egressPorts = (p: any) => p.spec.egress.map((r: any) => [r.ports.map((x: any) => `${x.port}/${x.protocol}`).join(','), r.to ?? 'any']);
/** Whether a peer that is a pod selector (same namespace) selects a pod with `labels`. */
const peerSelects = (peer: any, labels: Record<string, string>) =>
  !peer.namespaceSelector && !peer.ipBlock && selectorMatches(peer.podSelector, labels);
/** Pod template labels of every workload, by kind/name. */
function podTemplates(objects: any[]): Array<[string, Record<string, string>]> {
  return objects.flatMap(o => {
    const t = o.spec?.template ?? o.spec?.jobTemplate?.spec?.template;
    return t ? [[`${o.kind}/${o.metadata.name}`, t.metadata.labels] as [string, Record<string, string>]] : [];
  });
}

describe('network policies', () => {
  test('on by default: one policy for the members and one for the Jobs, both directions, the cluster\'s labels', () => {
    // GIVEN / WHEN a default cluster
    const { objects, cluster } = build();

    // THEN
    expect(policies(objects).map(p => p.metadata.name).sort()).toEqual([CLUSTER, `${CLUSTER}-jobs`]);
    for (const p of policies(objects)) {
      expect(p.metadata.namespace).toBe('db');
      expect(p.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    }
    expect(policy(objects).spec.podSelector).toEqual({ matchLabels: L0 });
    expect(cluster.networkPolicies.map(p => p.name).sort()).toEqual([CLUSTER, `${CLUSTER}-jobs`]);
  });

  test('members: 5432 from members and the SQL Jobs, 8008 from members and the Patroni Jobs, nothing else', () => {
    const { objects } = build();
    const p = policy(objects);
    expect(p.spec.ingress.map((r: any) => r.ports.map((x: any) => x.port))).toEqual([[5432], [8008]]);
    const member = { ...L0, 'team': 'acid', 'spilo-role': 'master' };
    const job = (application: string) => ({ ...L0, team: 'acid', application });
    const stranger = { app: 'curious' };
    const allowed = (port: number, labels: Record<string, string>) => ingressOn(p, port).some((peer: any) => peerSelects(peer, labels));
    expect(allowed(5432, member)).toBe(true);
    expect(allowed(8008, member)).toBe(true);
    for (const app of ['spilo-sync', 'spilo-dcs', 'spilo-logical-backup']) expect(allowed(5432, job(app))).toBe(true);
    for (const app of ['spilo-dcs', 'spilo-rollout']) expect(allowed(8008, job(app))).toBe(true);
    expect(allowed(5432, job('spilo-credentials'))).toBe(false);
    expect(allowed(8008, job('spilo-sync'))).toBe(false);
    expect(allowed(5432, { ...job('spilo-sync'), 'cluster-name': 'other-db' })).toBe(false);
    expect(allowed(5432, stranger)).toBe(false);
    expect(ingressOn(p, 8080)).toEqual([]);
  });

  test('members: egress to DNS (UDP and TCP), each other, the API server (443, 6443) only', () => {
    const p = policy(build().objects);
    expect(egressPorts(p)).toEqual([
      ['53/UDP,53/TCP', 'any'],
      ['5432/TCP,8008/TCP', [{ podSelector: { matchLabels: L0 } }]],
      ['443/TCP,6443/TCP', 'any'],
    ]);
  });

  test('every Job and CronJob pod the cluster renders is in the Jobs policy; members and poolers are not', () => {
    // GIVEN a cluster with every Job: credentials, sync (users), dynamic configuration, rollout, logical backup, poolers
    const { objects } = build({
      instances: 2, users: { app: [] }, databases: { app: 'app' }, logicalBackup: { storage: s3() }, connectionPooler: { replica: true },
    });
    const jobs = policy(objects, `${CLUSTER}-jobs`);
    const members = policy(objects);
    const templates = podTemplates(objects);
    // THEN every Job pod is selected by the Jobs policy, and by the member rules on exactly the ports it uses
    const jobPods = templates.filter(([k]) => /^(Job|CronJob)\//.test(k));
    expect(jobPods.map(([k]) => k.replace(/-[0-9a-f]{5,6}$/, '')).sort()).toEqual([
      `CronJob/logical-backup-${CLUSTER}`, `Job/${CLUSTER}-creds`, `Job/${CLUSTER}-dcs`, `Job/${CLUSTER}-roll`, `Job/${CLUSTER}-sync`,
    ]);
    for (const [, labels] of jobPods) expect(selectorMatches(jobs.spec.podSelector, labels)).toBe(true);
    const short = (k: string) => k.startsWith('CronJob/') ? 'logical-backup' : k.split('-').slice(-2)[0];
    const on = (port: number) => jobPods.filter(([, l]) => ingressOn(members, port).some((peer: any) => peerSelects(peer, l))).map(([k]) => short(k));
    expect(on(5432).sort()).toEqual(['dcs', 'logical-backup', 'sync']);
    expect(on(8008).sort()).toEqual(['dcs', 'roll']);
    for (const [kind, labels] of templates.filter(([k]) => !/^(Job|CronJob)\//.test(k))) {
      expect([kind, selectorMatches(jobs.spec.podSelector, labels)]).toEqual([kind, false]);
    }
    // the Jobs accept nothing and send only to DNS, the API server, the members and the logical backup's storage
    expect(jobs.spec.ingress).toBeUndefined();
    expect(egressPorts(jobs)).toEqual([
      ['53/UDP,53/TCP', 'any'], ['443/TCP,6443/TCP', 'any'], ['5432/TCP,8008/TCP', [{ podSelector: { matchLabels: L0 } }]], ['443/TCP', 'any'],
      ['80/TCP,988/TCP', METADATA],
    ]);
  });

  test('poolers: 5432 from the declared clients only, egress to the members\' 5432 and DNS; members admit the poolers', () => {
    const chart = Testing.chart();
    const db = new PostgresCluster(chart, CLUSTER, { teamId: 'acid', namespace: 'db', connectionPooler: { replica: true } });
    const withoutClients = Testing.synth(chart);
    expect(policies(withoutClients).map(p => p.metadata.name).sort()).toEqual([CLUSTER, `${CLUSTER}-jobs`, `${CLUSTER}-pooler`, `${CLUSTER}-pooler-repl`]);
    // no client: no ingress rule at all (a rule without peers would admit every source)
    expect(policy(withoutClients, `${CLUSTER}-pooler`).spec.ingress).toEqual([]);
    db.allowFrom(PostgresClient.fromLabels({ app: 'api' }));
    const objects = Testing.synth(chart);
    for (const name of [`${CLUSTER}-pooler`, `${CLUSTER}-pooler-repl`]) {
      const p = policy(objects, name);
      const deployment = named(objects, 'Deployment', name);
      expect(selectorMatches(p.spec.podSelector, deployment.spec.template.metadata.labels)).toBe(true);
      expect(p.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }]);
      expect(egressPorts(p)).toEqual([['53/UDP,53/TCP', 'any'], ['5432/TCP', [{ podSelector: { matchLabels: L0 } }]]]);
      expect(ingressOn(policy(objects), 5432).some((peer: any) => peerSelects(peer, deployment.spec.template.metadata.labels))).toBe(true);
      expect(ingressOn(policy(objects), 8008).some((peer: any) => peerSelects(peer, deployment.spec.template.metadata.labels))).toBe(false);
    }
  });

  test('opt-out: enabled false on the cluster, or on the fleet unless the cluster turns them on', () => {
    expect(policies(build({ networkPolicies: { enabled: false } }).objects)).toEqual([]);
    expect(policies(build({}, { networkPolicies: { enabled: false } }).objects)).toEqual([]);
    expect(policies(build({ networkPolicies: { enabled: true } }, { networkPolicies: { enabled: false } }).objects)).toHaveLength(2);
    const { cluster } = build({ networkPolicies: { enabled: false } });
    expect(cluster.networkPolicies).toEqual([]);
    // allowFrom on a cluster without policies does nothing
    cluster.allowFrom(PostgresClient.fromNamespace('apps'));
    expect(policies(Testing.synth(Chart.of(cluster)))).toEqual([]);
  });

  describe('clients', () => {
    test('a cdk8s-plus Deployment in another chart and namespace: its pod labels in its namespace', () => {
      // GIVEN the cluster in namespace db and an application in namespace apps, in another chart
      const app = Testing.app();
      const dbChart = new Chart(app, 'db', { namespace: 'db' });
      const appChart = new Chart(app, 'apps', { namespace: 'apps' });
      const db = new PostgresCluster(dbChart, CLUSTER, { teamId: 'acid', connectionPooler: {} });
      const api = new kplus.Deployment(appChart, 'api', { containers: [{ image: 'api:1', portNumber: 8080 }] });
      // WHEN
      const client = db.allowFromWorkload(api);
      // THEN the peer selects the Deployment's pods (labels read at synth, so labels added later count)
      api.podMetadata.addLabel('tier', 'web');
      const objects = synthApp(app);
      const podLabels = named(objects, 'Deployment', objects.find(o => o.kind === 'Deployment' && o.metadata.namespace === 'apps').metadata.name).spec.template.metadata.labels;
      expect(podLabels.tier).toBe('web');
      const peer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } }, podSelector: { matchLabels: podLabels } };
      expect(ingressOn(policy(objects), 5432)).toContainEqual(peer);
      expect(policy(objects, `${CLUSTER}-pooler`).spec.ingress[0].from).toEqual([peer]);
      expect(ingressOn(policy(objects), 8008)).not.toContainEqual(peer);
      expect(client.description).toBe('workload apps/api');
    });

    test('connect() admits the workload it wires', () => {
      const chart = Testing.chart();
      const db = new PostgresCluster(chart, CLUSTER, { teamId: 'acid', namespace: 'db', users: { app: [] }, databases: { app: 'app' } });
      const api = new kplus.Deployment(chart, 'api', { metadata: { namespace: 'db' }, containers: [{ image: 'api:1' }] });
      db.connect(api, { user: 'app' });
      const objects = Testing.synth(chart);
      const labels = objects.find(o => o.kind === 'Deployment').spec.template.metadata.labels;
      expect(ingressOn(policy(objects), 5432)).toContainEqual({ podSelector: { matchLabels: labels } });
    });

    test('a workload in the cluster\'s namespace: a pod selector alone', () => {
      const chart = Testing.chart();
      const db = new PostgresCluster(chart, CLUSTER, { teamId: 'acid', namespace: 'db' });
      const job = new ApiObject(chart, 'migrate', {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { namespace: 'db' },
        spec: { template: { metadata: { labels: { app: 'migrate' } }, spec: { containers: [] } } },
      });
      db.allowFrom(PostgresClient.fromWorkload(job));
      expect(ingressOn(policy(Testing.synth(chart)), 5432)).toContainEqual({ podSelector: { matchLabels: { app: 'migrate' } } });
    });

    test('labels, namespaces and addresses', () => {
      const { objects } = build({
        networkPolicies: {
          clients: [
            PostgresClient.fromLabels({ app: 'api' }),
            PostgresClient.fromLabels({ app: 'etl' }, 'batch'),
            PostgresClient.fromLabels({ app: 'here' }, 'db'),
            PostgresClient.fromNamespace('tools'),
            PostgresClient.fromNamespaceLabels({ team: 'acid' }),
            PostgresClient.fromCidr('10.20.0.0/16'),
          ],
        },
      });
      expect(ingressOn(policy(objects), 5432).slice(2)).toEqual([
        { podSelector: { matchLabels: { app: 'api' } } },
        { podSelector: { matchLabels: { app: 'etl' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'batch' } } },
        { podSelector: { matchLabels: { app: 'here' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } } },
        { namespaceSelector: { matchLabels: { team: 'acid' } } },
        { ipBlock: { cidr: '10.20.0.0/16' } },
      ]);
    });

    test('the fleet\'s clients and the cluster\'s add up; allowFrom adds once', () => {
      const fleetClient = PostgresClient.fromNamespace('admin');
      const chart = Testing.chart();
      const db = new PostgresCluster(chart, CLUSTER, {
        teamId: 'acid',
        namespace: 'db',
        fleet: new FleetDefaults({ networkPolicies: { clients: [fleetClient] } }),
        networkPolicies: { clients: [PostgresClient.fromLabels({ app: 'api' })] },
      });
      const late = PostgresClient.fromLabels({ app: 'late' });
      db.allowFrom(late);
      db.allowFrom(late);
      expect(ingressOn(policy(Testing.synth(chart)), 5432).slice(2)).toEqual([
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'admin' } } },
        { podSelector: { matchLabels: { app: 'api' } } },
        { podSelector: { matchLabels: { app: 'late' } } },
      ]);
    });

    test('load balancers admit their allowed source ranges on 5432', () => {
      const { objects } = build({ loadBalancer: { master: true, allowedSourceRanges: ['192.0.2.0/24'] } });
      expect(ingressOn(policy(objects), 5432)).toContainEqual({ ipBlock: { cidr: '192.0.2.0/24' } });
      const pooled = build({ connectionPooler: { masterLoadBalancer: true } }, { connectionPooler: {} }).objects;
      expect(policy(pooled, `${CLUSTER}-pooler`).spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '127.0.0.1/32' } }], ports: [{ port: 5432, protocol: 'TCP' }] }]);
    });

    test('fromWorkload refuses what holds no single workload, and a workload without namespace for a namespaced cluster', () => {
      const chart = Testing.chart();
      expect(() => PostgresClient.fromWorkload(new Construct(chart, 'empty'))).toThrow(/test\/empty has 0 workload objects; expected one of Pod, Deployment/);
      const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
      expect(() => PostgresClient.fromWorkload(cm)).toThrow(/has kind ConfigMap/);
      const noNamespace = Testing.chart();
      const pod = new ApiObject(noNamespace, 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { app: 'x' } }, spec: { containers: [] } });
      const db = new PostgresCluster(chart, CLUSTER, { teamId: 'acid', namespace: 'db' });
      db.allowFrom(PostgresClient.fromWorkload(pod));
      expect(() => Testing.synth(chart)).toThrow(/the workload test\/pod has no namespace but the cluster is in 'db'/);
    });

    test('the factories refuse bad arguments', () => {
      expect(() => PostgresClient.fromLabels({})).toThrow(/PostgresClient.fromLabels\(podLabels\): \{\} is not valid; expected at least one label/);
      expect(() => PostgresClient.fromLabels({ 'a b': 'x' })).toThrow(/PostgresClient.fromLabels\(podLabels\) key: 'a b' is not valid/);
      expect(() => PostgresClient.fromLabels({ app: 'x' }, 'Apps')).toThrow(/PostgresClient.fromLabels\(namespace\): 'Apps' is not valid/);
      expect(() => PostgresClient.fromNamespace('a_b')).toThrow(/PostgresClient.fromNamespace\(name\): 'a_b' is not valid/);
      expect(() => PostgresClient.fromNamespaceLabels({})).toThrow(/expected at least one label/);
      expect(() => PostgresClient.fromCidr('10.0.0.0/33')).toThrow(/PostgresClient.fromCidr\(cidr\): '10.0.0.0\/33' is not valid; expected an IPv4 or IPv6 CIDR/);
    });
  });

  test('monitoring clients reach bg_mon and every sidecar port, also of sidecars added later', () => {
    const chart = Testing.chart();
    const db = new PostgresCluster(chart, CLUSTER, {
      teamId: 'acid', namespace: 'db', networkPolicies: { monitoringClients: [PostgresClient.fromNamespace('monitoring')] },
    });
    db.addSidecar(PostgresSidecar.postgresExporter());
    const rule = policy(Testing.synth(chart)).spec.ingress[2];
    expect(rule).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }, { port: 9187, protocol: 'TCP' }],
    });
  });

  describe('egress', () => {
    test('backups: 443 and the custom endpoint\'s port; storagePorts and storageCidrs replace them', () => {
      const withEndpoint = policy(build({ backup: Backup.walG(s3('https://minio.storage.svc:9000')) }).objects);
      expect(egressPorts(withEndpoint)[3]).toEqual(['443/TCP,9000/TCP', 'any']);
      expect(egressPorts(policy(build({ backup: Backup.walG(s3('http://minio.storage.svc')) }).objects))[3]).toEqual(['443/TCP,80/TCP', 'any']);
      expect(egressPorts(policy(build({ backup: Backup.walG(s3()) }).objects))[3]).toEqual(['443/TCP', 'any']);
      const narrowed = policy(build({ backup: Backup.walG(s3()), networkPolicies: { storagePorts: [8443], storageCidrs: ['10.1.0.0/16'] } }).objects);
      expect(egressPorts(narrowed)[3]).toEqual(['8443/TCP', [{ ipBlock: { cidr: '10.1.0.0/16' } }]]);
    });

    test('credentials from the metadata service (node identity, GKE workload identity) open it; keys and IRSA do not', () => {
      const storageRules = (backup: Backup) => egressPorts(policy(build({ backup }).objects)).slice(3);
      expect(storageRules(Backup.walG(s3()))).toEqual([['443/TCP', 'any'], ['80/TCP,988/TCP', METADATA]]);
      const gke = BackupStorage.gcs({ bucket: 'acid-wal', credentials: StorageCredentials.gkeWorkloadIdentity('backup@acid.iam.gserviceaccount.com') });
      expect(storageRules(Backup.walG(gke))).toEqual([['443/TCP', 'any'], ['80/TCP,988/TCP', METADATA]]);
      const irsa = BackupStorage.s3({ bucket: 'acid-wal', region: 'eu-central-1', credentials: StorageCredentials.irsa('arn:aws:iam::123456789012:role/wal') });
      expect(storageRules(Backup.walG(irsa))).toEqual([['443/TCP', 'any']]);
      const keys = BackupStorage.s3({ bucket: 'acid-wal', region: 'eu-central-1', credentials: StorageCredentials.awsAccessKeys({ secretName: 'wal-keys' }) });
      expect(storageRules(Backup.walG(keys))).toEqual([['443/TCP', 'any']]);
    });

    test('a clone from an archive opens the storage; a standby streaming from a host opens its port', () => {
      const clone = policy(build({ clone: CloneSource.fromWalArchive({ cluster: 'acid-source', storage: s3('https://s3.example:7000') }) }).objects);
      expect(egressPorts(clone)[3]).toEqual(['443/TCP,7000/TCP', 'any']);
      const standby = policy(build({ standby: StandbySource.fromPrimary({ host: 'acid-source.other.svc', port: 5433 }) }).objects);
      expect(egressPorts(standby)[3]).toEqual(['5433/TCP', 'any']);
      const basebackup = policy(build({ clone: CloneSource.fromCluster({ cluster: 'acid-source' }) }).objects);
      expect(egressPorts(basebackup)[3]).toEqual(['5432/TCP', 'any']);
      // a standby that replays an archive and streams from a host without a port: Spilo's 5432
      const both = policy(build({
        standby: StandbySource.fromWalArchive({ cluster: 'acid-source', storage: s3('https://s3.example:7000'), primary: { host: 'acid-source.other.svc' } }),
      }).objects);
      expect(egressPorts(both).slice(3, 4).concat(egressPorts(both).slice(5))).toEqual([['443/TCP,7000/TCP', 'any'], ['5432/TCP', 'any']]);
    });

    test('the API server\'s ports and addresses, and more ports for sidecars', () => {
      const p = policy(build({}, { networkPolicies: { apiServerPorts: [6443], apiServerCidrs: ['10.0.0.1/32'], additionalEgressPorts: [24224] } }).objects);
      expect(egressPorts(p).slice(2)).toEqual([['6443/TCP', [{ ipBlock: { cidr: '10.0.0.1/32' } }]], ['24224/TCP', 'any']]);
      expect(egressPorts(policy(build({}, { networkPolicies: { apiServerCidrs: ['10.0.0.1/32'] } }).objects, `${CLUSTER}-jobs`))[1])
        .toEqual(['443/TCP,6443/TCP', [{ ipBlock: { cidr: '10.0.0.1/32' } }]]);
    });
  });

  test('cluster labels without application: the Jobs are selected by the labels they keep', () => {
    const { objects } = build({ users: { app: [] } }, { clusterLabels: { stack: 'pg' } });
    const jobs = policy(objects, `${CLUSTER}-jobs`);
    expect(jobs.spec.podSelector).toEqual({ matchLabels: { stack: 'pg', team: 'acid' }, matchExpressions: [{ key: 'cluster-name', operator: 'DoesNotExist' }] });
    for (const [kind, labels] of podTemplates(objects)) expect([kind, selectorMatches(jobs.spec.podSelector, labels)]).toEqual([kind, kind.startsWith('Job/')]);
  });
});
