// Third-party CRDs (External Secrets: ExternalSecret, Password) installed before examples are applied, so objects
// of those kinds are validated by the server against the projects' own schemas, exactly as in a cluster running them.
import { KubeClient, Manifest } from './client';
import { thirdPartyCrds } from '../../scripts/schema/crds';

const CRD_MANAGER = 'cdk8s-postgres-test-tier';
const VERSION_SCHEMA = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion';
const reported = new Set<string>();

const established = (crd: any) =>
  (crd?.status?.conditions as any[] | undefined)?.some(c => c.type === 'Established' && c.status === 'True') ?? false;

/** The served group versions of a CRD (`group/version`), which discovery must list before objects can be applied. */
const servedVersions = (crd: Manifest) =>
  (crd.spec.versions as any[]).filter(v => v.served).map(v => `${crd.spec.group}/${v.name}`);

/** Fields of spec.versions[] this server knows, from its OpenAPI v3 document of apiextensions.k8s.io/v1. */
async function knownVersionFields(client: KubeClient): Promise<Set<string>> {
  const index = await client.request('GET', '/openapi/v3');
  const url = index.body?.paths?.['apis/apiextensions.k8s.io/v1']?.serverRelativeURL;
  if (index.status !== 200 || !url) throw new Error(`/openapi/v3: HTTP ${index.status}, no apiextensions.k8s.io/v1`);
  const doc = await client.request('GET', url);
  const props = doc.body?.components?.schemas?.[VERSION_SCHEMA]?.properties;
  if (doc.status !== 200 || !props) throw new Error(`${url}: HTTP ${doc.status}, no ${VERSION_SCHEMA}`);
  return new Set(Object.keys(props));
}

/**
 * A CRD as this server can take it. The CRDs are the projects' files, not ours, and may use fields newer than the
 * server (`selectableFields` is 1.30+; ESO sets it): such a field is left out, as a non-strict install (Helm) ends up
 * with; server-side apply refuses it outright, even under fieldValidation=Warn.
 */
function forServer(crd: Manifest, known: Set<string>): Manifest {
  const versions = (crd.spec.versions as any[]).map(v => {
    const unknown = Object.keys(v).filter(k => !known.has(k));
    const note = `CRD ${crd.metadata.name} ${v.name}: left out ${unknown.join(', ')} (unknown to this API server)`;
    if (unknown.length && !reported.has(note)) { reported.add(note); console.log(note); }
    return Object.fromEntries(Object.entries(v).filter(([k]) => known.has(k)));
  });
  return { ...crd, spec: { ...crd.spec, versions } };
}

/**
 * Installs every CRD of thirdPartyCrds() and waits until each is Established and its kind is in discovery.
 * On our own server the CRDs are applied (idempotent); on a cluster of KUBECONFIG an existing CRD is left as it
 * is (its operator owns it) and only missing ones are created.
 */
export async function installThirdPartyCrds(client: KubeClient, local: boolean, timeoutMs = 60_000): Promise<string[]> {
  const crds = thirdPartyCrds() as Manifest[];
  const known = await knownVersionFields(client);
  for (const crd of crds) {
    if (!local && await client.get(crd)) continue;
    await client.apply(forServer(crd, known), { fieldManager: CRD_MANAGER });
  }
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    for (;;) {
      const current = await client.get(crd);
      if (established(current) && await inDiscovery(client, crd)) break;
      if (Date.now() > deadline) {
        throw new Error(`CRD ${crd.metadata.name} not Established and discoverable after ${timeoutMs} ms: `
          + JSON.stringify(current?.status?.conditions ?? []));
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }
  return crds.map(c => c.metadata.name);
}

async function inDiscovery(client: KubeClient, crd: Manifest): Promise<boolean> {
  for (const gv of servedVersions(crd)) {
    const r = await client.request('GET', `/apis/${gv}`);
    if (r.status !== 200) return false;
    if (!(r.body.resources as any[]).some(res => res.kind === crd.spec.names.kind)) return false;
  }
  return true;
}
