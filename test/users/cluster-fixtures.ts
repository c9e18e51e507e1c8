// A PostgresCluster with users, synthesized and validated through test/util's synth(), and the parts the
// ClusterUsers tests look at (credentials Job and its RBAC, ExternalSecrets, the sync Job).
import { Chart, Testing } from 'cdk8s';
import { FleetDefaults, PostgresCluster, PostgresClusterProps } from '../../src';
import { synth } from '../util';

export const CLUSTER = 'acid-test';
export const NAMESPACE = 'db';
/** The fleet of these tests: cross-namespace users may write to `reporting` (fleet.allowedSecretNamespaces). */
export const FLEET = new FleetDefaults({ allowedSecretNamespaces: ['reporting'] });
export const LABELS = { 'application': 'spilo', 'cluster-name': CLUSTER, 'team': 'acid' };

/** The operator's Secret name of a role of `cluster`. */
export const secretName = (role: string, cluster = CLUSTER) =>
  `${role.replace(/_/g, '-')}.${cluster}.credentials.postgresql.acid.zalan.do`;

export interface UsersBuilt {
  readonly cluster: PostgresCluster;
  readonly objects: any[];
  readonly of: (kind: string) => any[];
  readonly credentialsJob?: any;
  readonly syncJob?: any;
  readonly syncConfigMap?: any;
}

/** GIVEN a chart in `namespace` (null: none) and a cluster `acid-test` of team `acid`, WHEN synthesized. */
export function buildUsers(props: Partial<PostgresClusterProps> = {}, namespace: string | null = NAMESPACE): UsersBuilt {
  const chart = new Chart(Testing.app(), 'test', namespace === null ? {} : { namespace });
  const name = props.name ?? CLUSTER;
  const cluster = new PostgresCluster(chart, CLUSTER, { teamId: 'acid', fleet: FLEET, ...props });
  const objects = synth(chart);
  const of = (kind: string) => objects.filter(o => o.kind === kind);
  const one = (kind: string, re: RegExp) => {
    const found = of(kind).filter(o => re.test(o.metadata.name));
    if (found.length > 1) throw new Error(`${found.length} ${kind} objects match ${re}`);
    return found[0];
  };
  return {
    cluster,
    objects,
    of,
    credentialsJob: one('Job', new RegExp(`^${name}-creds-`)),
    syncJob: one('Job', new RegExp(`^${name}-sync-`)),
    syncConfigMap: one('ConfigMap', new RegExp(`^${name}-sync-`)),
  };
}

/** Constructs without synthesizing (for inputs that must throw). */
export function constructUsers(props: Partial<PostgresClusterProps>, namespace: string | null = NAMESPACE): PostgresCluster {
  const chart = new Chart(Testing.app(), 'test', namespace === null ? {} : { namespace });
  return new PostgresCluster(chart, CLUSTER, { teamId: 'acid', fleet: FLEET, ...props });
}

export const container = (job: any) => job.spec.template.spec.containers[0];

export const env = (job: any, name: string) => (container(job).env as any[]).find(e => e.name === name);

/** The credentials Job's CREDENTIALS_SECRETS, parsed. */
export const secretSpecs = (job: any): any[] => JSON.parse(env(job, 'CREDENTIALS_SECRETS').value);

export const byName = (objects: any[], name: string) => objects.filter(o => o.metadata.name === name);

/**
 * What the PodSecurity `restricted` profile (latest) checks on a pod spec; the empty list is compliant.
 * Mirrors k8s.io/pod-security-admission's restricted checks for the fields our Jobs could set.
 */
export function restrictedViolations(podSpec: any): string[] {
  const out: string[] = [];
  const pod = podSpec.securityContext ?? {};
  if (podSpec.hostNetwork || podSpec.hostPID || podSpec.hostIPC) out.push('host namespaces');
  for (const v of podSpec.volumes ?? []) {
    const allowed = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
    if (!Object.keys(v).filter(k => k !== 'name').every(k => allowed.includes(k))) out.push(`volume ${v.name}`);
  }
  for (const c of [...(podSpec.initContainers ?? []), ...podSpec.containers]) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) out.push(`${c.name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${c.name}: allowPrivilegeEscalation`);
    if (JSON.stringify(sc.capabilities?.drop) !== '["ALL"]') out.push(`${c.name}: capabilities.drop`);
    if ((sc.capabilities?.add ?? []).some((a: string) => a !== 'NET_BIND_SERVICE')) out.push(`${c.name}: capabilities.add`);
    if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) out.push(`${c.name}: runAsNonRoot`);
    if ((sc.runAsUser ?? pod.runAsUser) === 0) out.push(`${c.name}: runAsUser 0`);
    const seccomp = (sc.seccompProfile ?? pod.seccompProfile)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${c.name}: seccompProfile`);
    if ((c.ports ?? []).some((p: any) => p.hostPort)) out.push(`${c.name}: hostPort`);
  }
  return out;
}
