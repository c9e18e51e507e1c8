import { services } from './fixtures';
import { rulesOf } from './helpers';
import { cidrError } from './service-rules';

/** The primary Service as a load balancer, as the library emits it with allowedSourceRanges. */
function loadBalancer(): any {
  const svc = services()[0];
  Object.assign(svc.spec, { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', ' 192.168.1.0/24', 'fd00::/8'], externalTrafficPolicy: 'Local' });
  return svc;
}

describe('Service types and their fields', () => {
  test('CIDRs: IPv4 or IPv6 with a prefix, spaces and host bits tolerated', () => {
    for (const ok of ['10.0.0.0/8', ' 10.1.2.3/16 ', '010.0.0.0/8', '::/0', 'fd00::1/64']) expect(cidrError(ok)).toBeUndefined();
    for (const bad of ['10.0.0.0', '10.0.0.256/8', '10.0.0.0/33', 'fd00::/129', 'example.com/8', '']) expect(cidrError(bad)).toBeDefined();
  });

  test('a load balancer with source ranges and a traffic policy is accepted; a bad range is not', () => {
    const svc = loadBalancer();
    expect(rulesOf(svc)).toEqual([]);
    svc.spec.loadBalancerSourceRanges.push('10.0.0.0/33');
    expect(rulesOf(svc)).toEqual(['service/type spec.loadBalancerSourceRanges[3]']);
  });

  test('load-balancer fields on a ClusterIP Service', () => {
    const svc = loadBalancer();
    svc.spec.type = 'ClusterIP';
    svc.spec.allocateLoadBalancerNodePorts = true;
    svc.spec.ports[0].nodePort = 30432;
    expect(rulesOf(svc)).toEqual([
      'service/type spec.ports[0].nodePort',
      'service/type spec.loadBalancerSourceRanges',
      'service/type spec.allocateLoadBalancerNodePorts',
      'service/type spec.externalTrafficPolicy',
    ]);
  });

  test('ports required unless headless; headless is not for load balancers; the kubelet port stays private', () => {
    const svc = services()[0];
    svc.spec.ports = [];
    expect(rulesOf(svc)).toEqual(['service/type spec.ports']);
    svc.spec.clusterIP = 'None';
    expect(rulesOf(svc)).toEqual([]);
    const lb = loadBalancer();
    lb.spec.clusterIP = 'None';
    lb.spec.ports[0].port = 10250;
    expect(rulesOf(lb)).toEqual(['service/type spec.clusterIP', 'service/type spec.ports[0].port']);
  });

  test('the ClientIP affinity timeout is 1-86400; without ClientIP the config is dropped, not refused', () => {
    const svc = services()[0];
    svc.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 0 } };
    expect(rulesOf(svc)).toEqual([]);
    svc.spec.sessionAffinity = 'ClientIP';
    expect(rulesOf(svc)).toEqual(['service/type spec.sessionAffinityConfig.clientIP.timeoutSeconds']);
    svc.spec.sessionAffinityConfig.clientIP.timeoutSeconds = 86400;
    expect(rulesOf(svc)).toEqual([]);
  });
});
