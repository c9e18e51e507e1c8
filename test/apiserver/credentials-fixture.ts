// The credentials Job without a kubelet: its RBAC objects applied as synthesized, a token for its ServiceAccount from
// the TokenRequest API, and its script (CREDENTIALS_SCRIPT, from the shared scripts ConfigMap the Job mounts) run
// with the machine's python3 exactly as the Job runs it.
import { spawn } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { KubeClient, Manifest } from './client';
import { Target } from './target';
import { SHARED_SCRIPTS_DIR } from '../../src/private/shared-scripts';
import { CREDENTIALS_SCRIPT, CREDENTIALS_SCRIPT_FILE } from '../../src/users/credentials-script';

/** What the synthesized cluster gives the credentials Job. */
export interface CredentialsObjects {
  readonly serviceAccount: Manifest;
  readonly roles: Manifest[];
  readonly roleBindings: Manifest[];
  readonly job: Manifest;
  /** The shared scripts ConfigMap that the Job's `scripts` volume mounts (its program is a file of it). */
  readonly scripts: Manifest;
  /** The Job's env value, verbatim. */
  readonly secretsEnv: string;
  readonly serviceAccountEnv: string;
}

export interface SecretSpec {
  readonly namespace: string | null;
  readonly name: string;
  readonly username: string;
  readonly labels: Record<string, string>;
  readonly copies?: Array<string | null>;
}

export function credentialsObjects(objects: Manifest[], cluster: string): CredentialsObjects {
  const name = `${cluster}-credentials`;
  const of = (kind: string) => objects.filter(o => o.kind === kind && o.metadata.name === name);
  const jobs = objects.filter(o => o.kind === 'Job' && o.metadata.name.startsWith(`${cluster}-creds-`));
  if (of('ServiceAccount').length !== 1 || jobs.length !== 1) throw new Error(`no credentials ServiceAccount/Job for ${cluster}`);
  const env: any[] = jobs[0].spec.template.spec.containers[0].env;
  const value = (n: string) => env.find(e => e.name === n)?.value as string;
  // Found by the name the Job mounts, in the Job's namespace: other clusters there share the same object.
  const volumes: any[] = jobs[0].spec.template.spec.volumes ?? [];
  const configMapName = volumes.find(v => v.name === 'scripts')?.configMap?.name as string | undefined;
  if (!configMapName) throw new Error(`the credentials Job of ${cluster} has no configMap volume named scripts`);
  const scripts = objects.filter(o => o.apiVersion === 'v1' && o.kind === 'ConfigMap' && o.metadata.name === configMapName
    && o.metadata.namespace === jobs[0].metadata.namespace);
  if (scripts.length !== 1) throw new Error(`${scripts.length} ConfigMaps ${configMapName} next to the credentials Job of ${cluster}`);
  return {
    serviceAccount: of('ServiceAccount')[0],
    roles: of('Role'),
    roleBindings: of('RoleBinding'),
    job: jobs[0],
    scripts: scripts[0],
    secretsEnv: value('CREDENTIALS_SECRETS'),
    serviceAccountEnv: value('SERVICE_ACCOUNT'),
  };
}

/** A bound token for the ServiceAccount (TokenRequest API), as the kubelet would project into the Job's pod. */
export async function serviceAccountToken(client: KubeClient, sa: Manifest): Promise<string> {
  const r = await client.request('POST',
    `/api/v1/namespaces/${sa.metadata.namespace}/serviceaccounts/${sa.metadata.name}/token`,
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
  if (r.status !== 201 || !r.body?.status?.token) throw new Error(`TokenRequest: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.status.token;
}

/** Waits until RBAC (whose authorizer works from a cache) answers `allowed` for the ServiceAccount. */
export async function waitForAccess(client: KubeClient, sa: Manifest, attrs: { namespace: string; verb: string; name?: string },
  allowed: boolean): Promise<void> {
  const [ns, name] = [sa.metadata.namespace!, sa.metadata.name];
  const review = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: {
      user: `system:serviceaccount:${ns}:${name}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
      resourceAttributes: { group: '', version: 'v1', resource: 'secrets', ...attrs },
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await client.request('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', review);
    if (r.status !== 201) throw new Error(`SubjectAccessReview: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    if (Boolean(r.body.status?.allowed) === allowed) return;
    if (Date.now() > deadline) throw new Error(`RBAC did not become allowed=${allowed} for ${JSON.stringify(attrs)}`);
    await new Promise(res => setTimeout(res, 100));
  }
}

export interface ScriptRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The pod's view: a service-account directory (token, ca.crt), the shared ConfigMap's files where the Job mounts
 * them (here a directory of our own), and the Job's env; the API URL instead of the Service.
 */
export class ScriptRunner {
  private readonly dir = mkdtempSync(join(tmpdir(), 'cdk8s-pg-creds-'));
  private readonly shared = join(this.dir, 'shared');

  constructor(private readonly target: Target, private readonly objects: CredentialsObjects, token: string) {
    if (!target.connection.ca) throw new Error('the credentials script needs the API server\'s CA (certificate-authority in kubeconfig)');
    writeFileSync(join(this.dir, 'token'), token, { mode: 0o600 });
    writeFileSync(join(this.dir, 'ca.crt'), target.connection.ca);
  }

  run(): Promise<ScriptRun> {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      SERVICEACCOUNT_DIR: this.dir,
      KUBERNETES_API_URL: this.target.connection.server,
      POD_NAMESPACE: this.objects.serviceAccount.metadata.namespace!,
      CREDENTIALS_SECRETS: this.objects.secretsEnv,
      SERVICE_ACCOUNT: this.objects.serviceAccountEnv,
    };
    // The Job's command, verbatim, with its mount point replaced by our copy of the ConfigMap.
    const container = this.objects.job.spec.template.spec.containers[0];
    const command = container.command as string[];
    const expected = ['python3', '-I', `${SHARED_SCRIPTS_DIR}/${CREDENTIALS_SCRIPT_FILE}`];
    if (JSON.stringify(command) !== JSON.stringify(expected)) throw new Error(`the Job runs ${JSON.stringify(command)}, not ${JSON.stringify(expected)}`);
    const mounts: any[] = container.volumeMounts ?? [];
    if (!mounts.some(m => m.name === 'scripts' && m.mountPath === SHARED_SCRIPTS_DIR)) throw new Error(`the Job does not mount its scripts volume at ${SHARED_SCRIPTS_DIR}`);
    const data: Record<string, string> = this.objects.scripts.data ?? {};
    if (data[CREDENTIALS_SCRIPT_FILE] !== CREDENTIALS_SCRIPT) throw new Error('the Job does not run CREDENTIALS_SCRIPT');
    rmSync(this.shared, { recursive: true, force: true });
    mkdirSync(this.shared);
    // ConfigMap keys are plain file names (no "/"), as the kubelet writes them into the volume.
    for (const [file, text] of Object.entries(data)) writeFileSync(join(this.shared, file), text);
    return new Promise((ok, fail) => {
      const p = spawn(command[0], [command[1], join(this.shared, CREDENTIALS_SCRIPT_FILE)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let [stdout, stderr] = ['', ''];
      p.stdout.on('data', d => stdout += d);
      p.stderr.on('data', d => stderr += d);
      p.on('error', fail);
      p.on('close', code => ok({ code, stdout, stderr }));
    });
  }

  dispose(): void { rmSync(this.dir, { recursive: true, force: true }); }
}

export const secretRef = (namespace: string, name: string): Manifest => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace } });

export const decode = (data: Record<string, string>) =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
