import { renderMarkdown, renderText } from './plan-format';
import { ChangeKind, ClusterChange, ObjectChange, PlanBlocker } from './plan-structs';

/** What a `PlanReport` is made of. */
export interface PlanReportProps {
  /** Every cluster in either output, unchanged ones included. */
  readonly clusters: ClusterChange[];
  /** Objects outside the clusters that differ (objects the library did not make, and its shared ConfigMaps). */
  readonly objects: ObjectChange[];
  /** Blockers of objects outside the clusters. */
  readonly blockers: PlanBlocker[];
  /**
   * What changes outside the clusters mean (a new version of the library's shared ConfigMaps).
   * @default - none
   */
  readonly notes?: string[];
}

/** The result of `ClusterPlan.compare`: per cluster what happens, the other objects' changes, and the blockers. */
export class PlanReport {
  /** Every cluster in either output, unchanged ones included. */
  public readonly clusters: ClusterChange[];
  /** Objects outside the clusters that differ. */
  public readonly objects: ObjectChange[];
  /** What changes outside the clusters mean. */
  public readonly notes: string[];
  private readonly otherBlockers: PlanBlocker[];

  public constructor(props: PlanReportProps) {
    this.clusters = [...props.clusters];
    this.objects = [...props.objects];
    this.otherBlockers = [...props.blockers];
    this.notes = [...(props.notes ?? [])];
  }

  /** Every blocker, the clusters' first. */
  public get blockers(): PlanBlocker[] {
    return [...this.clusters.flatMap(c => c.blockers), ...this.otherBlockers];
  }

  /** Whether anything in the change cannot be applied (the command's exit code 1). */
  public get hasBlockers(): boolean {
    return this.blockers.length > 0;
  }

  /** Whether applying the change does anything at all. */
  public get hasChanges(): boolean {
    return this.objects.length > 0 || this.clusters.some(c => c.change !== ChangeKind.UNCHANGED);
  }

  /** The plan for a terminal. */
  public toText(): string {
    return renderText(this);
  }

  /** The plan as GitHub-flavoured Markdown, for a pull-request comment. */
  public toMarkdown(): string {
    return renderMarkdown(this);
  }

  /** The plan as JSON: `{ hasBlockers, blockers, notes, clusters, objects }`. */
  public toJson(): string {
    const { hasBlockers, blockers, notes, clusters, objects } = this;
    return JSON.stringify({ hasBlockers, blockers, notes, clusters, objects }, null, 2);
  }
}
