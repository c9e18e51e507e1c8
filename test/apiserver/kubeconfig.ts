// Reading and writing kubeconfig files. Only what a test client needs: server, CA, bearer token or client cert.
// Exec/auth-provider plugins are not supported (the tier targets a local or CI cluster with static credentials).
import { readFileSync, writeFileSync } from 'fs';
import { dirname, isAbsolute, resolve } from 'path';
import { parse, stringify } from 'yaml';

export interface Connection {
  readonly server: string;
  readonly ca?: Buffer;
  readonly token?: string;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly insecureSkipTlsVerify?: boolean;
}

export function writeKubeconfig(path: string, server: string, caFile: string, token: string): void {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'cdk8s-postgres-test', cluster: { 'server': server, 'certificate-authority': caFile } }],
    users: [{ name: 'admin', user: { token } }],
    contexts: [{ name: 'cdk8s-postgres-test', context: { cluster: 'cdk8s-postgres-test', user: 'admin' } }],
    ['current-context']: 'cdk8s-postgres-test',
  };
  writeFileSync(path, stringify(doc), { mode: 0o600 });
}

type Named<T> = { name: string } & T;

/** Loads the current context of a kubeconfig file (the first file if KUBECONFIG lists several). */
export function readKubeconfig(kubeconfig: string): Connection {
  const file = kubeconfig.split(':')[0];
  const doc = parse(readFileSync(file, 'utf8'));
  const ctxName: string | undefined = doc['current-context'];
  const ctx = (doc.contexts as Named<{ context: any }>[] | undefined)?.find(c => c.name === ctxName)?.context;
  if (!ctx) throw new Error(`${file}: current-context '${ctxName}' not found`);
  const cluster = (doc.clusters as Named<{ cluster: any }>[]).find(c => c.name === ctx.cluster)?.cluster;
  const user = (doc.users as Named<{ user: any }>[] | undefined)?.find(u => u.name === ctx.user)?.user ?? {};
  if (!cluster?.server) throw new Error(`${file}: cluster '${ctx.cluster}' has no server`);
  if (user.exec || user['auth-provider']) {
    throw new Error(`${file}: user '${ctx.user}' uses an exec/auth-provider plugin; use a token or client certificate`);
  }
  // Relative file paths in a kubeconfig are relative to the kubeconfig's own directory.
  const base = dirname(resolve(file));
  const load = (data?: string, path?: string): Buffer | undefined =>
    data ? Buffer.from(data, 'base64') : path ? readFileSync(isAbsolute(path) ? path : resolve(base, path)) : undefined;
  return {
    server: cluster.server,
    ca: load(cluster['certificate-authority-data'], cluster['certificate-authority']),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    token: user.token ?? (user.tokenFile ? readFileSync(user.tokenFile, 'utf8').trim() : undefined),
    cert: load(user['client-certificate-data'], user['client-certificate']),
    key: load(user['client-key-data'], user['client-key']),
  };
}
