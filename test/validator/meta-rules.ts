/**
 * Metadata rules: object names per kind, namespaces, label and annotation
 * syntax wherever an ObjectMeta occurs (the object, pod templates, claim templates).
 */

import { IssueSink, field } from './issues';
import { isObject } from './json';
import { ANNOTATIONS_MAX_BYTES, dns1123Label, labelValue, objectNameError, qualifiedName } from './names';
import type { Occurrence } from './schema-walk';

/** Name, generateName and namespace of the object itself. */
export function checkObjectMeta(obj: any, namespaced: boolean, sink: IssueSink): void {
  const meta = obj.metadata;
  if (!isObject(meta)) {
    sink.add('metadata', 'meta/name', 'metadata.name is required');
    return;
  }
  const name = meta.name;
  if (typeof name !== 'string' || name === '') {
    // a manifest applied by GitOps needs a fixed name; generateName is only for create
    sink.add('metadata.name', 'meta/name', 'metadata.name is required (generateName cannot be applied idempotently)');
  } else {
    const bad = objectNameError(String(obj.kind), name);
    if (bad) sink.add('metadata.name', 'meta/name', `${JSON.stringify(name)} ${bad}`);
  }
  const ns = meta.namespace;
  if (typeof ns === 'string') {
    if (!namespaced) {
      sink.add('metadata.namespace', 'meta/namespace', `${obj.kind} is cluster-scoped and must not have a namespace`);
    } else {
      const bad = dns1123Label(ns);
      if (bad) sink.add('metadata.namespace', 'meta/namespace', `${JSON.stringify(ns)} ${bad}`);
    }
  }
}

/** Label and annotation syntax of one ObjectMeta occurrence. */
export function checkLabelsAndAnnotations(at: Occurrence, sink: IssueSink): void {
  if (!isObject(at.value)) return;
  checkLabelMap(at.value.labels, field(at.path, 'labels'), sink, 'label');
  const ann = at.value.annotations;
  if (isObject(ann)) {
    let size = 0;
    for (const [k, v] of Object.entries(ann)) {
      const bad = qualifiedName(k);
      if (bad) sink.add(field(field(at.path, 'annotations'), k), 'label/annotation-key', `annotation key ${JSON.stringify(k)}: ${bad}`);
      size += k.length + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
    }
    if (size > ANNOTATIONS_MAX_BYTES) {
      sink.add(field(at.path, 'annotations'), 'label/annotations-size', `annotations total ${size} bytes, the limit is ${ANNOTATIONS_MAX_BYTES}`);
    }
  }
}

/** A map of label key -> value (metadata.labels, matchLabels, Service selector, nodeSelector). */
export function checkLabelMap(labels: unknown, path: string, sink: IssueSink, what: string): void {
  if (!isObject(labels)) return;
  for (const [k, v] of Object.entries(labels)) {
    const at = field(path, k);
    const badKey = qualifiedName(k);
    if (badKey) sink.add(at, 'label/key', `${what} key ${JSON.stringify(k)}: ${badKey}`);
    if (typeof v === 'string') {
      const badValue = labelValue(v);
      if (badValue) sink.add(at, 'label/value', `${what} value ${JSON.stringify(v)}: ${badValue}`);
    }
  }
}

const OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** Syntax of a metav1.LabelSelector: keys, values and operator/values agreement. */
export function checkLabelSelector(at: Occurrence, sink: IssueSink): void {
  if (!isObject(at.value)) return;
  checkLabelMap(at.value.matchLabels, field(at.path, 'matchLabels'), sink, 'selector');
  const exprs = at.value.matchExpressions;
  if (!Array.isArray(exprs)) return;
  exprs.forEach((e, i) => {
    if (!isObject(e)) return;
    const p = `${field(at.path, 'matchExpressions')}[${i}]`;
    if (typeof e.key === 'string') {
      const bad = qualifiedName(e.key);
      if (bad) sink.add(field(p, 'key'), 'label/key', `selector key ${JSON.stringify(e.key)}: ${bad}`);
    }
    const op = e.operator;
    if (typeof op !== 'string' || !OPERATORS.has(op)) {
      sink.add(field(p, 'operator'), 'label/selector-operator', `operator ${JSON.stringify(op)} is not one of In, NotIn, Exists, DoesNotExist`);
      return;
    }
    const values = Array.isArray(e.values) ? e.values : [];
    if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      sink.add(field(p, 'values'), 'label/selector-operator', `operator ${op} needs at least one value`);
    }
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      sink.add(field(p, 'values'), 'label/selector-operator', `operator ${op} must have no values`);
    }
    values.forEach((v: unknown, j: number) => {
      const bad = typeof v === 'string' ? labelValue(v) : undefined;
      if (bad) sink.add(`${field(p, 'values')}[${j}]`, 'label/value', `selector value ${JSON.stringify(v)}: ${bad}`);
    });
  });
}
