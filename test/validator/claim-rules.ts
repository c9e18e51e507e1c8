/**
 * PersistentVolumeClaim specs, standalone and as StatefulSet claim templates:
 * at least one access mode (ReadWriteOncePod alone), a positive storage
 * request, a DNS-1123 storage class name. The API server checks claim
 * templates from some version after 1.28 (1.34 measured); 1.28 stores them
 * and the StatefulSet controller then fails to create the claims, so the
 * rule holds for both.
 */

import { IssueSink, field, index } from './issues';
import { isObject, list } from './json';
import { dns1123Subdomain } from './names';
import { quantityValue } from './quantity';

const RULE = 'pvc/spec';

function checkClaimSpec(spec: unknown, p: string, sink: IssueSink): void {
  if (!isObject(spec)) return;
  const modes = list(spec.accessModes);
  if (modes.length === 0) sink.add(field(p, 'accessModes'), RULE, 'at least one access mode is required');
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) sink.add(field(p, 'accessModes'), RULE, 'ReadWriteOncePod cannot be combined with other access modes');
  const storage = isObject(spec.resources) && isObject(spec.resources.requests) ? spec.resources.requests.storage : undefined;
  if (storage === undefined || storage === null) {
    sink.add(field(field(p, 'resources'), 'requests'), RULE, 'a storage request is required');
  } else {
    const v = quantityValue(storage);
    if (v !== undefined && v <= 0) sink.add(field(field(field(p, 'resources'), 'requests'), 'storage'), RULE, 'the storage request must be greater than 0');
  }
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '') {
    const bad = dns1123Subdomain(spec.storageClassName);
    if (bad) sink.add(field(p, 'storageClassName'), RULE, `storageClassName ${JSON.stringify(spec.storageClassName)} ${bad}`);
  }
}

export function checkClaims(obj: any, sink: IssueSink): void {
  if (obj.apiVersion === 'v1' && obj.kind === 'PersistentVolumeClaim') checkClaimSpec(obj.spec, 'spec', sink);
  if (obj.apiVersion === 'apps/v1' && obj.kind === 'StatefulSet') {
    list(obj.spec?.volumeClaimTemplates).forEach((t, i) => checkClaimSpec(t?.spec, field(index('spec.volumeClaimTemplates', i), 'spec'), sink));
  }
}
