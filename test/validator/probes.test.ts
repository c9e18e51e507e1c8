import { statefulSet } from './fixtures';
import { rulesOf } from './helpers';

const AT = 'spec.template.spec.containers[0]';
const withProbes = (probes: Record<string, any>) => {
  const sts = statefulSet();
  Object.assign(sts.spec.template.spec.containers[0], probes);
  return sts;
};
const tcp = { tcpSocket: { port: 5432 } };

describe('probe counts', () => {
  test('accepted: zeros (defaulted), readiness with several successes, a positive probe grace period', () => {
    expect(rulesOf(withProbes({
      livenessProbe: { ...tcp, successThreshold: 1, periodSeconds: 0, terminationGracePeriodSeconds: 10 },
      startupProbe: { ...tcp, successThreshold: 0, failureThreshold: 30 },
      readinessProbe: { ...tcp, successThreshold: 3 },
    }))).toEqual([]);
  });

  test('rejected: negative counts, several successes for liveness/startup, grace periods of 0 or on readiness', () => {
    expect(rulesOf(withProbes({
      livenessProbe: { ...tcp, successThreshold: 2, terminationGracePeriodSeconds: 0 },
      readinessProbe: { ...tcp, timeoutSeconds: -1, terminationGracePeriodSeconds: 10 },
      startupProbe: { ...tcp, successThreshold: 3 },
    }))).toEqual([
      `pod/probe ${AT}.livenessProbe.successThreshold`,
      `pod/probe ${AT}.livenessProbe.terminationGracePeriodSeconds`,
      `pod/probe ${AT}.readinessProbe.timeoutSeconds`,
      `pod/probe ${AT}.readinessProbe.terminationGracePeriodSeconds`,
      `pod/probe ${AT}.startupProbe.successThreshold`,
    ]);
  });
});
