import { Tree, valueOf, variable } from './code';
import { InputDocuments } from './documents';
import { Findings } from './findings';
import { mapCluster, MappedCluster } from './map-cluster';
import { compact, mapOperatorConfiguration } from './map-operator-configuration';
import { OperatorSettings } from './operator-settings';
import { FleetDefaults } from '../cluster/fleet-defaults';

/** The manifests as this library's props: one fleet, the clusters, the objects passed through, what was refused. */
export interface Conversion {
  /** `FleetDefaultsProps` (undefined: the library's defaults). */
  readonly fleet?: Tree;
  readonly clusters: MappedCluster[];
  /** Objects of other kinds found among the manifests, passed through unchanged. */
  readonly others: any[];
  readonly findings: Findings;
}

/** Maps the documents and the operator configuration (a document, or none for the operator's defaults). */
export function convertDocuments(inputs: InputDocuments, configuration: any | undefined, lenient: boolean): Conversion {
  const findings = new Findings(lenient);
  const settings = configuration ? OperatorSettings.fromDocument(configuration) : OperatorSettings.defaults();
  const ctx = mapOperatorConfiguration(settings, findings);
  const fleetProps: Record<string, Tree> = { ...ctx.fleet };
  if (ctx.crossNamespaceSecrets) {
    const namespaces = secretNamespaces(inputs.clusters);
    if (namespaces.length) fleetProps.allowedSecretNamespaces = namespaces;
  }
  const fleetTree = compact(fleetProps);
  const fleet = fleetTree ? variable(new FleetDefaults(valueOf(fleetTree)), 'fleet') : undefined;
  const seen = new Set<string>();
  const clusters: MappedCluster[] = [];
  for (const doc of inputs.clusters) {
    const mapped = mapCluster(doc, ctx, fleet, findings);
    const key = `${mapped.namespace ?? ''}/${mapped.name}`;
    if (seen.has(key)) findings.refuse(mapped.source, 'metadata.name', 'a second postgresql resource with this name in this namespace', false);
    seen.add(key);
    clusters.push(mapped);
  }
  return { fleet: fleetTree, clusters, others: inputs.others, findings };
}

/** Namespaces the manifests write credentials into besides their own (`ns.user`, `secretNamespace`). */
function secretNamespaces(docs: any[]): string[] {
  const out = new Set<string>();
  for (const doc of docs) {
    for (const user of Object.keys(doc.spec?.users ?? {})) if (user.includes('.')) out.add(user.split('.')[0]);
    for (const p of Object.values(doc.spec?.preparedDatabases ?? {}) as any[]) if (p?.secretNamespace) out.add(p.secretNamespace);
  }
  return [...out].sort();
}

/** Charts by namespace, in the order namespaces first appear; clusters without a namespace share one chart. */
export function chartsOf(conversion: Conversion): Array<{ id: string; namespace?: string; clusters: MappedCluster[] }> {
  const charts = new Map<string, { id: string; namespace?: string; clusters: MappedCluster[] }>();
  for (const c of conversion.clusters) {
    const id = c.namespace ?? 'clusters';
    if (!charts.has(id)) charts.set(id, { id, ...(c.namespace ? { namespace: c.namespace } : {}), clusters: [] });
    charts.get(id)!.clusters.push(c);
  }
  return [...charts.values()];
}

