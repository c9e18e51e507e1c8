// ClusterUsers, credentials generated in-cluster (the default): the credentials Job, its ServiceAccount and the
// least RBAC that lets it create the Secrets, per namespace; typed outputs of PostgresCluster.
import {
  buildUsers, byName, CLUSTER, container, env, LABELS, NAMESPACE, restrictedViolations, secretName, secretSpecs,
} from './cluster-fixtures';
import { CredentialsSource, UserFlag } from '../../src';
import { SHARED_SCRIPT_FILES } from '../../src/private/shared-scripts';
import { CREDENTIALS_SCRIPT } from '../../src/users/credentials-script';

const SA = `${CLUSTER}-credentials`;
const USERS = { 'app_owner': [UserFlag.CREATEDB], 'app_user': [], 'reporting.analyst': [], 'readers': [UserFlag.NOLOGIN] };

describe('generated credentials (default)', () => {
  const built = buildUsers({ users: USERS, databases: { app: 'app_owner' } });
  const job = built.credentialsJob;

  test('one ServiceAccount, a Role and RoleBinding per namespace and one Job, all for the credentials', () => {
    // GIVEN plain users, a NOLOGIN role and a cross-namespace user; WHEN synthesized; THEN
    const named = built.objects.filter(o => o.metadata.name === SA || o === job).map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(named.sort()).toEqual([
      `Job/${NAMESPACE}/${job.metadata.name}`,
      `Role/${NAMESPACE}/${SA}`, `Role/reporting/${SA}`,
      `RoleBinding/${NAMESPACE}/${SA}`, `RoleBinding/reporting/${SA}`,
      `ServiceAccount/${NAMESPACE}/${SA}`,
    ]);
    expect(byName(built.of('ServiceAccount'), SA)[0].automountServiceAccountToken).toBe(true);
  });

  test('the Role in the cluster namespace: exactly create, and get on the sorted Secret names (incl. the copy)', () => {
    const role = built.of('Role').find(r => r.metadata.name === SA && r.metadata.namespace === NAMESPACE);
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get'],
        resourceNames: [
          // The Patroni REST API's credentials come first in the sorted list.
          `${CLUSTER}-patroni-api`, secretName('app_owner'), secretName('app_user'), secretName('postgres'), secretName('reporting.analyst'), secretName('standby'),
        ],
      },
    ]);
    expect(role.rules[1].resourceNames).toEqual([...role.rules[1].resourceNames].sort());
  });

  test('the cross-namespace Role and RoleBinding: in the user\'s namespace, bound to the ServiceAccount of the cluster namespace', () => {
    const role = built.of('Role').find(r => r.metadata.namespace === 'reporting');
    const binding = built.of('RoleBinding').find(r => r.metadata.namespace === 'reporting');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [secretName('reporting.analyst')] },
    ]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: SA });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: SA, namespace: NAMESPACE }]);
  });

  test('the Job runs the script as its ServiceAccount, restricted-PodSecurity compliant, once (no TTL)', () => {
    const pod = job.spec.template.spec;
    expect(pod.serviceAccountName).toBe(SA);
    expect(pod.restartPolicy).toBe('Never');
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(restrictedViolations(pod)).toEqual([]);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container(job).securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    // The program comes from the shared scripts ConfigMap, mounted read-only; python3 -I keeps that directory off sys.path.
    expect(container(job).command).toEqual(['python3', '-I', '/etc/cdk8s-postgres/shared/credentials.py']);
    const shared = built.of('ConfigMap').find(c => c.metadata.name.startsWith('cdk8s-postgres-scripts-'));
    expect(pod.volumes).toEqual([{ name: 'scripts', configMap: { name: shared.metadata.name } }]);
    expect(container(job).volumeMounts).toEqual([{ name: 'scripts', mountPath: '/etc/cdk8s-postgres/shared', readOnly: true }]);
    expect(shared.data['credentials.py']).toBe(CREDENTIALS_SCRIPT);
    expect(SHARED_SCRIPT_FILES['credentials.py']).toBe(CREDENTIALS_SCRIPT);
    expect(env(job, 'SERVICE_ACCOUNT').value).toBe(SA);
    expect(env(job, 'POD_NAMESPACE').valueFrom).toEqual({ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } });
  });

  test('CREDENTIALS_SECRETS lists every LOGIN role\'s Secret with labels; the cross-namespace one with its copy', () => {
    const spec = (role: string, extra = {}) => ({ namespace: NAMESPACE, name: secretName(role), username: role, labels: LABELS, ...extra });
    expect(secretSpecs(job)).toEqual([
      spec('postgres'), spec('standby'), spec('app_owner'), spec('app_user'),
      { ...spec('reporting.analyst'), namespace: 'reporting', copies: [NAMESPACE] },
      // The Patroni REST API's credentials, last: not a database role.
      { namespace: NAMESPACE, name: `${CLUSTER}-patroni-api`, username: 'patroni', labels: LABELS },
    ]);
  });

  test('CREDENTIALS_SECRETS has one Secret per line, so adding a user is a one-line diff (plus a comma)', () => {
    const lines = env(job, 'CREDENTIALS_SECRETS').value.split('\n');
    expect(lines[0]).toBe('[');
    expect(lines[lines.length - 1]).toBe(']');
    expect(lines.slice(1, -1).map((l: string) => JSON.parse(l.replace(/,$/, '')).username)).toEqual(secretSpecs(job).map(s => s.username));
  });

  test('everything of the credentials runs in Argo CD sync wave -1, before the database', () => {
    for (const o of [job, ...built.objects.filter(x => x.metadata.name === SA)]) {
      expect(o.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
    }
  });

  test('typed outputs: a Secret reference per LOGIN role, the cross-namespace one in its namespace', () => {
    expect(built.cluster.userSecrets.map(s => s.username)).toEqual(['postgres', 'standby', 'app_owner', 'app_user', 'reporting.analyst']);
    expect(built.cluster.userSecret('app_user')).toEqual({
      username: 'app_user',
      secretName: secretName('app_user'),
      namespace: NAMESPACE,
      usernameKey: 'username',
      passwordKey: 'password',
      source: CredentialsSource.GENERATED,
    });
    expect(built.cluster.userSecret('reporting.analyst').namespace).toBe('reporting');
  });

  test('userSecret() of an unknown or NOLOGIN role throws, naming the known ones', () => {
    expect(() => built.cluster.userSecret('nobody')).toThrow(
      "test/acid-test: no LOGIN role 'nobody'; known: postgres, standby, app_owner, app_user, reporting.analyst");
    expect(() => built.cluster.userSecret('readers')).toThrow(/no LOGIN role 'readers'/);
  });
});

describe('the credentials Job name', () => {
  const name = (props = {}) => buildUsers({ users: { app: [] }, ...props }).credentialsJob.metadata.name;

  test('is <cluster>-creds-<5 hex>, stable for unchanged input', () => {
    expect(name()).toMatch(new RegExp(`^${CLUSTER}-creds-[0-9a-f]{5}$`));
    expect(name()).toBe(name());
  });

  test('changes when a user is added, the image changes, or the pod labels change (a pod template is immutable)', () => {
    expect(name({ users: { app: [], other: [] } })).not.toBe(name());
    expect(name({ image: 'ghcr.io/zalando/spilo-17:4.0-p3' })).not.toBe(name());
    expect(name({ labels: { tier: 'database' } })).not.toBe(name());
  });

  test('does not change with annotations (Job metadata, not its pod template)', () => {
    expect(name({ annotations: { 'example.com/owner': 'team-a' } })).toBe(name());
  });

  test('does not change with what the Job does not read (flags, databases)', () => {
    expect(name({ users: { app: [UserFlag.CREATEDB] }, databases: { app: 'app' } })).toBe(name());
  });

  test('stays within 63 characters for the longest cluster name (51), as do the ServiceAccount, Role and RoleBinding', () => {
    const long = `a${'b'.repeat(50)}`;
    const built = buildUsers({ name: long, users: { app: [] } });
    expect(built.credentialsJob.metadata.name).toMatch(new RegExp(`^${long}-creds-[0-9a-f]{5}$`));
    expect(built.credentialsJob.metadata.name).toHaveLength(63);
    expect(byName(built.objects, `${long}-credentials`).map(o => o.kind).sort()).toEqual(['Role', 'RoleBinding', 'ServiceAccount']);
    // A Job's name becomes its pods' job-name label value (at most 63); the others are kept as short.
    for (const o of built.objects.filter(x => x.kind === 'Job' || x.metadata.name.startsWith(`${long}-cred`))) {
      expect(o.metadata.name.length).toBeLessThanOrEqual(63);
    }
  });
});

describe('a chart without a namespace', () => {
  test('the credentials objects carry none, and the Secrets go to the Job\'s own namespace (null)', () => {
    const built = buildUsers({ users: { app: [] } }, null);
    expect(built.objects.filter(o => o.metadata.name === SA).map(o => o.metadata.namespace)).toEqual([undefined, undefined, undefined]);
    expect(secretSpecs(built.credentialsJob).map(s => [s.namespace, s.username])).toEqual([[null, 'postgres'], [null, 'standby'], [null, 'app'], [null, 'patroni']]);
    expect(built.cluster.userSecret('app').namespace).toBeUndefined();
  });
});

describe('without users or databases', () => {
  test('the credentials Job still creates the system users\' Secrets; there is no sync Job', () => {
    const built = buildUsers();
    expect(secretSpecs(built.credentialsJob).map(s => s.username)).toEqual(['postgres', 'standby', 'patroni']);
    expect(built.syncJob).toBeUndefined();
    expect(built.syncConfigMap).toBeUndefined();
    expect(built.cluster.userSecrets.map(s => s.username)).toEqual(['postgres', 'standby']);
  });
});
