// assertProbe on its own: the cluster's livenessProbe prop will reuse it, so its rules are pinned here per kind.
import { k8s } from 'cdk8s-plus-28';
import { assertProbe, ProbeKind } from '../../src/private/probe';
import { PostgresValidationError } from '../../src/private/validation';

const exec = (extra: Partial<k8s.Probe> = {}): k8s.Probe => ({ exec: { command: ['true'] }, ...extra });
const check = (probe: k8s.Probe, kind: ProbeKind, ports?: string[]) => () => assertProbe('p', probe, kind, ports);

describe('assertProbe', () => {
  test('successThreshold above 1 is allowed for readiness only', () => {
    expect(check(exec({ successThreshold: 3 }), 'readiness')).not.toThrow();
    for (const kind of ['liveness', 'startup'] as const) {
      expect(check(exec({ successThreshold: 3 }), kind)).toThrow(new RegExp(`^p\\.successThreshold: 3 is not valid; expected 1 for a ${kind} probe`));
      expect(check(exec({ successThreshold: 1 }), kind)).not.toThrow();
    }
  });

  test('the smallest valid counts pass and one less fails, for every kind (0 stands for the API server\'s default)', () => {
    const smallest = { periodSeconds: 0, timeoutSeconds: 0, failureThreshold: 0, successThreshold: 0, initialDelaySeconds: 0 };
    for (const kind of ['liveness', 'readiness', 'startup'] as const) {
      expect(check(exec(smallest), kind)).not.toThrow();
      for (const [field, min] of Object.entries(smallest)) {
        expect(check(exec({ [field]: min - 1 }), kind)).toThrow(PostgresValidationError);
        expect(check(exec({ [field]: min - 1 }), kind)).toThrow(new RegExp(`^p\\.${field}: ${min - 1} is not valid`));
      }
    }
  });

  test('a probe-level grace period: at least 1 on liveness and startup probes, none on readiness', () => {
    expect(check(exec({ terminationGracePeriodSeconds: 1 }), 'liveness')).not.toThrow();
    expect(check(exec({ terminationGracePeriodSeconds: 1 }), 'startup')).not.toThrow();
    expect(check(exec({ terminationGracePeriodSeconds: 1 }), 'readiness')).toThrow(/^p\.terminationGracePeriodSeconds: 1 is not valid; expected none for a readiness probe/);
  });

  test('named ports: any IANA name without a port list, only the listed ones with it; gRPC takes numbers only', () => {
    const named = (port: string): k8s.Probe => ({ tcpSocket: { port: k8s.IntOrString.fromString(port) } });
    expect(check(named('metrics'), 'liveness')).not.toThrow();
    expect(check(named('metrics'), 'liveness', ['metrics'])).not.toThrow();
    expect(check(named('metrics'), 'liveness', ['web'])).toThrow(/^p\.tcpSocket\.port: 'metrics' is not valid; .* \(web\)$/);
    expect(check(named('Metrics'), 'liveness')).toThrow(/^p\.tcpSocket\.port: 'Metrics' is not valid/);
    expect(check({ grpc: { port: 9000 } }, 'liveness')).not.toThrow();
    expect(check({ grpc: { port: 'x' as any } }, 'liveness')).toThrow(/^p\.grpc\.port: 'x' is not valid; expected a port number from 1 to 65535$/);
  });

  test('a JavaScript caller\'s bare number or string port is read like an IntOrString', () => {
    expect(check({ httpGet: { port: 8080 as any } }, 'readiness')).not.toThrow();
    expect(check({ httpGet: { port: 70000 as any } }, 'readiness')).toThrow(/^p\.httpGet\.port: 70000 is not valid/);
    expect(check({ httpGet: { port: 'web' as any, scheme: 'FTP' } }, 'readiness')).toThrow(/^p\.httpGet\.scheme: 'FTP' is not valid; expected 'HTTP' or 'HTTPS'$/);
  });

  test('an exec command with a newline is refused like a sidecar\'s args', () => {
    expect(check({ exec: { command: ['sh', '-c', 'a\nb'] } }, 'liveness')).toThrow(/^p\.exec\.command\[2\]: 'a\nb' is not valid; expected a string without control characters/);
  });
});
