/*
 * The objects of one pooler (pkg/cluster/connection_pooler.go): Deployment and Service `<name>`
 * with the operator's labels, selectors, env order and pod template; plus, not from the operator,
 * a ServiceAccount without a token and a disruption budget `<name>-pdb`.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { MAX_CLIENT_CONNECTIONS, ResolvedPooler } from '../model/pooler';
import { userlistInitContainer, userlistMount, userlistVolume } from '../pooler/private/userlist';
import { typedKubeObject } from '../private/kube-object';
import { names } from '../private/names';

export const POOLER_CONTAINER = 'connection-pooler';
const PG_PORT = 5432;
/** pgbouncer's uid and gid in the operator's image (poolerRunAsUser, poolerRunAsGroup). */
const RUN_AS_USER = 100;
const RUN_AS_GROUP = 101;

export interface PoolerObjects {
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
}

/** Env of the `connection-pooler` container in the operator's order. */
export function poolerEnv(input: ResolvedPooler): k8s.EnvVar[] {
  const s = input.settings;
  const secret = (key: string) => ({ secretKeyRef: { name: input.secret.secretName, key } });
  const value = (name: string, v: string | number) => ({ name, value: String(v) });
  return [
    value('PGHOST', input.databaseService),
    value('PGPORT', PG_PORT),
    { name: 'PGUSER', valueFrom: secret(input.secret.usernameKey) },
    value('PGSCHEMA', s.schema),
    { name: 'PGPASSWORD', valueFrom: secret(input.secret.passwordKey) },
    value('CONNECTION_POOLER_PORT', PG_PORT),
    value('CONNECTION_POOLER_MODE', s.mode),
    value('CONNECTION_POOLER_DEFAULT_SIZE', s.sizes.defaultSize),
    value('CONNECTION_POOLER_MIN_SIZE', s.sizes.minSize),
    value('CONNECTION_POOLER_RESERVE_SIZE', s.sizes.reserveSize),
    value('CONNECTION_POOLER_MAX_CLIENT_CONN', MAX_CLIENT_CONNECTIONS),
    value('CONNECTION_POOLER_MAX_DB_CONN', s.sizes.maxDbConnections),
  ];
}

export function createPoolerObjects(scope: Construct, input: ResolvedPooler): PoolerObjects {
  const s = input.settings;
  const annotations = Object.keys(input.annotations).length ? { annotations: input.annotations } : {};
  const metadata = { name: input.name, namespace: input.namespace, labels: input.labels, ...annotations };
  // Quantities as strings: the objects are typed classes (public fields) rendered as plain ApiObjects (see typedKubeObject).
  const resources = s.resources;
  // The operator sets allowPrivilegeEscalation only; the rest keeps the pods within the restricted Pod Security level.
  const securityContext: k8s.SecurityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

  // pgbouncer needs no Kubernetes API: its own ServiceAccount without a token, not Patroni's.
  const serviceAccount = typedKubeObject(k8s.KubeServiceAccount, scope, 'ServiceAccount', metadata, { automountServiceAccountToken: false });
  const container = {
    name: POOLER_CONTAINER,
    image: s.image,
    imagePullPolicy: 'IfNotPresent',
    resources,
    ports: [{ containerPort: PG_PORT, protocol: 'TCP' }],
    readinessProbe: { tcpSocket: { port: PG_PORT } },
    securityContext,
    env: [...poolerEnv(input), ...(input.tls?.env ?? [])],
    volumeMounts: [userlistMount(), ...(input.tls?.mounts ?? [])],
  };
  const podSecurityContext: k8s.PodSecurityContext = {
    runAsUser: RUN_AS_USER,
    runAsGroup: RUN_AS_GROUP,
    ...(input.fsGroup !== undefined ? { fsGroup: input.fsGroup } : {}),
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const deployment = typedKubeObject(k8s.KubeDeployment, scope, 'Resource', metadata, {
    spec: {
      replicas: s.instances,
      selector: { matchLabels: input.selector },
      template: {
        metadata: { labels: input.labels, ...(Object.keys(input.podAnnotations).length ? { annotations: input.podAnnotations } : {}) },
        spec: {
          serviceAccountName: serviceAccount.name,
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: input.terminationGracePeriodSeconds,
          securityContext: podSecurityContext,
          initContainers: [userlistInitContainer({
            image: s.image,
            ...(input.awaitRotation ? { awaitRotation: input.awaitRotation } : {}),
            secretName: input.secret.secretName,
            usernameKey: input.secret.usernameKey,
            passwordKey: input.secret.passwordKey,
            resources,
            securityContext,
          })],
          containers: [container],
          volumes: [userlistVolume(), ...(input.tls?.volumes ?? [])],
          // Typed input (the user's tolerations and node affinity) converted as the typed class would.
          ...(input.tolerations?.length ? { tolerations: input.tolerations.map(t => k8s.toJson_Toleration(t)) } : {}),
          ...(input.affinity ? { affinity: k8s.toJson_Affinity(input.affinity) } : {}),
        },
      },
    },
  });

  const lb = input.loadBalancer;
  const np = input.nodePort;
  const service = typedKubeObject(k8s.KubeService, scope, 'Service', {
    name: input.name,
    namespace: input.namespace,
    labels: input.selector,
    ...(Object.keys(input.serviceAnnotations).length ? { annotations: input.serviceAnnotations } : {}),
  }, {
    spec: {
      type: np ? 'NodePort' : lb ? 'LoadBalancer' : 'ClusterIP',
      ports: [{ name: input.name, port: PG_PORT, targetPort: PG_PORT, ...(np?.port !== undefined ? { nodePort: np.port } : {}) }],
      // Only the pooler name, as the operator: the other selector labels could change with the fleet.
      selector: { 'connection-pooler': input.name },
      ...(lb ? { loadBalancerSourceRanges: [...lb.sourceRanges], externalTrafficPolicy: lb.externalTrafficPolicy } : {}),
      ...(np ? { externalTrafficPolicy: np.externalTrafficPolicy } : {}),
    },
  });

  // Not in the operator; one instance may go at a time, so a drain never waits forever.
  const podDisruptionBudget = input.disruptionBudget
    ? typedKubeObject(k8s.KubePodDisruptionBudget, scope, 'PodDisruptionBudget', { ...metadata, name: names.poolerPdb(input.name) }, {
      spec: { maxUnavailable: 1, selector: { matchLabels: input.selector } },
    }) : undefined;
  return { deployment, service, serviceAccount, podDisruptionBudget };
}
