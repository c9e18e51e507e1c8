/**
 * ConfigMap and Secret data keys: each becomes a file name when the object is
 * mounted, so the API server allows only [-._a-zA-Z0-9], at most 253
 * characters, and not ".", ".." or a leading "..". A ConfigMap key may be in
 * data or binaryData, not both, and its content totals at most 1 MiB.
 */

import { IssueSink, field } from './issues';
import { isObject } from './json';
import { configMapKey } from './names';

const MAX_BYTES = 1024 * 1024;

function checkKeys(map: unknown, base: string, sink: IssueSink, rule: string): void {
  if (!isObject(map)) return;
  for (const key of Object.keys(map)) {
    const bad = configMapKey(key);
    if (bad) sink.add(field(base, key), rule, `key ${JSON.stringify(key)} ${bad}`);
  }
}

function size(map: unknown, binary: boolean): number {
  if (!isObject(map)) return 0;
  return Object.values(map).reduce((n: number, v) => n + (typeof v === 'string' ? Buffer.byteLength(v, binary ? 'base64' : 'utf8') : 0), 0);
}

export function checkDataKeys(obj: any, sink: IssueSink): void {
  if (obj.apiVersion !== 'v1') return;
  if (obj.kind === 'ConfigMap') {
    checkKeys(obj.data, 'data', sink, 'configmap/key');
    checkKeys(obj.binaryData, 'binaryData', sink, 'configmap/key');
    if (isObject(obj.data) && isObject(obj.binaryData)) {
      for (const key of Object.keys(obj.data)) {
        if (key in obj.binaryData) sink.add(field('data', key), 'configmap/key', `key ${JSON.stringify(key)} is also in binaryData`);
      }
    }
    const total = size(obj.data, false) + size(obj.binaryData, true);
    if (total > MAX_BYTES) sink.add('', 'configmap/size', `data and binaryData total ${total} bytes, the limit is ${MAX_BYTES}`);
  } else if (obj.kind === 'Secret') {
    // stringData is merged into data before validation, so its keys obey the same rule
    checkKeys(obj.data, 'data', sink, 'secret/key');
    checkKeys(obj.stringData, 'stringData', sink, 'secret/key');
  }
}
