/** Issue records, JSON paths and the one-line rendering shared by every rule. */

export interface ManifestIssue {
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  /** JSON path inside the object, e.g. spec.template.spec.containers[0].ports[1].name */
  readonly path: string;
  /** stable rule id, e.g. schema/unknown-field, pod/volume-mount */
  readonly rule: string;
  readonly message: string;
}

/** The object an issue is about; fixed per object, so rules only add path, rule and message. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** Collects issues for one object. */
export class IssueSink {
  constructor(private readonly out: ManifestIssue[], private readonly obj: ObjectRef) {}

  add(path: string, rule: string, message: string): void {
    this.out.push({ ...this.obj, path, rule, message });
  }
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** Appends a field to a path: `.name` for identifiers, `["app.kubernetes.io/name"]` for label keys and the like. */
export function field(base: string, key: string): string {
  if (IDENT.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

export function index(base: string, i: number): string {
  return `${base}[${i}]`;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return `string ${quote(v)}`;
  if (typeof v === 'object') return 'object';
  return `${typeof v} ${String(v)}`;
}

/** A string value for a message, JSON-quoted and cut short. */
export function quote(v: string): string {
  return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
}

export function formatIssue(i: ManifestIssue): string {
  const where = i.namespace ? `${i.namespace}/${i.name ?? '?'}` : i.name ?? '?';
  return `${i.kind} ${where}: ${i.path || '(root)'}: [${i.rule}] ${i.message}`;
}

/** One line per issue: "StatefulSet ns/name: spec.x.y: [rule] message". */
export function formatIssues(issues: ManifestIssue[]): string {
  return issues.map(formatIssue).join('\n');
}
