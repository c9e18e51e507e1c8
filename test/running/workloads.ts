// What an example's objects ask of a running cluster: the images its pods use, the volumes its StatefulSets
// claim, and the workloads that must become ready.
import { Manifest } from '../apiserver/client';

/** Pod template of a workload kind, or undefined. */
export function podSpecOf(o: Manifest): any | undefined {
  switch (o.kind) {
    case 'StatefulSet': case 'Deployment': case 'Job': return o.spec?.template?.spec;
    case 'CronJob': return o.spec?.jobTemplate?.spec?.template?.spec;
    default: return undefined;
  }
}

export function imagesOf(objects: Manifest[]): string[] {
  const out = new Set<string>();
  for (const o of objects) {
    const spec = podSpecOf(o);
    for (const c of [...spec?.initContainers ?? [], ...spec?.containers ?? []]) out.add(c.image);
  }
  return [...out].sort();
}

export interface Claim {
  readonly namespace: string;
  readonly statefulSet: string;
  readonly template: string;
  readonly storageClass?: string;
  readonly replicas: number;
  readonly size: string;
}

export function claimsOf(objects: Manifest[]): Claim[] {
  return objects.filter(o => o.kind === 'StatefulSet').flatMap(o => (o.spec.volumeClaimTemplates ?? []).map((t: any) => ({
    namespace: o.metadata.namespace!,
    statefulSet: o.metadata.name,
    template: t.metadata.name,
    storageClass: t.spec.storageClassName,
    replicas: o.spec.replicas ?? 1,
    size: t.spec.resources.requests.storage,
  })));
}

/** Quantity in bytes (binary and decimal suffixes; enough for storage requests). */
export function bytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGTPE]i?)?$/.exec(q);
  if (!m) throw new Error(`unsupported quantity ${q}`);
  const unit = m[2] ?? '';
  const pow = ' KMGTPE'.indexOf(unit[0] ?? ' ');
  return Number(m[1]) * (unit.endsWith('i') ? 1024 ** pow : 1000 ** Math.max(pow, 0));
}
