import { k8s } from 'cdk8s-plus-28';
import {
  assertInteger, assertLabelKey, assertLabelValue, assertOneOf, assertSelectorExpressions, fail,
} from './validation';

/** Node affinity as the API server checks it: required terms exist and are not empty; weights 1-100. */
export function assertNodeAffinity(prop: string, affinity: k8s.NodeAffinity | undefined): void {
  if (!affinity) return;
  const required = affinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    const at = `${prop}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    if (!required.nodeSelectorTerms?.length) fail(at, required.nodeSelectorTerms ?? [], 'at least one term (an empty list matches no node)');
    required.nodeSelectorTerms.forEach((t, i) => assertNodeSelectorTerm(`${at}[${i}]`, t));
  }
  (affinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((p, i) => {
    const at = `${prop}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    assertInteger(`${at}.weight`, p.weight, 1, 100);
    assertNodeSelectorTerm(`${at}.preference`, p.preference);
  });
}

function assertNodeSelectorTerm(prop: string, term: k8s.NodeSelectorTerm): void {
  (term.matchExpressions ?? []).forEach((e, i) => {
    const at = `${prop}.matchExpressions[${i}]`;
    assertLabelKey(`${at}.key`, e.key);
    assertOneOf(`${at}.operator`, e.operator, ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);
    const values = e.values ?? [];
    if (['In', 'NotIn'].includes(e.operator) && values.length === 0) fail(`${at}.values`, values, `at least one value with operator '${e.operator}'`);
    if (['Exists', 'DoesNotExist'].includes(e.operator) && values.length > 0) fail(`${at}.values`, values, `no values with operator '${e.operator}'`);
    if (['Gt', 'Lt'].includes(e.operator) && (values.length !== 1 || !/^-?\d+$/.test(values[0]))) fail(`${at}.values`, values, `one integer with operator '${e.operator}'`);
    values.forEach((v, j) => { if (['In', 'NotIn'].includes(e.operator)) assertLabelValue(`${at}.values[${j}]`, v); });
  });
  (term.matchFields ?? []).forEach((e, i) => {
    const at = `${prop}.matchFields[${i}]`;
    if (e.key !== 'metadata.name') fail(`${at}.key`, e.key, "'metadata.name', the only node field a selector may use");
    assertOneOf(`${at}.operator`, e.operator, ['In', 'NotIn']);
    if ((e.values ?? []).length !== 1) fail(`${at}.values`, e.values ?? [], 'exactly one node name');
  });
}

/** Topology spread constraints as the API server checks them. */
export function assertSpreadConstraints(prop: string, constraints: readonly k8s.TopologySpreadConstraint[] | undefined): void {
  (constraints ?? []).forEach((c, i) => {
    const at = `${prop}[${i}]`;
    assertInteger(`${at}.maxSkew`, c.maxSkew, 1, 2 ** 31 - 1);
    assertLabelKey(`${at}.topologyKey`, c.topologyKey);
    assertOneOf(`${at}.whenUnsatisfiable`, c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']);
    if (c.minDomains !== undefined) {
      assertInteger(`${at}.minDomains`, c.minDomains, 1, 2 ** 31 - 1);
      if (c.whenUnsatisfiable !== 'DoNotSchedule') fail(`${at}.minDomains`, c.minDomains, "no minDomains unless whenUnsatisfiable is 'DoNotSchedule'");
    }
    assertOneOf(`${at}.nodeAffinityPolicy`, c.nodeAffinityPolicy, ['Honor', 'Ignore']);
    assertOneOf(`${at}.nodeTaintsPolicy`, c.nodeTaintsPolicy, ['Honor', 'Ignore']);
    assertSelectorExpressions(`${at}.labelSelector.matchExpressions`, c.labelSelector?.matchExpressions);
    for (const [key, value] of Object.entries(c.labelSelector?.matchLabels ?? {})) {
      assertLabelKey(`${at}.labelSelector.matchLabels key`, key);
      assertLabelValue(`${at}.labelSelector.matchLabels['${key}']`, value);
    }
  });
}
