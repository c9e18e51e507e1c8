import { Construct } from 'constructs';

/** Metadata type under which constructs record objects they reference but do not emit. */
export const EXTERNAL_REFERENCE_METADATA = 'cdk8s-postgres:external-reference';

export interface ExternalReference {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/**
 * Records that `scope` references an object it does not emit (a Secret the credentials Job
 * creates in-cluster, or one the user named). The manifest validator reads these.
 */
export function declareExternal(scope: Construct, kind: string, namespace: string | undefined, name: string): void {
  const ref: ExternalReference = { kind, namespace, name };
  scope.node.addMetadata(EXTERNAL_REFERENCE_METADATA, ref);
}
