import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { construct } from './fixtures';
import { FleetDefaultsProps, PostgresClusterProps, PostgresVersion } from '../../src';

interface BadInput {
  readonly props?: Partial<PostgresClusterProps>;
  readonly fleet?: FleetDefaultsProps;
  /** `null` for a chart without a namespace. */
  readonly namespace?: string | null;
}

/** Rows are built lazily: some inputs (PostgresVersion.of) throw on their own. */
type Row = [string, () => BadInput, RegExp];

const initContainer = (name: string) => ({ name, image: 'busybox:1.36' });
const volume = (name: string, mountPath: string, targetContainers?: string[]) => ({ volume: { name, emptyDir: {} }, mountPath, targetContainers });

const ROWS: Row[] = [
  // name and team
  ['name of 52 characters', () => ({ props: { name: 'a'.repeat(52) } }), /name: 'a{52}' is not valid; expected a DNS-1035 label of at most 51 characters/],
  ['name with upper case', () => ({ props: { name: 'Acid-Test' } }), /name: 'Acid-Test' is not valid; expected a DNS-1035 label/],
  ['name with underscore', () => ({ props: { name: 'acid_test' } }), /name: 'acid_test' is not valid/],
  ['name with leading digit', () => ({ props: { name: '1acid' } }), /name: '1acid' is not valid/],
  ['name with trailing dash', () => ({ props: { name: 'acid-' } }), /name: 'acid-' is not valid/],
  ['empty teamId', () => ({ props: { teamId: '' } }), /teamId: '' is not valid; expected a non-empty team id/],
  ['teamId that is no label value', () => ({ props: { teamId: 'acid team' } }), /teamId\['team'\]: 'acid team' is not valid; expected a label value/],
  // instances and version
  ['instances -1', () => ({ props: { instances: -1 } }), /instances: -1 is not valid; expected an integer from 0 to 100/],
  ['instances 1.5', () => ({ props: { instances: 1.5 } }), /instances: 1\.5 is not valid; expected an integer from 0 to 100/],
  ['unknown version 12', () => ({ props: { version: PostgresVersion.of('12') } }), /version: '12' is not valid; expected one of 13, 14, 15, 16, 17, 18/],
  ['instances 1e9', () => ({ props: { instances: 1e9 } }), /instances: 1000000000 is not valid; expected an integer from 0 to 100/],
  ['fleet minInstances 1.5', () => ({ fleet: { minInstances: 1.5 } }), /fleet\.minInstances: 1\.5 is not valid; expected an integer from -1 to 100/],
  ['fleet maxInstances 1e6', () => ({ fleet: { maxInstances: 1e6 } }), /fleet\.maxInstances: 1000000 is not valid; expected an integer from -1 to 100/],
  ['label spilo-role (the primary Service would select every new pod)', () => ({ props: { labels: { 'spilo-role': 'master' } } }), /labels: 'spilo-role' is not valid; expected a label the library does not set itself/],
  ['fleet label cluster-name', () => ({ fleet: { labels: { 'cluster-name': 'x' } } }), /fleet\.labels: 'cluster-name' is not valid/],
  ['fleet minInstances above maxInstances', () => ({ fleet: { minInstances: 3, maxInstances: 2 } }), /fleet\.minInstances, fleet\.maxInstances: minInstances \(3\) is greater than maxInstances \(2\)/],
  // parameters
  ['parameter listen_addresses', () => ({ props: { parameters: { listen_addresses: '*' } } }), /parameters: 'listen_addresses' is not valid; expected a parameter not managed by Patroni/],
  ['parameter port', () => ({ props: { parameters: { port: '5433' } } }), /parameters: 'port' is not valid; expected a parameter not managed by Patroni/],
  ['parameter primary_conninfo', () => ({ props: { parameters: { primary_conninfo: 'host=x' } } }), /parameters: 'primary_conninfo' is not valid; expected a parameter not managed by Patroni/],
  ['parameter recovery_target_time', () => ({ props: { parameters: { recovery_target_time: '2025-01-01' } } }), /parameters: 'recovery_target_time' is not valid; expected a parameter not managed by Patroni/],
  ['parameter synchronous_standby_names', () => ({ props: { parameters: { synchronous_standby_names: '*' } } }), /parameters: 'synchronous_standby_names' is not valid; .*patroni\.synchronousMode/],
  ['parameter name with dash and capitals', () => ({ props: { parameters: { 'Work-Mem': '4MB' } } }), /parameters: 'Work-Mem' is not valid; expected a PostgreSQL parameter name/],
  ['parameter value that is not a string', () => ({ props: { parameters: { work_mem: 8 as any } } }), /parameters\['work_mem'\]: 8 is not valid; expected a string value/],
  ['wal_level minimal', () => ({ props: { parameters: { wal_level: 'minimal' } } }), /parameters\['wal_level'\]: 'minimal' is not valid; expected 'replica' or 'logical'/],
  ['parameter value with a newline', () => ({ props: { parameters: { work_mem: '4MB\nshared_buffers = 1TB' } } }), /parameters\['work_mem'\]: [\s\S]* is not valid; expected a value without control characters/],
  ['parameter value with a NUL', () => ({ props: { parameters: { search_path: 'a\u0000b' } } }), /parameters\['search_path'\]: [\s\S]* is not valid; expected a value without control characters/],
  ['initdb value with a newline', () => ({ props: { patroni: { initdb: { locale: 'C\n' } } } }), /patroni\.initdb\['locale'\]: [\s\S]* is not valid; expected a string without control characters/],
  ['initdb auth-host with a tab', () => ({ props: { patroni: { initdb: { 'auth-host': 'md5\t' } } } }), /patroni\.initdb\['auth-host'\]: [\s\S]* is not valid/],
  ['max_wal_senders 1', () => ({ props: { parameters: { max_wal_senders: '1' } } }), /parameters\['max_wal_senders'\]: '1' is not valid; expected at least 2/],
  // Patroni
  ['ttl of 1.5 seconds', () => ({ props: { patroni: { ttl: Duration.millis(1500) } } }), /patroni\.ttl: '1 second 500 millis' is not valid; expected a whole, non-negative number of seconds/],
  ['ttl of 0 seconds', () => ({ props: { patroni: { ttl: Duration.seconds(0) } } }), /patroni\.ttl: '0 seconds' is not valid; expected at least 1 second/],
  ['loopWait + 2 * retryTimeout above ttl', () => ({ props: { patroni: { loopWait: Duration.seconds(10), retryTimeout: Duration.seconds(15) } } }),
    /patroni\.ttl, patroni\.loopWait, patroni\.retryTimeout: loopWait \+ 2 \* retryTimeout \(10 \+ 2 \* 15\) must not exceed ttl \(30 seconds\)/],
  ['zero maximumLagOnFailover', () => ({ props: { patroni: { maximumLagOnFailover: Size.kibibytes(0) } } }), /patroni\.maximumLagOnFailover: '0 bytes' is not valid; expected a positive size/],
  ['synchronousModeStrict without synchronousMode', () => ({ props: { patroni: { synchronousModeStrict: true } } }), /patroni\.synchronousModeStrict: requires patroni\.synchronousMode/],
  ['synchronousNodeCount without synchronousMode', () => ({ props: { instances: 3, patroni: { synchronousNodeCount: 1 } } }), /patroni\.synchronousNodeCount: requires patroni\.synchronousMode/],
  ['synchronousNodeCount equal to instances', () => ({ props: { instances: 2, patroni: { synchronousMode: true, synchronousNodeCount: 2 } } }),
    /patroni\.synchronousNodeCount: 2 synchronous standbys need more than 2 instances/],
  ['synchronousNodeCount 0', () => ({ props: { instances: 2, patroni: { synchronousMode: true, synchronousNodeCount: 0 } } }), /patroni\.synchronousNodeCount: 0 is not valid; expected an integer >= 1/],
  ['slot name with capitals', () => ({ props: { patroni: { slots: { 'Bad-Slot': { type: 'physical' } } } } }), /patroni\.slots: 'Bad-Slot' is not valid; expected a replication slot name/],
  ['slot of unknown type', () => ({ props: { patroni: { slots: { s1: { type: 'weird' } } } } }), /patroni\.slots\['s1'\]\.type: 'weird' is not valid; expected 'physical' or 'logical'/],
  ['logical slot without plugin', () => ({ props: { patroni: { slots: { cdc: { type: 'logical', database: 'orders' } } } } }), /patroni\.slots\['cdc'\]: a logical slot needs both database and plugin/],
  ['initdb option with leading dashes', () => ({ props: { patroni: { initdb: { '--locale': 'C' } } } }), /patroni\.initdb: '--locale' is not valid; expected an initdb long option name/],
  ['empty pgHba list', () => ({ props: { patroni: { pgHba: [] } } }), /patroni\.pgHba: \[\] is not valid; expected at least one line/],
  ['pgHba line with a newline', () => ({ props: { patroni: { pgHba: ['local all all trust\nhost all all all md5'] } } }), /patroni\.pgHba\[0\]: [\s\S]* is not valid; expected one non-empty pg_hba\.conf line/],
  // env
  ['env var SCOPE', () => ({ props: { env: [{ name: 'SCOPE', value: 'x' }] } }), /env\[0\]\.name: 'SCOPE' is not valid; expected a name the library does not set itself/],
  ['env var spilo_configuration in lower case', () => ({ props: { env: [{ name: 'spilo_configuration', value: '{}' }] } }), /env\[0\]\.name: 'spilo_configuration' is not valid; expected a name the library does not set/],
  ['env var PAM_OAUTH2 (set in some configurations)', () => ({ props: { env: [{ name: 'PAM_OAUTH2', value: 'x' }] } }), /env\[0\]\.name: 'PAM_OAUTH2' is not valid/],
  ['duplicate env var', () => ({ props: { env: [{ name: 'TZ', value: 'UTC' }, { name: 'tz', value: 'CET' }] } }), /env\[1\]\.name: 'tz' is not valid; expected a name not already used earlier in env/],
  ['env var name with a leading digit', () => ({ props: { env: [{ name: '1VAR', value: 'x' }] } }), /env\[0\]\.name: '1VAR' is not valid; expected an env var name/],
  ['env var PATRONI_POSTGRESQL_PARAMETERS', () => ({ props: { env: [{ name: 'PATRONI_POSTGRESQL_PARAMETERS', value: 'x' }] } }), /env\[0\]\.name: 'PATRONI_POSTGRESQL_PARAMETERS' is not valid; expected a name that does not reconfigure Patroni/],
  ['env var patroni_ttl in lower case', () => ({ props: { env: [{ name: 'patroni_ttl', value: '5' }] } }), /env\[0\]\.name: 'patroni_ttl' is not valid; expected a name that does not reconfigure Patroni/],
  ['env var name with a space', () => ({ props: { env: [{ name: 'MY VAR', value: 'x' }] } }), /env\[0\]\.name: 'MY VAR' is not valid; expected an env var name/],
  // init containers and volumes
  ['init container without image', () => ({ props: { initContainers: [{ name: 'prep' } as any] } }), /initContainers\[0\]\.image: undefined is not valid; expected a container image/],
  ['duplicate init container name', () => ({ props: { initContainers: [initContainer('prep'), initContainer('prep')] } }), /initContainers\[1\]\.name: 'prep' is not valid; expected a name not used by another container/],
  ['init container named postgres', () => ({ props: { initContainers: [initContainer('postgres')] } }), /initContainers\[0\]\.name: 'postgres' is not valid; expected a name not used by another container/],
  ['init container name with capitals', () => ({ props: { initContainers: [initContainer('Prep')] } }), /initContainers\[0\]\.name: 'Prep' is not valid; expected a DNS-1123 label/],
  ['additional volume at the pgdata path', () => ({ props: { additionalVolumes: [volume('x', '/home/postgres/pgdata')] } }), /additionalVolumes\[0\]\.mountPath: '\/home\/postgres\/pgdata' is not valid/],
  ['additional volume inside pgdata', () => ({ props: { additionalVolumes: [volume('x', '/home/postgres/pgdata/pgroot/data')] } }), /additionalVolumes\[0\]\.mountPath: '\/home\/postgres\/pgdata\/pgroot\/data' is not valid; expected a path that neither covers nor goes inside \/home\/postgres\/pgdata/],
  ['additional volume over pgdata\'s parent', () => ({ props: { additionalVolumes: [volume('x', '/home/postgres')] } }), /additionalVolumes\[0\]\.mountPath: '\/home\/postgres' is not valid; expected a path that neither covers nor goes inside/],
  ['additional volume with ..', () => ({ props: { additionalVolumes: [volume('x', '/data/../home/postgres/pgdata')] } }), /additionalVolumes\[0\]\.mountPath: .* is not valid; expected a normalized absolute path/],
  ['additional volume over the ServiceAccount token', () => ({ props: { additionalVolumes: [volume('x', '/var/run/secrets/kubernetes.io/serviceaccount')] } }), /additionalVolumes\[0\]\.mountPath: .* is not valid; expected a path that neither covers nor goes inside \/var\/run\/secrets\/kubernetes\.io/],
  ['additional volume at /', () => ({ props: { additionalVolumes: [volume('x', '/')] } }), /additionalVolumes\[0\]\.mountPath: '\/' is not valid/],
  ['additional volume at /dev/shm', () => ({ props: { additionalVolumes: [volume('x', '/dev/shm')] } }), /additionalVolumes\[0\]\.mountPath: '\/dev\/shm' is not valid/],
  ['two additional volumes at one path', () => ({ props: { additionalVolumes: [volume('a', '/data'), volume('b', '/data')] } }), /additionalVolumes\[1\]\.mountPath: '\/data' is not valid; expected a path no other volume is mounted at/],
  ['additional volume with a relative path', () => ({ props: { additionalVolumes: [volume('a', 'data')] } }), /additionalVolumes\[0\]\.mountPath: 'data' is not valid; expected an absolute path/],
  ['additional volume named dshm', () => ({ props: { additionalVolumes: [volume('dshm', '/x')] } }), /additionalVolumes\[0\]\.volume\.name: 'dshm' is not valid; expected a name not used by another volume/],
  ['additional volume for an unknown container', () => ({ props: { additionalVolumes: [volume('a', '/a', ['exporter'])] } }), /additionalVolumes\[0\]\.targetContainers: 'exporter' is not valid/],
  ['additional volume for all and postgres', () => ({ props: { additionalVolumes: [volume('a', '/a', ['all', 'postgres'])] } }), /additionalVolumes\[0\]\.targetContainers: \["all","postgres"\] is not valid; expected either \['all'\]/],
  ['pgdata subPath that is absolute', () => ({ props: { volume: { subPath: '/data' } } }), /volume\.subPath: '\/data' is not valid; expected a relative path inside the volume/],
  ['pgdata subPath that leaves the volume', () => ({ props: { volume: { subPath: '../data' } } }), /volume\.subPath: '\.\.\/data' is not valid; expected a relative path/],
  ['additional volume subPath that leaves the volume', () => ({ props: { additionalVolumes: [{ ...volume('a', '/a'), subPath: 'x/../../y' }] } }),
    /additionalVolumes\[0\]\.subPath: 'x\/\.\.\/\.\.\/y' is not valid; expected a relative path/],
  ['zero fleet volume size', () => ({ fleet: { volumeSize: Size.mebibytes(0) } }), /fleet\.volumeSize: '0 bytes' is not valid; expected a positive size/],
  ['zero volume size', () => ({ props: { volume: { size: Size.gibibytes(0) } } }), /volume\.size: '0 bytes' is not valid; expected a positive size/],
  ['storage class with underscore', () => ({ props: { volume: { storageClass: 'fast_ssd' } } }), /volume\.storageClass: 'fast_ssd' is not valid; expected a DNS-1123 subdomain/],
  // services
  ['source range that is no CIDR', () => ({ props: { loadBalancer: { master: true, allowedSourceRanges: ['not-a-cidr'] } } }), /loadBalancer\.allowedSourceRanges\[0\]: 'not-a-cidr' is not valid; expected an IPv4 or IPv6 CIDR/],
  ['source range with an octet above 255', () => ({ props: { loadBalancer: { allowedSourceRanges: ['10.0.0.0/8', '300.0.0.0/8'] } } }), /loadBalancer\.allowedSourceRanges\[1\]: '300\.0\.0\.0\/8' is not valid/],
  ['source range with prefix /33', () => ({ props: { loadBalancer: { allowedSourceRanges: ['10.0.0.0/33'] } } }), /loadBalancer\.allowedSourceRanges\[0\]: '10\.0\.0\.0\/33' is not valid/],
  ['IPv6 source range with prefix /129', () => ({ props: { loadBalancer: { allowedSourceRanges: ['2001:db8::/129'] } } }), /loadBalancer\.allowedSourceRanges\[0\]: '2001:db8::\/129' is not valid/],
  ['load balancer with hosted zone but no namespace', () => ({ props: { loadBalancer: { master: true } }, fleet: { dbHostedZone: 'db.example.com' }, namespace: null }),
    /namespace: undefined is not valid; expected a namespace when load balancers get an external-dns hostname/],
  ['bad serviceAnnotations key', () => ({ props: { serviceAnnotations: { 'bad key': 'x' } } }), /serviceAnnotations key: 'bad key' is not valid; expected a label key/],
  ['bad masterServiceAnnotations key', () => ({ props: { masterServiceAnnotations: { '-x': 'y' } } }), /masterServiceAnnotations key: '-x' is not valid/],
  // labels, annotations, namespace
  ['label key with a space', () => ({ props: { labels: { 'bad key': 'x' } } }), /labels key: 'bad key' is not valid; expected a label key/],
  ['label value too long', () => ({ props: { labels: { tier: 'x'.repeat(64) } } }), /labels\['tier'\]: 'x{64}' is not valid; expected a label value/],
  ['fleet label with a bad prefix', () => ({ fleet: { labels: { 'Example.COM/x': 'y' } } }), /labels key: 'Example\.COM\/x' is not valid/],
  ['annotation key with a bang', () => ({ props: { annotations: { 'bad key!': 'x' } } }), /annotations key: 'bad key!' is not valid; expected a label key/],
  ['pod annotation key too long', () => ({ props: { podAnnotations: { ['k'.repeat(64)]: 'x' } } }), /podAnnotations key: 'k{64}' is not valid/],
  ['namespace with capitals and underscore', () => ({ props: { namespace: 'Team_A' } }), /namespace: 'Team_A' is not valid; expected a DNS-1123 label/],
  ['Argo CD tracking label in fleet.clusterLabels', () => ({ fleet: { clusterLabels: { 'application': 'spilo', 'app.kubernetes.io/instance': 'x' } } }),
    /fleet\.clusterLabels: 'app\.kubernetes\.io\/instance' is not valid; expected no GitOps tracking label/],
  ['Argo CD annotation-style tracking label in fleet.clusterLabels', () => ({ fleet: { clusterLabels: { 'argocd.argoproj.io/instance': 'x' } } }),
    /fleet\.clusterLabels: 'argocd\.argoproj\.io\/instance' is not valid/],
  ['Flux tracking label in fleet.clusterLabels', () => ({ fleet: { clusterLabels: { 'kustomize.toolkit.fluxcd.io/name': 'x' } } }), /fleet\.clusterLabels: 'kustomize\.toolkit\.fluxcd\.io\/name' is not valid/],
  ['GitOps tracking label as fleet.clusterNameLabel', () => ({ fleet: { clusterNameLabel: 'app.kubernetes.io/instance' } }), /fleet\.clusterNameLabel: 'app\.kubernetes\.io\/instance' is not valid/],
  ['bad fleet.podRoleLabel', () => ({ fleet: { podRoleLabel: 'role!' } }), /fleet\.podRoleLabel key: 'role!' is not valid/],
  ['bad fleet.nodeReadinessLabel key', () => ({ fleet: { nodeReadinessLabel: { 'lifecycle status': 'ready' } } }), /fleet\.nodeReadinessLabel key: 'lifecycle status' is not valid/],
  ['bad anti-affinity topology key', () => ({ props: { podAntiAffinity: { topologyKey: 'kubernetes.io/host name' } } }), /podAntiAffinity\.topologyKey: 'kubernetes\.io\/host name' is not valid/],
  ['bad fleet anti-affinity topology key', () => ({ fleet: { podAntiAffinity: { topologyKey: '' } } }), /fleet\.podAntiAffinity\.topologyKey: '' is not valid/],
  // tolerations (the API server's rules)
  ['toleration with an unknown operator', () => ({ props: { tolerations: [{ key: 'db', operator: 'In', value: 'x' }] } }), /tolerations\[0\]\.operator: 'In' is not valid; expected 'Equal' or 'Exists'/],
  ['toleration Exists with a value', () => ({ props: { tolerations: [{ key: 'db', operator: 'Exists', value: 'x' }] } }), /tolerations\[0\]\.value: 'x' is not valid; expected no value with operator 'Exists'/],
  ['toleration without key and operator Equal', () => ({ props: { tolerations: [{ value: 'x' }] } }), /tolerations\[0\]\.key: '' is not valid; expected a key/],
  ['toleration with an unknown effect', () => ({ fleet: { tolerations: [{ key: 'db', operator: 'Exists', effect: 'NoRun' }] } }), /fleet\.tolerations\[0\]\.effect: 'NoRun' is not valid/],
  ['tolerationSeconds without NoExecute', () => ({ props: { tolerations: [{ key: 'db', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }] } }),
    /tolerations\[0\]\.tolerationSeconds: 30 is not valid; expected no tolerationSeconds unless effect is 'NoExecute'/],
  ['toleration key with a space', () => ({ props: { tolerations: [{ key: 'dedicated db', operator: 'Exists' }] } }), /tolerations\[0\]\.key: 'dedicated db' is not valid; expected a label key/],
  // resources
  ['hugepages that are no multiple of 2Mi', () => ({ props: { resources: { hugepages2Mi: Size.mebibytes(3) } } }), /resources\.hugepages2Mi: 3Mi is not a positive multiple of the 2Mi page size/],
  ['zero hugepages of 1Gi', () => ({ props: { resources: { hugepages1Gi: Size.gibibytes(0) } } }), /resources\.hugepages1Gi: .* is not a positive multiple of the 1Gi page size/],
  ['CPU limit in fractional millicores', () => ({ props: { resources: { cpuLimit: Cpu.millis(0.5) } } }), /resources\.cpuLimit: '0\.5m' is not valid; expected a whole number of millicores/],
  ['CPU request below a millicore', () => ({ props: { resources: { cpuRequest: Cpu.units(0.0005) } } }), /resources\.cpuRequest: '0\.0005' is not valid; expected a whole number of millicores/],
  ['fractional fleet minimum CPU limit', () => ({ fleet: { resourceThresholds: { minCpuLimit: Cpu.millis(0.25) } } }), /resourceThresholds\.minCpuLimit: '0\.25m' is not valid/],
  // pod
  ['negative runAsUser', () => ({ props: { runAsUser: -1 } }), /runAsUser: -1 is not valid; expected an integer >= 0/],
  ['fractional fleet runAsGroup', () => ({ fleet: { runAsGroup: 1.5 } }), /runAsGroup: 1\.5 is not valid; expected an integer >= 0/],
  ['priority class with underscore', () => ({ props: { priorityClassName: 'db_critical' } }), /priorityClassName: 'db_critical' is not valid; expected a DNS-1123 subdomain/],
  ['scheduler name with capitals', () => ({ props: { schedulerName: 'Stork' } }), /schedulerName: 'Stork' is not valid/],
  ['grace period of half a second', () => ({ props: { terminationGracePeriod: Duration.millis(500) } }), /terminationGracePeriod: '500 millis' is not valid; expected a whole, non-negative number of seconds/],
  ['empty image', () => ({ props: { image: '' } }), /image: '' is not valid; expected a container image reference/],
  ['empty fleet image', () => ({ fleet: { image: ' ' } }), /image: ' ' is not valid; expected a container image reference/],
  // users
  ['replication user equal to the superuser', () => ({ fleet: { replicationUsername: 'postgres' } }), /fleet\.replicationUsername: 'postgres' is not valid; expected a user name other than postgres/],
  ['replication user that is no user name', () => ({ fleet: { replicationUsername: 'Stand By' } }), /fleet\.replicationUsername: 'Stand By' is not valid; expected a user name/],
];

describe('bad input fails at synth time with a message naming the prop', () => {
  test('the table has at least 35 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(35);
  });

  test.each(ROWS)('%s', (_name, input, error) => {
    // GIVEN a bad prop
    // WHEN the cluster is constructed
    // THEN it throws, naming the construct path and the prop
    expect(() => {
      const { props, fleet, namespace } = input();
      construct(props, fleet, namespace);
    }).toThrow(error);
  });

  test('errors carry the construct path', () => {
    // GIVEN / WHEN / THEN
    expect(() => construct({ instances: -1 })).toThrow(/^test\/acid-test: instances: /);
  });
});
