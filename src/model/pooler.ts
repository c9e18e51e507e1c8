/*
 * Resolved connection poolers: the settings shared by both roles and each pooler's own fields.
 */
import { k8s } from 'cdk8s-plus-28';
import { ResolvedNodePort } from './services';
import { PoolMode } from '../pooler/connection-pooler-options';
import { DatabaseUserSecret } from '../users/credentials';

/** The pool-size env vars of one pooler instance. */
export interface PoolSizes {
  readonly maxDbConnections: number;
  readonly defaultSize: number;
  readonly minSize: number;
  readonly reserveSize: number;
}

export interface PoolerSettings {
  readonly master: boolean;
  readonly replica: boolean;
  readonly user: string;
  readonly schema: string;
  readonly image: string;
  readonly mode: PoolMode;
  readonly instances: number;
  readonly maxDBConnections: number;
  readonly sizes: PoolSizes;
  readonly resources: { readonly requests: Record<string, string>; readonly limits: Record<string, string> };
  readonly masterLoadBalancer: boolean;
  readonly replicaLoadBalancer: boolean;
}

/** `CONNECTION_POOLER_MAX_CLIENT_CONN`: a constant in the operator. */
export const MAX_CLIENT_CONNECTIONS = 10000;

/** One pooler (`<c>-pooler` or `<c>-pooler-repl`), resolved. */
export interface ResolvedPooler {
  readonly name: string;
  readonly namespace?: string;
  /** The pooler's selector labels (operator: connectionPoolerLabels(role, false)). */
  readonly selector: Record<string, string>;
  /** Labels of the Deployment, its pods, the budget and the ServiceAccount (connectionPoolerLabels(role, true)). */
  readonly labels: Record<string, string>;
  /** Inherited annotations of the Deployment, budget and ServiceAccount. */
  readonly annotations: Record<string, string>;
  readonly podAnnotations: Record<string, string>;
  readonly serviceAnnotations: Record<string, string>;
  /** The database Service the pooler connects to (`PGHOST`). */
  readonly databaseService: string;
  readonly settings: PoolerSettings;
  readonly secret: DatabaseUserSecret;
  /** The rotation label its init container waits for in the Secret's `rotation` key (a generated, rotated password). */
  readonly awaitRotation?: string;
  readonly terminationGracePeriodSeconds: number;
  readonly fsGroup?: number;
  /** The cluster's certificate: env appended to the container's, Secret volumes after the userlist. */
  readonly tls?: { readonly env: k8s.EnvVar[]; readonly volumes: k8s.Volume[]; readonly mounts: k8s.VolumeMount[] };
  readonly tolerations?: k8s.Toleration[];
  readonly affinity?: k8s.Affinity;
  readonly disruptionBudget: boolean;
  readonly loadBalancer?: { readonly sourceRanges: string[]; readonly externalTrafficPolicy: string };
  /** Set when the pooler's Service is a NodePort (never together with `loadBalancer`). */
  readonly nodePort?: ResolvedNodePort;
}

/** The cluster's poolers; none when `connectionPooler` is unset or turns both off. */
export interface ResolvedPoolers {
  readonly master?: ResolvedPooler;
  readonly replica?: ResolvedPooler;
}
