// Stand-ins for what a cluster running an example would get from outside the app: the External Secrets operator's
// Secrets, cert-manager's certificates, and the Secrets and ConfigMaps a team provides. Each is created only when absent.
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RunningTarget } from './target';
import { ExternalReference } from '../../src/private/external';
import { Manifest } from '../apiserver/client';

/** Stand-in for the External Secrets operator: the Secret each generator-backed ExternalSecret would produce. */
export async function externalSecretStandIns(target: RunningTarget, objects: Manifest[]): Promise<number> {
  let n = 0;
  for (const es of objects.filter(o => o.kind === 'ExternalSecret')) {
    const ns = es.metadata.namespace!;
    const name = es.spec.target?.name ?? es.metadata.name;
    if ((await target.client.request('GET', `/api/v1/namespaces/${ns}/secrets/${name}`)).status === 200) continue;
    const password = randomBytes(48).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 40);
    const data = Object.fromEntries(Object.entries(es.spec.target?.template?.data ?? {}).map(([k, v]) =>
      [k, Buffer.from(String(v).replace('{{ .password }}', password)).toString('base64')]));
    await target.client.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace: ns,
        labels: es.spec.target?.template?.metadata?.labels,
      },
      data,
    } as Manifest, { fieldManager: 'external-secrets-stand-in' });
    n++;
  }
  return n;
}

/** One issuer per test process: every Certificate of the run is signed by it. */
let issuer: { key: string; crt: string } | undefined;

/**
 * Stand-in for cert-manager with a CA issuer: for each Certificate, the Secret it would write (`tls.crt` for its DNS
 * names, signed by a CA made for this test run, `tls.key` (EC P-256), `ca.crt`). Returns the CA's PEM for clients.
 */
export async function certManagerStandIns(target: RunningTarget, objects: Manifest[]): Promise<string | undefined> {
  const certificates = objects.filter(o => o.kind === 'Certificate' && o.apiVersion === 'cert-manager.io/v1');
  if (certificates.length === 0) return undefined;
  for (const cert of certificates) {
    const ns = cert.metadata.namespace!;
    if ((await target.client.request('GET', `/api/v1/namespaces/${ns}/secrets/${cert.spec.secretName}`)).status === 200) continue;
    await issue(target, cert);
  }
  return issuer!.crt;
}

/**
 * A renewal as cert-manager does it for a Certificate whose rotation policy is Always: a new key and a new
 * certificate (new serial) from the same issuer, written over `tls.crt` and `tls.key` of the existing Secret.
 * Returns the new certificate's PEM.
 */
export async function renewCertificate(target: RunningTarget, certificate: Manifest): Promise<string> {
  if (!issuer) throw new Error('renewCertificate: no issuer yet (certManagerStandIns issues the first certificate)');
  return issue(target, certificate);
}

/** Signs a certificate for the Certificate's DNS names with the run's issuer (made on first use) into its Secret. */
async function issue(target: RunningTarget, cert: Manifest): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-pg-ca-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    if (!issuer) {
      openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt',
        '-days', '2', '-subj', '/CN=cdk8s-postgres test issuer', '-addext', 'basicConstraints=critical,CA:TRUE',
        '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
      issuer = { key: readFileSync(join(dir, 'ca.key'), 'utf8'), crt: readFileSync(join(dir, 'ca.crt'), 'utf8') };
    }
    writeFileSync(join(dir, 'ca.key'), issuer.key, { mode: 0o600 });
    writeFileSync(join(dir, 'ca.crt'), issuer.crt);
    writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=${cert.spec.dnsNames.map((n: string) => `DNS:${n}`).join(',')}\n`
      + 'extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n');
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'tls.key', '-out', 'tls.csr',
      '-subj', `/O=${cert.metadata.name}`);
    // A fresh directory has no serial file: openssl picks a random serial, so each issue has a new one.
    openssl('x509', '-req', '-in', 'tls.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-out', 'tls.crt',
      '-extfile', 'ext.cnf');
    const b64 = (file: string) => readFileSync(join(dir, file)).toString('base64');
    await target.client.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name: cert.spec.secretName, namespace: cert.metadata.namespace! },
      data: { 'tls.crt': b64('tls.crt'), 'tls.key': b64('tls.key'), 'ca.crt': b64('ca.crt') },
    } as Manifest, { fieldManager: 'cert-manager-stand-in' });
    return readFileSync(join(dir, 'tls.crt'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Stand-ins for what the team provides outside the app (a Secret with a log service's key, an env ConfigMap): the
 * objects the constructs declare external, with every key the pods read from them, unless the cluster creates them
 * (credentials Secrets, External Secrets targets) or they exist already.
 */
export async function userProvidedStandIns(target: RunningTarget, objects: Manifest[], refs: ExternalReference[],
  createdInCluster: Set<string>): Promise<number> {
  let n = 0;
  // cert-manager (its stand-in) writes these.
  const certificates = new Set(objects.filter(o => o.kind === 'Certificate').map(o => `${o.metadata.namespace}/${o.spec.secretName}`));
  for (const ref of refs.filter(r => r.kind === 'Secret' || r.kind === 'ConfigMap')) {
    const ns = ref.namespace ?? defaultNamespaceOf(objects);
    if (createdInCluster.has(`${ns}/${ref.name}`) || (ref.kind === 'Secret' && certificates.has(`${ns}/${ref.name}`))) continue;
    const path = `/api/v1/namespaces/${ns}/${ref.kind === 'Secret' ? 'secrets' : 'configmaps'}/${ref.name}`;
    if ((await target.client.request('GET', path)).status === 200) continue;
    const keys = new Set<string>();
    JSON.stringify(objects, (_key, v) => {
      const sel = v?.secretKeyRef ?? v?.configMapKeyRef;
      if (sel?.name === ref.name && sel.key) keys.add(sel.key);
      return v;
    });
    const data = Object.fromEntries([...keys].map(k => [k, ref.kind === 'Secret' ? Buffer.from('stand-in').toString('base64') : 'stand-in']));
    await target.client.apply({ apiVersion: 'v1', kind: ref.kind, metadata: { name: ref.name, namespace: ns }, data } as Manifest,
      { fieldManager: 'cdk8s-postgres-test-tier' });
    n++;
  }
  return n;
}

const defaultNamespaceOf = (objects: Manifest[]) => objects.find(o => o.metadata.namespace)?.metadata.namespace ?? 'default';
