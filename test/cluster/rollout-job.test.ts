// The rollout Job that replaces members as the operator does (SpiloUpdateStrategy.SWITCHOVER_ONCE). Its program is
// run by the running-cluster tier against real Patroni (rolling update with the primary at any ordinal).
import { PostgresCluster, PostgresSidecar, SpiloUpdateStrategy } from '../../src';
import { ROLLOUT_SCRIPT, ROLLOUT_SCRIPT_FILE } from '../../src/private/rollout-script';
import { byKind, chart, isSharedScripts, named, synth } from '../util';

const rollout = (objects: any[]) => byKind(objects, 'Job').filter(j => /-roll-[0-9a-f]{6}$/.test(j.metadata.name));

test('more than one instance: OnDelete and a rollout Job with its own least-privilege ServiceAccount', () => {
  const c = chart();
  new PostgresCluster(c, 'db', { teamId: 'acid', instances: 3 });
  const objects = synth(c);
  expect(named(objects, 'StatefulSet', 'db').spec.updateStrategy).toEqual({ type: 'OnDelete' });
  const [job] = rollout(objects);
  expect(job.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
  const pod = job.spec.template.spec;
  expect(pod.serviceAccountName).toBe('db-rollout');
  // The program comes from the namespace's shared scripts ConfigMap, mounted read-only.
  expect(pod.containers[0].command).toEqual(['python3', '-I', `/etc/cdk8s-postgres/shared/${ROLLOUT_SCRIPT_FILE}`]);
  const shared = objects.find(isSharedScripts);
  expect(shared.data[ROLLOUT_SCRIPT_FILE]).toBe(ROLLOUT_SCRIPT);
  expect(pod.volumes).toEqual([{ name: 'scripts', configMap: { name: shared.metadata.name } }]);
  expect(pod.containers[0].volumeMounts).toEqual([{ name: 'scripts', mountPath: '/etc/cdk8s-postgres/shared', readOnly: true }]);
  expect(pod.containers[0].env).toEqual([
    { name: 'CLUSTER', value: 'db' },
    { name: 'SELECTOR', value: 'application=spilo,cluster-name=db' },
    { name: 'ROLE_LABEL', value: 'spilo-role' },
    // For POST /switchover.
    { name: 'PATRONI_RESTAPI_USERNAME', valueFrom: { secretKeyRef: { name: 'db-patroni-api', key: 'username' } } },
    { name: 'PATRONI_RESTAPI_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-patroni-api', key: 'password' } } },
  ]);
  expect(named(objects, 'Role', 'db-rollout').rules).toEqual([
    { apiGroups: ['apps'], resourceNames: ['db'], resources: ['statefulsets'], verbs: ['get'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    { apiGroups: [''], resourceNames: ['db-0', 'db-1', 'db-2'], resources: ['pods/eviction'], verbs: ['create'] },
  ]);
  expect(named(objects, 'RoleBinding', 'db-rollout').subjects).toEqual([{ kind: 'ServiceAccount', name: 'db-rollout', namespace: 'db' }]);
});

test('the Job is named after the rendered pod template: a sidecar added later renames it, nothing else does', () => {
  const name = (sidecar: boolean, instances = 2) => {
    const c = chart();
    const db = new PostgresCluster(c, 'db', { teamId: 'acid', instances });
    if (sidecar) db.addSidecar(new PostgresSidecar({ name: 'tail', image: 'busybox:1.36' }));
    return rollout(synth(c)).map(j => j.metadata.name);
  };
  expect(name(false)).toEqual(name(false));
  expect(name(true)).toHaveLength(1);
  expect(name(true)).not.toEqual(name(false));
  // The replica count is not in the template: scaling does not roll the members.
  expect(name(false, 3)).toEqual(name(false, 2));
});

test('one instance, or an explicit strategy: no rollout Job', () => {
  for (const props of [{ instances: 1 }, { instances: 3, updateStrategy: SpiloUpdateStrategy.ROLLING_UPDATE },
    { instances: 3, updateStrategy: SpiloUpdateStrategy.ON_DELETE }]) {
    const c = chart();
    new PostgresCluster(c, 'db', { teamId: 'acid', ...props });
    const objects = synth(c);
    expect(rollout(objects)).toEqual([]);
    expect(byKind(objects, 'ServiceAccount').map(s => s.metadata.name)).not.toContain('db-rollout');
  }
});
