import { App, Chart, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { assertValidManifests, ExternalObject, registerCrd } from './validator';
import { thirdPartyCrds } from '../scripts/schema/crds';

// Kinds from External Secrets (and later prometheus-operator) validate against their own CRDs.
for (const crd of thirdPartyCrds()) registerCrd(crd);
import { EXTERNAL_REFERENCE_METADATA, ExternalReference } from '../src/private/external';

/** The namespace's shared scripts ConfigMap (one per chart and namespace, not any cluster's own). */
export function isSharedScripts(o: any): boolean {
  return o.kind === 'ConfigMap' && o.metadata?.name?.startsWith('cdk8s-postgres-scripts-');
}

/** A ConfigMap every cluster of the namespace shares (scripts, hooks, a built-in sidecar's files). */
export function isNamespaceShared(o: any): boolean {
  return o.kind === 'ConfigMap' && o.metadata?.labels?.['app.kubernetes.io/name'] === 'cdk8s-postgres';
}

/**
 * One of the two ConfigMaps every cluster with members has, whatever its props: `<c>-spilo-configuration` (the
 * members' SPILO_CONFIGURATION) and `<c>-dcs-<hash>` (the dynamic configuration Job's input).
 */
export function isClusterConfiguration(o: any): boolean {
  if (o.kind !== 'ConfigMap') return false;
  const name: string = o.metadata?.name ?? '';
  const keys = Object.keys(o.data ?? {});
  return (name.endsWith('-spilo-configuration') && keys.join() === 'SPILO_CONFIGURATION')
    || (/-dcs-[0-9a-f]{6}$/.test(name) && keys.join() === 'dynamic-configuration.json');
}

/** The objects the clusters own: everything but the namespace's shared ConfigMaps. */
export function clusterObjects(objects: any[]): any[] {
  return objects.filter(o => !isNamespaceShared(o));
}

/** Objects our constructs reference but do not emit (declared through construct metadata). */
export function externalReferences(scope: IConstruct): ExternalObject[] {
  const refs: ExternalObject[] = [];
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type === EXTERNAL_REFERENCE_METADATA) refs.push(entry.data as ExternalReference);
    }
  }
  return refs;
}

/** Synthesizes one chart and validates its objects (schema, semantic and our own rules). */
export function synth(target: Chart): any[] {
  const objects = Testing.synth(target);
  assertValidManifests(objects, { external: externalReferences(target) });
  return objects;
}

/** Synthesizes every chart of an app and validates all objects together (duplicates across charts too). */
export function synthApp(app: App): any[] {
  const objects = app.charts.flatMap(c => Testing.synth(c));
  assertValidManifests(objects, { external: externalReferences(app) });
  return objects;
}

export function byKind(objects: any[], kind: string): any[] {
  return objects.filter(o => o.kind === kind);
}

export function named(objects: any[], kind: string, name: string): any {
  const found = objects.find(o => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}; have ${objects.map(o => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** The postgres container of a StatefulSet. */
export function postgresContainer(statefulSet: any): any {
  return statefulSet.spec.template.spec.containers.find((c: any) => c.name === 'postgres');
}

/** Env of a container as an ordered list of [name, value-or-valueFrom]. */
export function envList(container: any): Array<[string, unknown]> {
  return (container.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]);
}

export function envValue(container: any, name: string): string | undefined {
  return (container.env ?? []).find((e: any) => e.name === name)?.value;
}

/**
 * The text of a StatefulSet's `SPILO_CONFIGURATION`, found by following the postgres container's configMapKeyRef to
 * the ConfigMap among `objects` (same namespace), through the document env var when the API has credentials: fails
 * when the env is inline or the reference leads nowhere.
 */
export function spiloConfigurationText(objects: any[], statefulSet: any): string {
  const env = postgresContainer(statefulSet).env ?? [];
  let entry = env.find((e: any) => e.name === 'SPILO_CONFIGURATION');
  // With Patroni REST API authentication, SPILO_CONFIGURATION merges the document from CDK8S_PG_SPILO_CONFIGURATION.
  if (entry?.value?.includes('$(CDK8S_PG_SPILO_CONFIGURATION)')) entry = env.find((e: any) => e.name === 'CDK8S_PG_SPILO_CONFIGURATION');
  const ref = entry?.valueFrom?.configMapKeyRef;
  if (!ref) throw new Error(`SPILO_CONFIGURATION of ${statefulSet.metadata.name} is not from a ConfigMap: ${JSON.stringify(entry)}`);
  const configMap = named(objects.filter(o => o.metadata?.namespace === statefulSet.metadata.namespace), 'ConfigMap', ref.name);
  const text = configMap.data?.[ref.key];
  if (typeof text !== 'string') throw new Error(`ConfigMap ${ref.name} has no key ${ref.key}`);
  return text;
}

/** A StatefulSet's `SPILO_CONFIGURATION` document, read from the ConfigMap its postgres container references. */
export function spiloConfiguration(objects: any[], statefulSet: any): any {
  return JSON.parse(spiloConfigurationText(objects, statefulSet));
}

/** A fresh chart in namespace `ns` (default `db`). */
export function chart(namespace: string | undefined = 'db'): Chart {
  return new Chart(Testing.app(), 'test', namespace ? { namespace } : {});
}
