// The bad-input rows of sidecars live in test/bad-input/rows/sidecar.ts (run by test/bad-input/bad-input.test.ts).
import { Testing } from 'cdk8s';
import { PostgresCluster, PostgresSidecar, PostgresSidecarProps } from '../../src';
import { chartIn, CLUSTER } from '../cluster/fixtures';

const s = (name: string, extra: Partial<PostgresSidecarProps> = {}) => new PostgresSidecar({ name, image: 'example/img:1', ...extra });
const port = (containerPort: number, name?: string) => ({ containerPort, ...(name ? { name } : {}) });

describe('sidecars added after construction are validated', () => {
  test('addSidecar validates at once, naming the sidecar by its position', () => {
    const cluster = new PostgresCluster(chartIn('db'), CLUSTER, { teamId: 'acid', sidecars: [s('a')] });
    expect(() => cluster.addSidecar(s('a'))).toThrow(/sidecars\[1\]\.name: 'a' is not valid; expected a name not used by another of the cluster's sidecars/);
    expect(() => cluster.addSidecar(s('b', { ports: [port(5432)] }))).toThrow(/sidecars\[2\]\.ports\[0\]\.containerPort: 5432/);
  });

  test('a port conflict with a sidecar added later fails at synth time', () => {
    const c = chartIn('db');
    const cluster = new PostgresCluster(c, CLUSTER, { teamId: 'acid', fleet: undefined, sidecars: [s('a', { ports: [port(9100)] })] });
    cluster.addSidecar(s('b', { ports: [{ containerPort: 9100, protocol: 'UDP' }] })); // other protocol: fine
    expect(() => cluster.addSidecar(s('c', { ports: [port(9100)] }))).not.toThrow(); // checked for the whole pod at synth
    expect(() => Testing.synth(c)).toThrow(/sidecars\[2\]\.ports\[0\]\.containerPort: 9100 is not valid; expected a port not used by another sidecar/);
  });

  test('monitoring without a metrics sidecar fails at synth time; enabling it twice fails at once', () => {
    const c = chartIn('db');
    const cluster = new PostgresCluster(c, CLUSTER, { teamId: 'acid', monitoring: {} });
    expect(() => Testing.synth(c)).toThrow(/monitoring: 'enabled' is not valid; expected a sidecar with a metrics port, such as PostgresSidecar\.postgresExporter\(\)/);
    expect(() => cluster.enableMonitoring()).toThrow(/monitoring is already enabled/);
  });
});

describe('JavaScript callers\' wrong types end in the library\'s error, not a TypeError', () => {
  const refusal = (sidecar: PostgresSidecar) => () => new PostgresCluster(chartIn('db'), CLUSTER, { teamId: 'acid', sidecars: [sidecar] });

  test('a sidecar built without props, or with lists that are no lists, is refused at the cluster with its position', () => {
    // the constructor copies what it can and leaves the judging to the cluster, which knows the prop path
    expect(refusal(new PostgresSidecar(undefined as any))).toThrow(/sidecars\[0\]\.name: undefined is not valid; expected a container name/);
    expect(refusal(s('a', { volumeMounts: 'x' as any }))).toThrow(/sidecars\[0\]\.volumeMounts: 'x' is not valid; expected a list/);
    expect(refusal(s('a', { volumes: [null as any] }))).toThrow(/sidecars\[0\]\.volumes\[0\]: null is not valid; expected a volume/);
    expect(refusal(s('a', { ports: [7 as any] }))).toThrow(/sidecars\[0\]\.ports\[0\]: 7 is not valid; expected a container port/);
    expect(refusal(s('a', { env: [null as any] }))).toThrow(/sidecars\[0\]\.env\[0\]: null is not valid; expected an env var/);
    expect(refusal(s('a', { configFiles: { 'a.conf': 'x' }, configMountPath: 5 as any }))).toThrow(/sidecars\[0\]\.configMountPath: 5 is not valid; expected an absolute path/);
  });

  test('the factories take a missing options object as their defaults', () => {
    expect(PostgresSidecar.postgresExporter(null as any).name).toBe('postgres-exporter');
    expect(() => PostgresSidecar.logForwarder(null as any)).toThrow(/^logForwarder\.secretName: undefined is not valid; expected the name of a Secret$/);
  });
});
