// Valid sidecar input that the bad-input checks must keep accepting; build() also runs the manifest validator.
import { k8s } from 'cdk8s-plus-28';
import { PostgresSidecar, PostgresSidecarProps } from '../../src';
import { build } from '../cluster/fixtures';
import { envList } from '../util';

const sidecar = (extra: Partial<PostgresSidecarProps>) => new PostgresSidecar({ name: 'shipper', image: 'example/img:1', ...extra });
const container = (podSpec: any, name = 'shipper') => podSpec.containers.find((c: any) => c.name === name);

describe('valid sidecar input is still accepted', () => {
  test('env names with dots, dashes, underscores and inner dots pass unchanged', () => {
    const names = ['my.var-1', '_X', '-a', 'a..b', 'A.'];
    const { podSpec } = build({ sidecars: [sidecar({ env: names.map(name => ({ name, value: 'v' })) })] });
    expect(envList(container(podSpec)).slice(2).map(([name]) => name)).toEqual(names);
  });

  test('env from Secret and ConfigMap keys, and envFrom with a prefix and dotted names', () => {
    const { podSpec } = build({
      sidecars: [sidecar({
        env: [
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'my.secret', key: 'api_key.v1' } } },
          { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'conf', key: '.hidden' } } },
        ],
        envFrom: [{ prefix: 'APP_', configMapRef: { name: 'app.config' } }, { secretRef: { name: 'app-secret' } }],
      })],
    });
    const c = container(podSpec);
    expect(envList(c).slice(2)).toEqual([
      ['TOKEN', { secretKeyRef: { name: 'my.secret', key: 'api_key.v1' } }],
      ['LEVEL', { configMapKeyRef: { name: 'conf', key: '.hidden' } }],
    ]);
    expect(c.envFrom).toEqual([{ prefix: 'APP_', configMapRef: { name: 'app.config' } }, { secretRef: { name: 'app-secret' } }]);
  });

  test('command and args with spaces, quotes, $(VAR) references and non-ASCII text', () => {
    const args = ['--label=a b', "--quote='x'", '$(POD_NAME)', '--name=Grüße'];
    const { podSpec } = build({ sidecars: [sidecar({ command: ['/bin/app', 'run'], args })] });
    expect(container(podSpec).command).toEqual(['/bin/app', 'run']);
    expect(container(podSpec).args).toEqual(args);
  });

  test('a readiness probe needing 3 successes, a liveness probe with its own grace period, a startup probe on a named port', () => {
    const readinessProbe: k8s.Probe = { httpGet: { path: '/ready', port: k8s.IntOrString.fromString('web') }, successThreshold: 3, initialDelaySeconds: 0 };
    const livenessProbe: k8s.Probe = { exec: { command: ['sh', '-c', 'test -f /tmp/ok'] }, terminationGracePeriodSeconds: 30, successThreshold: 1 };
    const startupProbe: k8s.Probe = { tcpSocket: { port: k8s.IntOrString.fromString('web') }, failureThreshold: 30, periodSeconds: 2 };
    const { podSpec } = build({ sidecars: [sidecar({ ports: [{ name: 'web', containerPort: 9100 }], readinessProbe, livenessProbe, startupProbe })] });
    const c = container(podSpec);
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'web' }, successThreshold: 3, initialDelaySeconds: 0 });
    expect(c.livenessProbe).toEqual({ exec: { command: ['sh', '-c', 'test -f /tmp/ok'] }, terminationGracePeriodSeconds: 30, successThreshold: 1 });
    expect(c.startupProbe).toEqual({ tcpSocket: { port: 'web' }, failureThreshold: 30, periodSeconds: 2 });
  });

  test('a gRPC probe on a port number', () => {
    const { podSpec } = build({ sidecars: [sidecar({ ports: [{ containerPort: 9000 }], livenessProbe: { grpc: { port: 9000, service: 'health' } } })] });
    expect(container(podSpec).livenessProbe).toEqual({ grpc: { port: 9000, service: 'health' } });
  });

  test('config files under an absolute configMountPath, with dotted keys', () => {
    const { podSpec } = build({ sidecars: [sidecar({ configFiles: { 'app.conf': 'a=1', '.env': 'B=2' }, configMountPath: '/etc/app' })] });
    expect(container(podSpec).volumeMounts[0]).toEqual({ name: 'shipper-config', mountPath: '/etc/app', readOnly: true });
  });

  test('log forwarder Secret keys with dots and underscores, in a dotted Secret name', () => {
    const { podSpec } = build({ sidecars: [PostgresSidecar.logForwarder({ secretName: 'logs.example', hostKey: 'log.host', apiKeyKey: 'API_KEY' })] });
    expect(envList(container(podSpec, 'log-forwarder')).slice(2)).toEqual([
      ['LOG_HOST', { secretKeyRef: { name: 'logs.example', key: 'log.host' } }],
      ['LOG_API_KEY', { secretKeyRef: { name: 'logs.example', key: 'API_KEY' } }],
    ]);
  });

  test('exporter flags with = and spaces inside one flag', () => {
    const extraArgs = ['--collector.stat_statements', '--log.level=debug', '--web.telemetry-path=/metrics x'];
    const { podSpec } = build({ sidecars: [PostgresSidecar.postgresExporter({ extraArgs })] });
    expect(container(podSpec, 'postgres-exporter').args).toEqual(['--web.listen-address=:9187', ...extraArgs]);
  });
});
