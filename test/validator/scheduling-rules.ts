/**
 * Scheduling fields the API server checks beyond the schema: nodeSelector
 * labels, priorityClassName, node affinity requirements (operators and their
 * values, keys), preferred-term weights, pod (anti-)affinity topology keys and
 * namespaces, topology spread constraints. Label selectors inside them are
 * checked wherever a LabelSelector occurs (meta-rules.ts).
 */

import { IssueSink, field, index } from './issues';
import { isObject, list } from './json';
import { checkLabelMap } from './meta-rules';
import { dns1123Label, dns1123Subdomain, qualifiedName } from './names';

const RULE = 'pod/scheduling';

function checkWeight(w: unknown, p: string, sink: IssueSink): void {
  if (typeof w === 'number' && (w < 1 || w > 100)) sink.add(p, RULE, `weight ${w} is not in 1-100`);
}

/** A node selector requirement: In/NotIn need values, Exists/DoesNotExist none, Gt/Lt exactly one. */
function checkNodeRequirement(r: Record<string, any>, p: string, sink: IssueSink): void {
  const n = list(r.values).length;
  const op = r.operator;
  if ((op === 'In' || op === 'NotIn') && n === 0) sink.add(field(p, 'values'), RULE, `operator ${op} needs at least one value`);
  if ((op === 'Exists' || op === 'DoesNotExist') && n > 0) sink.add(field(p, 'values'), RULE, `operator ${op} takes no values`);
  if ((op === 'Gt' || op === 'Lt') && n !== 1) sink.add(field(p, 'values'), RULE, `operator ${op} takes exactly one value`);
  if (typeof r.key === 'string') {
    const bad = qualifiedName(r.key);
    if (bad) sink.add(field(p, 'key'), RULE, `key ${JSON.stringify(r.key)}: ${bad}`);
  }
}

/** matchFields select nodes by name only: key metadata.name, operator In or NotIn, one value. */
function checkNodeField(r: Record<string, any>, p: string, sink: IssueSink): void {
  if (r.key !== 'metadata.name') sink.add(field(p, 'key'), RULE, `key ${JSON.stringify(r.key)} is not a node field selector key (metadata.name)`);
  if (r.operator !== 'In' && r.operator !== 'NotIn') sink.add(field(p, 'operator'), RULE, `operator ${JSON.stringify(r.operator)} is not In or NotIn`);
  else if (list(r.values).length !== 1) sink.add(field(p, 'values'), RULE, 'a node field selector takes exactly one value');
}

function checkNodeTerm(term: unknown, p: string, sink: IssueSink): void {
  if (!isObject(term)) return;
  list(term.matchExpressions).forEach((r, i) => { if (isObject(r)) checkNodeRequirement(r, index(field(p, 'matchExpressions'), i), sink); });
  list(term.matchFields).forEach((r, i) => { if (isObject(r)) checkNodeField(r, index(field(p, 'matchFields'), i), sink); });
}

function checkPodAffinityTerm(t: unknown, p: string, sink: IssueSink): void {
  if (!isObject(t)) return;
  const key = typeof t.topologyKey === 'string' ? t.topologyKey : '';
  const bad = key === '' ? 'is required' : qualifiedName(key);
  if (bad) sink.add(field(p, 'topologyKey'), RULE, `topologyKey ${JSON.stringify(key)} ${bad}`);
  list(t.namespaces).forEach((ns, i) => {
    const badNs = typeof ns === 'string' ? dns1123Label(ns) : undefined;
    if (badNs) sink.add(index(field(p, 'namespaces'), i), RULE, `namespace ${JSON.stringify(ns)} ${badNs}`);
  });
}

function checkAffinity(a: unknown, p: string, sink: IssueSink): void {
  if (!isObject(a)) return;
  const REQ = 'requiredDuringSchedulingIgnoredDuringExecution';
  const PREF = 'preferredDuringSchedulingIgnoredDuringExecution';
  const node = a.nodeAffinity;
  if (isObject(node)) {
    const np = field(p, 'nodeAffinity');
    if (isObject(node[REQ])) {
      const terms = list(node[REQ].nodeSelectorTerms);
      if (terms.length === 0) sink.add(field(field(np, REQ), 'nodeSelectorTerms'), RULE, 'needs at least one node selector term');
      terms.forEach((t, i) => checkNodeTerm(t, index(field(field(np, REQ), 'nodeSelectorTerms'), i), sink));
    }
    list(node[PREF]).forEach((t, i) => {
      if (!isObject(t)) return;
      checkWeight(t.weight, field(index(field(np, PREF), i), 'weight'), sink);
      checkNodeTerm(t.preference, field(index(field(np, PREF), i), 'preference'), sink);
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    if (!isObject(a[kind])) continue;
    const kp = field(p, kind);
    list(a[kind][REQ]).forEach((t, i) => checkPodAffinityTerm(t, index(field(kp, REQ), i), sink));
    list(a[kind][PREF]).forEach((t, i) => {
      if (!isObject(t)) return;
      checkWeight(t.weight, field(index(field(kp, PREF), i), 'weight'), sink);
      checkPodAffinityTerm(t.podAffinityTerm, field(index(field(kp, PREF), i), 'podAffinityTerm'), sink);
    });
  }
}

/** maxSkew above 0, a topology key, minDomains (above 0) only with DoNotSchedule; repeats are schema/duplicate-key. */
function checkSpread(constraints: unknown, p: string, sink: IssueSink): void {
  list(constraints).forEach((c, i) => {
    if (!isObject(c)) return;
    const cp = index(p, i);
    if (typeof c.maxSkew === 'number' && c.maxSkew <= 0) sink.add(field(cp, 'maxSkew'), RULE, 'maxSkew must be greater than 0');
    if (c.topologyKey === '') sink.add(field(cp, 'topologyKey'), RULE, 'topologyKey is required');
    if (typeof c.minDomains === 'number') {
      if (c.minDomains <= 0) sink.add(field(cp, 'minDomains'), RULE, 'minDomains must be greater than 0');
      if (c.whenUnsatisfiable !== 'DoNotSchedule') sink.add(field(cp, 'minDomains'), RULE, 'minDomains needs whenUnsatisfiable DoNotSchedule');
    }
  });
}

export function checkScheduling(spec: Record<string, any>, path: string, sink: IssueSink): void {
  checkLabelMap(spec.nodeSelector, field(path, 'nodeSelector'), sink, 'nodeSelector');
  if (typeof spec.priorityClassName === 'string' && spec.priorityClassName !== '') {
    const bad = dns1123Subdomain(spec.priorityClassName);
    if (bad) sink.add(field(path, 'priorityClassName'), RULE, `priorityClassName ${JSON.stringify(spec.priorityClassName)} ${bad}`);
  }
  checkAffinity(spec.affinity, field(path, 'affinity'), sink);
  checkSpread(spec.topologySpreadConstraints, field(path, 'topologySpreadConstraints'), sink);
}
