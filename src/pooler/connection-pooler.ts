import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PoolMode } from './connection-pooler-options';
import { Endpoint } from '../cluster/endpoint';
import { ResolvedPooler } from '../model/pooler';
import { createPoolerObjects } from '../render/pooler';

/** Which members a pooler sends its connections to. */
export enum PoolerRole {
  /** The primary, through Service `<c>`; the pooler is `<c>-pooler`. */
  MASTER = 'master',
  /** The replicas, through Service `<c>-repl`; the pooler is `<c>-pooler-repl`. */
  REPLICA = 'replica',
}

/**
 * One PgBouncer pooler of a `PostgresCluster`, as the operator creates it: Deployment and Service
 * `<c>-pooler` (or `<c>-pooler-repl`), plus a ServiceAccount without a token and a disruption
 * budget `<name>-pdb`. Created by the cluster from its `connectionPooler` prop.
 */
export class ConnectionPooler extends Construct {
  /** @internal */
  public static _create(scope: Construct, id: string, role: PoolerRole, input: ResolvedPooler): ConnectionPooler {
    return new ConnectionPooler(scope, id, role, input);
  }

  /** Name of the Deployment and the Service (`<c>-pooler` or `<c>-pooler-repl`). */
  public readonly poolerName: string;
  /** Whether it pools connections to the primary or to the replicas. */
  public readonly role: PoolerRole;
  /** PgBouncer instances (Deployment replicas). */
  public readonly instances: number;
  /** Pool mode. */
  public readonly mode: PoolMode;
  /** The database role PgBouncer logs in as and runs `auth_query` with. */
  public readonly user: string;
  /** Labels that select this pooler's pods. */
  public readonly selectorLabels: Record<string, string>;
  /** The PgBouncer Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The Service in front of it. */
  public readonly service: k8s.KubeService;
  /** Its ServiceAccount (no token is mounted: PgBouncer needs no Kubernetes API). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Its disruption budget (one instance at a time), unless the fleet disables budgets. */
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  /** Where clients connect (TLS required: the operator's image sets `client_tls_sslmode = require`). */
  public readonly endpoint: Endpoint;

  private constructor(scope: Construct, id: string, role: PoolerRole, input: ResolvedPooler) {
    super(scope, id);
    const objects = createPoolerObjects(this, input);
    this.poolerName = input.name;
    this.role = role;
    this.instances = input.settings.instances;
    this.mode = input.settings.mode;
    this.user = input.settings.user;
    this.selectorLabels = { ...input.selector };
    this.deployment = objects.deployment;
    this.service = objects.service;
    this.serviceAccount = objects.serviceAccount;
    this.podDisruptionBudget = objects.podDisruptionBudget;
    this.endpoint = new Endpoint(input.namespace ? `${input.name}.${input.namespace}.svc` : input.name, 5432);
  }
}
