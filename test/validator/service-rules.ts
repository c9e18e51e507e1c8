/**
 * Service rules beyond the schema: port names (DNS labels, unique, required
 * when there are several), named target ports, selector label syntax, and the
 * fields that belong to some Service types only (node ports, load-balancer
 * source ranges as CIDRs, traffic policies), the ClientIP affinity timeout.
 */

import { isIPv6 } from 'net';
import { IssueSink, field, index } from './issues';
import { isObject, list } from './json';
import { checkLabelMap } from './meta-rules';
import { dns1123Label, ianaSvcName } from './names';

export function checkService(obj: any, sink: IssueSink): void {
  if (obj.kind !== 'Service' || obj.apiVersion !== 'v1' || !isObject(obj.spec)) return;
  const spec = obj.spec;
  checkLabelMap(spec.selector, 'spec.selector', sink, 'selector');
  const ports: unknown[] = Array.isArray(spec.ports) ? spec.ports : [];
  const names = new Map<string, string>();
  ports.forEach((port, i) => {
    if (!isObject(port)) return;
    const p = index('spec.ports', i);
    if (typeof port.name !== 'string' || port.name === '') {
      if (ports.length > 1) sink.add(field(p, 'name'), 'service/port-name', 'a name is required when a Service has more than one port');
    } else {
      const bad = dns1123Label(port.name);
      if (bad) sink.add(field(p, 'name'), 'service/port-name', `port name ${JSON.stringify(port.name)} ${bad}`);
      const first = names.get(port.name);
      if (first) sink.add(field(p, 'name'), 'service/duplicate-port-name', `port name ${JSON.stringify(port.name)} is already used at ${first}`);
      else names.set(port.name, p);
    }
    if (typeof port.port === 'number' && (port.port < 1 || port.port > 65535)) {
      sink.add(field(p, 'port'), 'service/port-range', `port ${port.port} is not in 1-65535`);
    }
    const target = port.targetPort;
    if (typeof target === 'string') {
      const bad = ianaSvcName(target);
      if (bad) sink.add(field(p, 'targetPort'), 'service/target-port', `named targetPort ${JSON.stringify(target)} ${bad}`);
    } else if (typeof target === 'number' && (target < 1 || target > 65535)) {
      sink.add(field(p, 'targetPort'), 'service/target-port', `targetPort ${target} is not in 1-65535`);
    }
  });
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** "address/prefix", spaces around allowed, leading zeros too (the API server parses CIDRs leniently). */
export function cidrError(s: string): string | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s.trim());
  if (!m) return 'is not a CIDR like 10.0.0.0/8';
  const v4 = IPV4.exec(m[1]);
  if (v4) {
    if (v4.slice(1).some((o) => Number(o) > 255)) return 'has an IPv4 octet above 255';
    return Number(m[2]) > 32 ? 'has an IPv4 prefix above 32' : undefined;
  }
  if (!isIPv6(m[1])) return 'is not a CIDR like 10.0.0.0/8';
  return Number(m[2]) > 128 ? 'has an IPv6 prefix above 128' : undefined;
}

const EXTERNAL_TYPES = ['NodePort', 'LoadBalancer'];

/** Fields that only some Service types take, and what those types require. */
export function checkServiceType(obj: any, sink: IssueSink): void {
  if (obj.kind !== 'Service' || obj.apiVersion !== 'v1' || !isObject(obj.spec)) return;
  const spec = obj.spec;
  const type = spec.type || 'ClusterIP';
  const headless = spec.clusterIP === 'None';
  if (list(spec.ports).length === 0 && !headless && type !== 'ExternalName') sink.add('spec.ports', 'service/type', 'a Service needs at least one port unless it is headless');
  if (headless && EXTERNAL_TYPES.includes(type)) sink.add('spec.clusterIP', 'service/type', `a ${type} Service cannot be headless`);
  list(spec.ports).forEach((port, i) => {
    if (!isObject(port)) return;
    if (type === 'ClusterIP' && typeof port.nodePort === 'number' && port.nodePort !== 0) sink.add(field(index('spec.ports', i), 'nodePort'), 'service/type', 'a ClusterIP Service has no node ports');
    // 1.28 refuses it; 1.34 no longer does
    if (type === 'LoadBalancer' && port.port === 10250) sink.add(field(index('spec.ports', i), 'port'), 'service/type', 'port 10250 is the kubelet\'s and may not be exposed by a load balancer');
  });
  const ranges = list(spec.loadBalancerSourceRanges);
  if (ranges.length > 0 && type !== 'LoadBalancer') sink.add('spec.loadBalancerSourceRanges', 'service/type', 'loadBalancerSourceRanges are only for type LoadBalancer');
  ranges.forEach((r, i) => {
    const bad = typeof r === 'string' ? cidrError(r) : undefined;
    if (bad) sink.add(index('spec.loadBalancerSourceRanges', i), 'service/type', `${JSON.stringify(r)} ${bad}`);
  });
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && type !== 'LoadBalancer') {
    sink.add('spec.allocateLoadBalancerNodePorts', 'service/type', 'allocateLoadBalancerNodePorts is only for type LoadBalancer');
  }
  // "" is unset; NodePort and LoadBalancer Services get Cluster by default
  if (typeof spec.externalTrafficPolicy === 'string' && spec.externalTrafficPolicy !== '' && !EXTERNAL_TYPES.includes(type)) {
    sink.add('spec.externalTrafficPolicy', 'service/type', 'externalTrafficPolicy is only for types NodePort and LoadBalancer');
  }
  // without ClientIP affinity the API server drops sessionAffinityConfig, so only then is its timeout checked
  const timeout = spec.sessionAffinity === 'ClientIP' ? spec.sessionAffinityConfig?.clientIP?.timeoutSeconds : undefined;
  if (typeof timeout === 'number' && (timeout < 1 || timeout > 86400)) sink.add('spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'service/type', `${timeout} is not in 1-86400`);
}
