// A minimal Kubernetes REST client over node:https: server-side apply, get, delete, discovery.
// Plain https keeps the tier free of a client library whose own defaulting could hide what the server does.
import * as https from 'https';
import { Connection } from './kubeconfig';

export const FIELD_MANAGER = 'cdk8s-postgres';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: any };
  [k: string]: any;
}

export interface Reply {
  readonly status: number;
  readonly body: any;
  /** Texts of the `Warning` response headers (admission warnings, deprecations, PodSecurity). */
  readonly warnings: string[];
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: any, readonly warnings: string[], what: string) {
    super(`${what}: HTTP ${status} ${body?.reason ?? ''}: ${body?.message ?? JSON.stringify(body)}`);
  }
}

interface ResourceInfo { readonly name: string; readonly namespaced: boolean }

/** `299 - "text"` → text (RFC 7234 warn-text is a quoted-string). */
export function parseWarning(value: string): string {
  const m = /^\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/.exec(value);
  return m ? m[1].replace(/\\(.)/g, '$1') : value;
}

export function describe(obj: Manifest): string {
  const ns = obj.metadata.namespace ? `${obj.metadata.namespace}/` : '';
  return `${obj.kind} ${ns}${obj.metadata.name}`;
}

export class KubeClient {
  private readonly agent: https.Agent;
  private readonly resources = new Map<string, Promise<Map<string, ResourceInfo>>>();

  constructor(private readonly conn: Connection) {
    this.agent = new https.Agent({
      keepAlive: true, ca: conn.ca, cert: conn.cert, key: conn.key, rejectUnauthorized: !conn.insecureSkipTlsVerify,
    });
  }

  close(): void { this.agent.destroy(); }

  request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Reply> {
    const url = new URL(path, this.conn.server);
    const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.conn.token) headers.Authorization = `Bearer ${this.conn.token}`;
    if (data) { headers['Content-Type'] = contentType; headers['Content-Length'] = String(data.length); }
    return new Promise((ok, fail) => {
      const req = https.request(url, { method, headers, agent: this.agent, timeout: 60_000 }, res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try { parsed = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
          // rawHeaders keeps repeated Warning headers apart; the joined form is ambiguous (texts contain commas).
          const warnings: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            if (res.rawHeaders[i].toLowerCase() === 'warning') warnings.push(parseWarning(res.rawHeaders[i + 1]));
          }
          ok({ status: res.statusCode ?? 0, body: parsed, warnings });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timeout`)));
      req.on('error', fail);
      if (data) req.write(data);
      req.end();
    });
  }

  /** kind → resource via discovery (`/api/v1`, `/apis/<group>/<version>`), cached per apiVersion. */
  async resource(apiVersion: string, kind: string): Promise<ResourceInfo & { base: string }> {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    let kinds = this.resources.get(apiVersion);
    if (!kinds) {
      kinds = this.request('GET', base).then(r => {
        if (r.status !== 200) throw new ApiError(r.status, r.body, r.warnings, `discovery ${base}`);
        const m = new Map<string, ResourceInfo>();
        // Subresources (pods/status) share the kind; only top-level names (no '/') are the object's collection.
        for (const res of r.body.resources as any[]) {
          if (!res.name.includes('/')) m.set(res.kind, { name: res.name, namespaced: res.namespaced });
        }
        return m;
      });
      kinds.catch(() => this.resources.delete(apiVersion));
      this.resources.set(apiVersion, kinds);
    }
    const info = (await kinds).get(kind);
    if (!info) throw new Error(`the server has no kind ${kind} in ${apiVersion}`);
    return { ...info, base };
  }

  async isNamespaced(obj: Manifest): Promise<boolean> {
    return (await this.resource(obj.apiVersion, obj.kind)).namespaced;
  }

  async path(obj: Manifest): Promise<string> {
    const r = await this.resource(obj.apiVersion, obj.kind);
    if (r.namespaced && !obj.metadata.namespace) throw new Error(`${describe(obj)}: namespaced kind without namespace`);
    const ns = r.namespaced ? `/namespaces/${encodeURIComponent(obj.metadata.namespace!)}` : '';
    return `${r.base}${ns}/${r.name}/${encodeURIComponent(obj.metadata.name)}`;
  }

  /** Server-side apply exactly as a GitOps tool would: strict field validation, our field manager, force. */
  async apply(obj: Manifest, options: { fieldManager?: string; rawYaml?: string } = {}): Promise<Reply> {
    const q = `fieldManager=${encodeURIComponent(options.fieldManager ?? FIELD_MANAGER)}&fieldValidation=Strict&force=true`;
    // JSON is YAML, so the apply-patch+yaml content type takes the JSON body as it is. rawYaml: send that text
    // instead (for inputs JSON.stringify cannot express, such as duplicate keys).
    const r = await this.request('PATCH', `${await this.path(obj)}?${q}`, options.rawYaml ?? obj, 'application/apply-patch+yaml');
    if (r.status < 200 || r.status > 299) throw new ApiError(r.status, r.body, r.warnings, `apply ${describe(obj)}`);
    return r;
  }

  /** GET; undefined when the object does not exist. */
  async get(obj: Manifest): Promise<any | undefined> {
    const r = await this.request('GET', await this.path(obj));
    if (r.status === 404) return undefined;
    if (r.status !== 200) throw new ApiError(r.status, r.body, r.warnings, `get ${describe(obj)}`);
    return r.body;
  }

  /** DELETE; a missing object is not an error. */
  async delete(obj: Manifest): Promise<void> {
    const r = await this.request('DELETE', await this.path(obj));
    if (r.status !== 404 && (r.status < 200 || r.status > 299)) {
      throw new ApiError(r.status, r.body, r.warnings, `delete ${describe(obj)}`);
    }
  }
}
