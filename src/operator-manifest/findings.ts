/** What the mapping could not carry over, per manifest field. */
export interface Finding {
  /** `kind namespace/name`: which document. */
  readonly source: string;
  /** The field, as the operator spells it (`spec.volume.iops`). */
  readonly field: string;
  /** Why, and what to do instead. */
  readonly reason: string;
  /** Refusals are errors; with `--lenient`, a refusal that is safe to drop becomes a warning. */
  readonly level: 'error' | 'warning';
}

/** Collects refusals and warnings while mapping; `lenient` turns the ones safe to drop into warnings. */
export class Findings {
  public readonly all: Finding[] = [];

  constructor(private readonly lenient: boolean) {}

  /** A field the library cannot honour. `safeToDrop`: leaving it out keeps data, names and access intact. */
  public refuse(source: string, field: string, reason: string, safeToDrop: boolean): void {
    const level = safeToDrop && this.lenient ? 'warning' : 'error';
    this.all.push({ source, field, reason: safeToDrop && !this.lenient ? `${reason} (--lenient drops it)` : reason, level });
  }

  /** A field carried over with a difference worth knowing. */
  public warn(source: string, field: string, reason: string): void {
    this.all.push({ source, field, reason, level: 'warning' });
  }

  public get errors(): Finding[] {
    return this.all.filter(f => f.level === 'error');
  }

  public get warnings(): Finding[] {
    return this.all.filter(f => f.level === 'warning');
  }
}

/** One line per finding: `error: postgresql team/db: spec.volume.iops: ...`. */
export function formatFinding(f: Finding): string {
  return `${f.level}: ${f.source}: ${f.field}: ${f.reason}`;
}
