import { ManifestError } from './values';

/**
 * The operator's configuration as one flat map, whichever form it came in: an `OperatorConfiguration` resource
 * (typed values, grouped in sections) or the `postgres-operator` ConfigMap (strings; maps as `k:v,k:v`, lists as
 * `a,b`). Accessors read both forms.
 */
export class OperatorSettings {
  /** An OperatorConfiguration (acid.zalan.do/v1) or the ConfigMap form. */
  public static fromDocument(doc: any): OperatorSettings {
    if (doc?.kind === 'OperatorConfiguration') {
      const flat: Record<string, unknown> = {};
      const configuration = doc.configuration ?? {};
      for (const [key, value] of Object.entries(configuration)) {
        // Sections are objects of settings; `sidecars` and map-valued settings are not sections.
        if (value && typeof value === 'object' && !Array.isArray(value) && SECTIONS.has(key)) Object.assign(flat, value);
        else flat[key] = value;
      }
      return new OperatorSettings(flat, `OperatorConfiguration ${doc.metadata?.name ?? ''}`.trim());
    }
    if (doc?.kind === 'ConfigMap') return new OperatorSettings({ ...(doc.data ?? {}) }, `ConfigMap ${doc.metadata?.name ?? ''}`.trim());
    throw new ManifestError(`--operator-configuration: expected an OperatorConfiguration or a ConfigMap, not ${doc?.kind ?? 'a document without kind'}`);
  }

  /** No configuration: the operator's defaults. */
  public static defaults(): OperatorSettings {
    return new OperatorSettings({}, 'operator defaults');
  }

  private constructor(private readonly values: Record<string, unknown>, public readonly source: string) {}

  public has(key: string): boolean {
    const v = this.values[key];
    return v !== undefined && v !== null && v !== '';
  }

  public keys(): string[] {
    return Object.keys(this.values).filter(k => this.has(k));
  }

  public string(key: string): string | undefined {
    return this.has(key) ? String(this.values[key]) : undefined;
  }

  public bool(key: string): boolean | undefined {
    if (!this.has(key)) return undefined;
    const v = this.values[key];
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw new ManifestError(`${this.source}: ${key}: ${JSON.stringify(v)} is not true or false`);
  }

  public int(key: string): number | undefined {
    if (!this.has(key)) return undefined;
    const n = Number(this.values[key]);
    if (!Number.isInteger(n)) throw new ManifestError(`${this.source}: ${key}: ${JSON.stringify(this.values[key])} is not an integer`);
    return n;
  }

  public map(key: string): Record<string, string> | undefined {
    if (!this.has(key)) return undefined;
    const v = this.values[key];
    if (typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, String(x)]));
    if (typeof v !== 'string') throw new ManifestError(`${this.source}: ${key}: expected a map`);
    const out: Record<string, string> = {};
    for (const pair of v.split(',').map(p => p.trim()).filter(Boolean)) {
      const i = pair.indexOf(':');
      if (i <= 0) throw new ManifestError(`${this.source}: ${key}: '${pair}' is not key:value`);
      out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
    }
    return out;
  }

  public list(key: string): string[] | undefined {
    if (!this.has(key)) return undefined;
    const v = this.values[key];
    if (Array.isArray(v)) return v.map(String);
    return String(v).split(',').map(s => s.trim()).filter(Boolean);
  }

  public raw(key: string): unknown {
    return this.values[key];
  }
}

const SECTIONS = new Set([
  'users', 'major_version_upgrade', 'kubernetes', 'postgres_pod_resources', 'timeouts', 'load_balancer', 'aws_or_gcp',
  'logical_backup', 'debug', 'teams_api', 'logging_rest_api', 'connection_pooler', 'patroni', 'scalyr',
]);
