// Steps shared by the API-server tier tests: synth an example, place its objects, apply them, report warnings.
import { mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { ApiError, describe, Manifest } from './client';
import { Target } from './target';

export type Build = (app: App, options?: { upgrade?: boolean }) => Chart[];

export function synth(build: Build, options: { upgrade?: boolean } = {}): Manifest[] {
  return build(Testing.app(), options).flatMap(chart => chart.toJson() as Manifest[]);
}

/** `Kind namespace/name` plus the API group, unique within one apply. */
export const keyOf = (o: Manifest) => `${o.apiVersion.split('/').slice(0, -1).join('/')} ${describe(o)}`;

/** Objects of namespaced kinds without a namespace go to `defaultNamespace`; the originals are not changed. */
export async function place(target: Target, objects: Manifest[], defaultNamespace: string): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const o of objects) {
    const needs = !o.metadata.namespace && await target.client.isNamespaced(o);
    out.push(needs ? { ...o, metadata: { ...o.metadata, namespace: defaultNamespace } } : o);
  }
  // Namespaces first, so an example's own Namespace exists before what goes into it.
  return [...out.filter(o => o.kind === 'Namespace'), ...out.filter(o => o.kind !== 'Namespace')];
}

/**
 * Every namespace the objects live in, declare, or bind a subject from (a RoleBinding in `reporting` for a
 * ServiceAccount in `orders` needs both), sorted.
 */
export const namespacesOf = (objects: Manifest[]) => [...new Set(objects.flatMap(o => [
  ...(o.kind === 'Namespace' && o.apiVersion === 'v1' ? [o.metadata.name] : []),
  ...(o.metadata.namespace ? [o.metadata.namespace] : []),
  ...(o.apiVersion === 'rbac.authorization.k8s.io/v1' && /^(Cluster)?RoleBinding$/.test(o.kind)
    ? ((o.subjects ?? []) as any[]).filter(s => s.kind === 'ServiceAccount' && s.namespace).map(s => s.namespace as string)
    : []),
]))].sort();

export interface ApplyResult {
  /** Server's answer per object (keyOf). */
  readonly applied: Map<string, any>;
  readonly failures: string[];
  readonly warnings: { object: string; warning: string }[];
}

/**
 * Applies every object (server-side apply), collecting rejections and warnings instead of stopping at the first.
 * Warnings are printed under `label` (undefined: collected only, e.g. for a re-apply that repeats them).
 */
export async function applyAll(target: Target, label: string | undefined, objects: Manifest[]): Promise<ApplyResult> {
  const result: ApplyResult = { applied: new Map(), failures: [], warnings: [] };
  for (const obj of objects) {
    let warnings: string[] = [];
    try {
      const reply = await target.client.apply(obj);
      warnings = reply.warnings;
      result.applied.set(keyOf(obj), reply.body);
      target.namespaces.track(obj);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      warnings = e.warnings;
      result.failures.push(e.message);
    }
    for (const warning of warnings) result.warnings.push({ object: describe(obj), warning });
  }
  if (label && result.warnings.length) {
    console.log(`${label}: ${result.warnings.length} warning(s) from the API server\n`
      + result.warnings.map(w => `  ${w.object}: ${w.warning}`).join('\n'));
  }
  return result;
}

/** Keeps every warning of the run in test-reports/ so CI can show them without scraping the log. */
export class WarningLog {
  private readonly entries: { example: string; step: string; object: string; warning: string }[] = [];

  add(example: string, step: string, warnings: { object: string; warning: string }[]): void {
    this.entries.push(...warnings.map(w => ({ example, step, ...w })));
  }

  write(name: string): void {
    const dir = resolve(__dirname, '..', '..', 'test-reports');
    mkdirSync(dir, { recursive: true });
    const version = process.env.CDK8S_PG_TEST_KUBE_VERSION ?? (process.env.KUBECONFIG ? 'kubeconfig' : 'local');
    writeFileSync(join(dir, `${name}-${version}.json`), JSON.stringify(this.entries, null, 2) + '\n');
  }
}
