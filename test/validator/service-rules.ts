/**
 * Service rules beyond the schema: port names (DNS labels, unique, required
 * when there are several), named target ports and selector label syntax.
 */

import { IssueSink, field, index } from './issues';
import { isObject } from './json';
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
