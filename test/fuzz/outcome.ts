// Runs one fuzz case: either the library refuses it with a PostgresValidationError whose subject names a public prop,
// or it synthesizes manifests that the test validator accepts with zero issues. Anything else is a failure.
import { Chart, Testing } from 'cdk8s';
import { FuzzCase } from './props-arbitrary';
import { FleetDefaults, PostgresCluster } from '../../src';
import { PostgresValidationError } from '../../src/private/validation';
import { externalReferences } from '../util';
import { ManifestIssue, validateManifests } from '../validator';

export type Outcome =
  | { readonly kind: 'accepted'; readonly objects: any[] }
  | { readonly kind: 'refused'; readonly prop: string }
  | { readonly kind: 'known'; readonly finding: string }
  | { readonly kind: 'failure'; readonly reason: string };

/**
 * Invalid manifests the fuzz found whose fix belongs in files this suite does not own (reported to their owners).
 * Matched narrowly by rule and path, so any other invalid manifest still fails; delete an entry once fixed.
 */
export const KNOWN_FINDINGS: ReadonlyArray<{ readonly id: string; readonly fix: string; readonly matches: (issue: ManifestIssue) => boolean }> = [
];

/** The subject of a refusal must start with a prop name (possibly under fleet.), as `<prop>...: ` or `<prop>, <prop>: `. */
export function refusedProp(message: string, propNames: ReadonlySet<string>): string | undefined {
  const subject = message.replace(/^fuzz\/acid-fuzz: /, '').split(': ')[0];
  const first = /^(?:fleet\.)?([a-zA-Z]+)/.exec(subject)?.[1];
  return first !== undefined && propNames.has(first) ? first : undefined;
}

export function runCase(c: FuzzCase, propNames: ReadonlySet<string>): Outcome {
  let chart: Chart;
  let objects: any[];
  try {
    const fleet = c.fleet();
    chart = new Chart(Testing.app(), 'fuzz', c.namespace === undefined ? {} : { namespace: c.namespace });
    new PostgresCluster(chart, 'acid-fuzz', { teamId: 'acid', ...c.props(), ...(fleet ? { fleet: new FleetDefaults(fleet) } : {}) });
    objects = Testing.synth(chart);
  } catch (e) {
    if (!(e instanceof PostgresValidationError)) return { kind: 'failure', reason: `${(e as Error)?.name}: ${(e as Error)?.message}`.slice(0, 500) };
    const prop = refusedProp(e.message, propNames);
    return prop ? { kind: 'refused', prop } : { kind: 'failure', reason: `unclear error: ${e.message.slice(0, 500)}` };
  }
  const issues = validateManifests(objects, { external: externalReferences(chart), defaultNamespace: c.namespace });
  // known only when every issue is one of the known findings
  const known = issues.map(i => KNOWN_FINDINGS.find(f => f.matches(i))?.id);
  if (issues.length > 0 && known.every(id => id !== undefined)) return { kind: 'known', finding: [...new Set(known)].sort().join(' + ') };
  if (issues.length > 0) return { kind: 'failure', reason: `invalid manifests: ${JSON.stringify(issues).slice(0, 800)}` };
  return { kind: 'accepted', objects };
}
