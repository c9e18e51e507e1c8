import { k8s } from 'cdk8s-plus-28';
import {
  assertDns1123Subdomain, assertInteger, assertLabelKey, assertLabelValue, assertOneOf, assertSelectorExpressions, fail,
} from '../../private/validation';

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

/** An env variable prefix or name, as the API server takes it (and not `.` or `..`, or starting with `..`). */
export const ENV_NAME = /^(?!\.\.)(?!\.$)[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** envFrom sources: one of configMapRef/secretRef, named by a DNS subdomain, with an optional env-name prefix. */
export function assertEnvFrom(prop: string, sources: readonly k8s.EnvFromSource[] | undefined): void {
  (sources ?? []).forEach((s, i) => {
    const at = `${prop}[${i}]`;
    if ((s.configMapRef ? 1 : 0) + (s.secretRef ? 1 : 0) !== 1) fail(at, Object.keys(s), 'exactly one of configMapRef and secretRef');
    if (s.configMapRef) assertDns1123Subdomain(`${at}.configMapRef.name`, s.configMapRef.name ?? '');
    if (s.secretRef) assertDns1123Subdomain(`${at}.secretRef.name`, s.secretRef.name ?? '');
    if (s.prefix !== undefined && s.prefix !== '' && !/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(s.prefix)) {
      fail(`${at}.prefix`, s.prefix, 'an env variable name prefix (letters, digits, _, - and ., not starting with a digit)');
    }
  });
}
