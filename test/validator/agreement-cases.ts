/**
 * The validator/API-server agreement table: small objects, each a valid
 * control or a control with one field broken, with the verdict the validator
 * gives. test/apiserver/validator-agreement.apiserver.test.ts checks that a
 * real API server (1.28 and 1.34) gives the same verdict; agreement.test.ts
 * checks the validator's side without a server.
 */

import { AGREEMENT_NS, clusterRoleBinding, configMap, cronJob, deployment, job, pdb, pvc, role, roleBinding, secret, service, statefulSet } from './agreement-fixtures';
import { validateManifests } from './index';

export type Verdict = 'accepted' | 'rejected';

export interface AgreementCase {
  readonly name: string;
  readonly object: any;
  readonly verdict: Verdict;
  /** A known disagreement: the server minor versions (1.x) whose verdict is the opposite one, and why. */
  readonly differs?: { readonly on: (minor: number) => boolean; readonly because: string };
}

type Pod = any;
type Container = any;

/** A Deployment changed by `f(pod spec, first container, deployment)`. */
function dep(f: (pod: Pod, pg: Container, d: any) => void): any {
  const d = deployment();
  f(d.spec.template.spec, d.spec.template.spec.containers[0], d);
  return d;
}
const tok = (pod: Pod) => pod.volumes[0].projected.sources;
function with_<T>(o: T, f: (o: T) => void): T {
  f(o);
  return o;
}
const REQ = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREF = 'preferredDuringSchedulingIgnoredDuringExecution';
const nodeTerm = (requirement: any) => ({ nodeAffinity: { [REQ]: { nodeSelectorTerms: [{ matchExpressions: [requirement] }] } } });
/** The library's preferred anti-affinity on its own cluster's pods, with `extra` merged into the term or its weight. */
function antiAffinity(extra: { weight?: number; topologyKey?: string; namespaces?: string[] }): any {
  const { weight, ...term } = extra;
  return {
    podAntiAffinity: {
      [PREF]: [{ weight: weight ?? 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'cluster-name': 'agree' } }, ...term } }],
    },
  };
}
const spread = (extra: any) => ({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'cluster-name': 'agree' } }, ...extra });
const ok = (name: string, object: any, differs?: AgreementCase['differs']): AgreementCase => ({ name, object, verdict: 'accepted', differs });
const bad = (name: string, object: any, differs?: AgreementCase['differs']): AgreementCase => ({ name, object, verdict: 'rejected', differs });

/** RelaxedEnvironmentVariableValidation is on by default from 1.32 (beta) and locked on in 1.34; the library supports 1.28. */
const RELAXED_ENV = { on: (minor: number) => minor >= 32, because: 'newer servers accept any printable ASCII env name but "="; 1.28 does not' };
/** 1.28 does not check a token projection's path; 1.34 does (the first version that does was not pinned down). */
const TOKEN_PATH = { on: (minor: number) => minor === 28, because: '1.28 accepts any serviceAccountToken path; 1.34 requires a local one' };
/** 1.28 only warns about TZ= in a CronJob schedule; 1.34 refuses it (first such version not pinned down). */
const CRON_TZ = { on: (minor: number) => minor === 28, because: '1.28 only warns about TZ= in a schedule; 1.34 rejects it' };
/** 1.28 stores claim templates unchecked (the controller's claim creation fails later); 1.34 checks them at admission. */
const CLAIM_TEMPLATES = { on: (minor: number) => minor === 28, because: '1.28 does not check claim templates; 1.34 does' };
/** The API server stores these; the kubelet refuses the pod later. The validator reports it now, on purpose. */
const KUBELET = { on: () => true, because: 'the kubelet, not the API server, refuses it' };
/** The API server stores it; the StatefulSet controller then cannot create pods (controller-revision-hash label). */
const CONTROLLER = { on: () => true, because: 'the StatefulSet controller, not the API server, fails on it' };
/** Accepted by Kubernetes, refused by this project: a Service or probe naming the port would be ambiguous. */
const PROJECT = { on: () => true, because: 'a rule of this project, stricter than Kubernetes' };

export const AGREEMENT_CASES: readonly AgreementCase[] = [
  // controls
  ok('control: Deployment with projected token volume, restricted security context, tolerations', deployment()),
  ok('control: ConfigMap', configMap()),
  ok('control: Secret without data', secret()),
  ok('control: PDB with matchExpressions and unhealthyPodEvictionPolicy', pdb()),
  ok('control: Service', service()),
  ok('control: StatefulSet', statefulSet()),
  ok('control: Job', job()),
  ok('control: CronJob', cronJob()),
  ok('control: Role', role()),
  ok('control: RoleBinding', roleBinding()),
  ok('control: ClusterRoleBinding', clusterRoleBinding()),
  ok('control: PersistentVolumeClaim', pvc()),

  // tolerations
  bad('toleration key not a qualified name', dep((p) => { p.tolerations[0].key = 'postgres db'; })),
  bad('toleration without key, operator Equal', dep((p) => { p.tolerations[0] = { operator: 'Equal', effect: 'NoSchedule' }; })),
  ok('toleration without key, operator Exists (tolerates everything)', dep((p) => { p.tolerations[0] = { operator: 'Exists' }; })),
  bad('toleration Exists with a value', dep((p) => { p.tolerations[0].value = 'yes'; })),
  bad('toleration Equal with a value that is no label value', dep((p) => { p.tolerations[0] = { key: 'postgres', operator: 'Equal', value: 'a b', effect: 'NoSchedule' }; })),
  ok('toleration Equal with a label value', dep((p) => { p.tolerations[0] = { key: 'postgres', operator: 'Equal', value: 'only-db', effect: 'NoSchedule' }; })),
  ok('toleration with operator "" (Equal) and effect "" (all)', dep((p) => { p.tolerations[0] = { key: 'postgres', operator: '', value: 'db', effect: '' }; })),
  ok('toleration with no operator (Equal) and no effect (all)', dep((p) => { p.tolerations[0] = { key: 'postgres', value: 'only-db' }; })),
  bad('tolerationSeconds with effect NoSchedule', dep((p) => { p.tolerations[1].effect = 'NoSchedule'; })),
  bad('toleration effect not an enum value', dep((p) => { p.tolerations[0].effect = 'NoStart'; })),
  bad('toleration operator not an enum value', dep((p) => { p.tolerations[0].operator = 'In'; })),

  // secretKeyRef / configMapKeyRef / envFrom
  bad('secretKeyRef name not a DNS subdomain', dep((_p, c) => { c.env[2].valueFrom.secretKeyRef.name = 'Postgres_Credentials'; })),
  bad('secretKeyRef key ".."', dep((_p, c) => { c.env[2].valueFrom.secretKeyRef.key = '..'; })),
  bad('secretKeyRef key with "/"', dep((_p, c) => { c.env[2].valueFrom.secretKeyRef.key = 'auth/password'; })),
  bad('secretKeyRef key starting with ".."', dep((_p, c) => { c.env[2].valueFrom.secretKeyRef.key = '..password'; })),
  ok('secretKeyRef key starting with one "."', dep((_p, c) => { c.env[2].valueFrom.secretKeyRef.key = '.password'; })),
  bad('configMapKeyRef key "."', dep((_p, c) => { c.env[3].valueFrom.configMapKeyRef.key = '.'; })),
  bad('configMapKeyRef key of 254 characters', dep((_p, c) => { c.env[3].valueFrom.configMapKeyRef.key = 'k'.repeat(254); })),
  ok('configMapKeyRef key of 253 characters', dep((_p, c) => { c.env[3].valueFrom.configMapKeyRef.key = 'k'.repeat(253); })),
  bad('configMapKeyRef without name', dep((_p, c) => { delete c.env[3].valueFrom.configMapKeyRef.name; })),
  bad('envFrom secretRef name not a DNS subdomain', dep((_p, c) => { c.envFrom = [{ secretRef: { name: 'WAL_Secret' } }]; })),
  bad('envFrom with both configMapRef and secretRef', dep((_p, c) => { c.envFrom = [{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }]; })),

  // env names and downward API
  bad('env name starting with a digit', dep((_p, c) => { c.env[0].name = '1SCOPE'; }), RELAXED_ENV),
  bad('env name starting with ".."', dep((_p, c) => { c.env[0].name = '..SCOPE'; }), RELAXED_ENV),
  bad('env name with "="', dep((_p, c) => { c.env[0].name = 'A=B'; })),
  bad('env fieldRef status.phase (not offered to env vars)', dep((_p, c) => { c.env[1].valueFrom.fieldRef.fieldPath = 'status.phase'; })),
  ok('env fieldRef of one label', dep((_p, c) => { c.env[1].valueFrom.fieldRef.fieldPath = "metadata.labels['cluster-name']"; })),
  bad('env resourceFieldRef of an unknown resource', dep((_p, c) => { c.env[1].valueFrom = { resourceFieldRef: { resource: 'limits.gpu' } }; })),
  bad('env with value and valueFrom', dep((_p, c) => { c.env[2].value = 'x'; })),
  // server-side apply treats env as a map keyed by name and refuses the duplicate
  bad('env duplicate name', dep((_p, c) => { c.env.push({ name: 'SCOPE', value: 'again' }); })),

  // volume mounts
  bad('subPath absolute', dep((_p, c) => { c.volumeMounts[1].subPath = '/shm'; })),
  bad('subPath with a ".." segment', dep((_p, c) => { c.volumeMounts[1].subPath = 'a/../../b'; })),
  ok('subPath starting with ".." but no ".." segment', dep((_p, c) => { c.volumeMounts[1].subPath = '..shm'; })),
  bad('subPathExpr with a ".." segment', dep((_p, c) => { c.volumeMounts[1].subPathExpr = '../$(POD_NAME)'; })),
  bad('subPath and subPathExpr both set', dep((_p, c) => { Object.assign(c.volumeMounts[1], { subPath: 'a', subPathExpr: '$(POD_NAME)' }); })),
  bad('volumeMount naming no pod volume', dep((_p, c) => { c.volumeMounts[1].name = 'shm'; })),
  bad('mountPath used twice in a container', dep((_p, c) => { c.volumeMounts[1].mountPath = c.volumeMounts[0].mountPath; })),
  bad('empty mountPath', dep((_p, c) => { c.volumeMounts[1].mountPath = ''; })),
  bad('volume name not a DNS label', dep((p, c) => { p.volumes[1].name = 'dev_shm'; c.volumeMounts[1].name = 'dev_shm'; })),
  bad('volume name used twice', dep((p) => { p.volumes.push({ name: 'dshm', emptyDir: {} }); })),

  // projected token volume
  bad('serviceAccountToken expirationSeconds 599', dep((p) => { tok(p)[0].serviceAccountToken.expirationSeconds = 599; })),
  ok('serviceAccountToken expirationSeconds 600', dep((p) => { tok(p)[0].serviceAccountToken.expirationSeconds = 600; })),
  bad('serviceAccountToken expirationSeconds above 2^32', dep((p) => { tok(p)[0].serviceAccountToken.expirationSeconds = 2 ** 32 + 1; })),
  bad('serviceAccountToken empty path', dep((p) => { tok(p)[0].serviceAccountToken.path = ''; })),
  bad('serviceAccountToken absolute path', dep((p) => { tok(p)[0].serviceAccountToken.path = '/token'; }), TOKEN_PATH),
  bad('projection with two types', dep((p) => { tok(p)[1].secret = { name: 'agree-tls' }; })),
  bad('projected item path reserved ("..data")', dep((p) => { tok(p)[1].configMap.items[0].path = '..data'; })),
  bad('projected item path absolute', dep((p) => { tok(p)[1].configMap.items[0].path = '/ca.crt'; })),
  bad('projected item with empty key', dep((p) => { tok(p)[1].configMap.items[0].key = ''; })),
  bad('projected configMap without name', dep((p) => { tok(p)[1].configMap.name = ''; })),
  bad('two projections write the same path', dep((p) => { tok(p)[2].downwardAPI.items[0].path = 'ca.crt'; })),
  bad('downwardAPI projection of spec.nodeName (env only)', dep((p) => { tok(p)[2].downwardAPI.items[0].fieldRef.fieldPath = 'spec.nodeName'; })),
  ok('downwardAPI projection of all labels', dep((p) => { tok(p)[2].downwardAPI.items[0].fieldRef.fieldPath = 'metadata.labels'; })),
  bad('projected defaultMode above 0777', dep((p) => { p.volumes[0].projected.defaultMode = 0o1000; })),
  bad('configMap volume item mode above 0777', dep((p) => { p.volumes.push({ name: 'cfg', configMap: { name: 'agree-config', items: [{ key: 'spilo.yaml', path: 'spilo.yaml', mode: 1000 }] } }); })),
  bad('secret volume without secretName', dep((p) => { p.volumes.push({ name: 'tls', secret: { defaultMode: 0o400 } }); })),

  // security contexts
  bad('seccompProfile Localhost without localhostProfile', dep((p) => { p.securityContext.seccompProfile = { type: 'Localhost' }; })),
  ok('seccompProfile Localhost with a relative profile', dep((p) => { p.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/pg.json' }; })),
  bad('seccompProfile Localhost with an absolute profile', dep((p) => { p.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: '/profiles/pg.json' }; })),
  bad('seccompProfile RuntimeDefault with a localhostProfile', dep((p) => { p.securityContext.seccompProfile.localhostProfile = 'pg.json'; })),
  bad('container seccompProfile Unconfined with a localhostProfile', dep((_p, c) => { c.securityContext.seccompProfile = { type: 'Unconfined', localhostProfile: 'pg.json' }; })),
  bad('seccompProfile type not an enum value', dep((p) => { p.securityContext.seccompProfile.type = 'Default'; })),
  bad('allowPrivilegeEscalation false with privileged true', dep((_p, c) => { c.securityContext.privileged = true; })),
  bad('allowPrivilegeEscalation false with CAP_SYS_ADMIN added', dep((_p, c) => { c.securityContext.capabilities.add = ['CAP_SYS_ADMIN']; })),
  ok('capability names are not checked', dep((_p, c) => { c.securityContext.capabilities.drop = ['ALL', 'not a capability']; })),
  bad('negative runAsUser', dep((p) => { p.securityContext.runAsUser = -1; })),
  bad('runAsGroup above 2^31-1', dep((_p, c) => { c.securityContext.runAsGroup = 2 ** 31; })),
  bad('runAsNonRoot with runAsUser 0', dep((p) => { p.securityContext.runAsUser = 0; }), KUBELET),

  // PodDisruptionBudget
  bad('PDB unhealthyPodEvictionPolicy not an enum value', with_(pdb(), (o) => { o.spec.unhealthyPodEvictionPolicy = 'Never'; })),
  ok('PDB unhealthyPodEvictionPolicy AlwaysAllow', with_(pdb(), (o) => { o.spec.unhealthyPodEvictionPolicy = 'AlwaysAllow'; })),
  bad('PDB minAvailable and maxUnavailable', with_(pdb(), (o) => { o.spec.maxUnavailable = 1; })),
  bad('PDB maxUnavailable above 100%', with_(pdb(), (o) => { o.spec = { ...o.spec, minAvailable: undefined, maxUnavailable: '101%' }; })),
  bad('PDB matchExpressions In without values', with_(pdb(), (o) => { o.spec.selector.matchExpressions[0].values = []; })),
  bad('PDB matchExpressions Exists with values', with_(pdb(), (o) => { o.spec.selector.matchExpressions[0].operator = 'Exists'; })),
  bad('PDB matchExpressions operator not In/NotIn/Exists/DoesNotExist', with_(pdb(), (o) => { o.spec.selector.matchExpressions[0].operator = 'Equals'; })),

  // ConfigMap and Secret keys
  bad('ConfigMap data key ".."', with_(configMap(), (o) => { o.data['..'] = 'x'; })),
  bad('ConfigMap data key "."', with_(configMap(), (o) => { o.data['.'] = 'x'; })),
  bad('ConfigMap data key with "/"', with_(configMap(), (o) => { o.data['conf.d/a.yaml'] = 'x'; })),
  bad('ConfigMap binaryData key starting with ".."', with_(configMap(), (o) => { o.binaryData = { '..blob': 'AAAA' }; })),
  bad('ConfigMap key in data and binaryData', with_(configMap(), (o) => { o.binaryData = { 'spilo.yaml': 'AAAA' }; })),
  ok('ConfigMap keys with ".", "-" and "_"', with_(configMap(), (o) => { o.data['.pg_service.conf'] = 'x'; o.binaryData = { 'ca-bundle.der': 'AAAA' }; })),
  bad('ConfigMap over 1 MiB', with_(configMap(), (o) => { o.data['big.txt'] = 'x'.repeat(1024 * 1024); })),
  bad('Secret stringData key ".."', with_(secret(), (o) => { o.stringData = { '..': 'x' }; })),
  bad('Secret stringData key with a space', with_(secret(), (o) => { o.stringData = { 'pg password': 'x' }; })),
  bad('Secret data key with "/"', with_(secret(), (o) => { o.data = { 'a/b': 'eA==' }; })),

  // "" for an enum: some fields take it as unset (defaulted, or a documented meaning), others refuse it
  ok('imagePullPolicy "" (defaulted)', dep((_p, c) => { c.imagePullPolicy = ''; })),
  ok('restartPolicy "" (defaulted)', dep((p) => { p.restartPolicy = ''; })),
  ok('container port protocol "" (defaulted)', dep((_p, c) => { c.ports[0].protocol = ''; })),
  ok('Service type "" (defaulted)', with_(service(), (o) => { o.spec.type = ''; })),
  bad('seccompProfile type ""', dep((p) => { p.securityContext.seccompProfile.type = ''; })),
  bad('PDB unhealthyPodEvictionPolicy ""', with_(pdb(), (o) => { o.spec.unhealthyPodEvictionPolicy = ''; })),

  // scheduling
  ok('node affinity with In, Gt, DoesNotExist and matchFields', dep((p) => { p.affinity = { nodeAffinity: { [REQ]: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'cores', operator: 'Gt', values: ['4'] }, { key: 'spot', operator: 'DoesNotExist' }], matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }] } } }; })),
  bad('node affinity In without values', dep((p) => { p.affinity = nodeTerm({ key: 'zone', operator: 'In', values: [] }); })),
  bad('node affinity Gt with two values', dep((p) => { p.affinity = nodeTerm({ key: 'cores', operator: 'Gt', values: ['4', '8'] }); })),
  bad('node affinity Exists with values', dep((p) => { p.affinity = nodeTerm({ key: 'zone', operator: 'Exists', values: ['a'] }); })),
  bad('node affinity key not a qualified name', dep((p) => { p.affinity = nodeTerm({ key: 'disk type', operator: 'Exists' }); })),
  bad('node affinity without terms', dep((p) => { p.affinity = { nodeAffinity: { [REQ]: { nodeSelectorTerms: [] } } }; })),
  bad('node affinity matchFields on a label', dep((p) => { p.affinity = { nodeAffinity: { [REQ]: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.labels', operator: 'In', values: ['x'] }] }] } } }; })),
  bad('preferred node affinity weight 0', dep((p) => { p.affinity = { nodeAffinity: { [PREF]: [{ weight: 0, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } }] } }; })),
  ok('pod anti-affinity as the library emits it', dep((p) => { p.affinity = antiAffinity({}); })),
  bad('pod anti-affinity weight 101', dep((p) => { p.affinity = antiAffinity({ weight: 101 }); })),
  bad('pod anti-affinity without topologyKey', dep((p) => { p.affinity = antiAffinity({ topologyKey: '' }); })),
  bad('pod anti-affinity topologyKey not a qualified name', dep((p) => { p.affinity = antiAffinity({ topologyKey: 'host name' }); })),
  bad('pod affinity namespace not a DNS label', dep((p) => { p.affinity = antiAffinity({ namespaces: ['Team.A'] }); })),
  ok('topology spread with minDomains and DoNotSchedule', dep((p) => { p.topologySpreadConstraints = [spread({ minDomains: 2 })]; })),
  bad('topology spread maxSkew 0', dep((p) => { p.topologySpreadConstraints = [spread({ maxSkew: 0 })]; })),
  bad('topology spread minDomains with ScheduleAnyway', dep((p) => { p.topologySpreadConstraints = [spread({ minDomains: 2, whenUnsatisfiable: 'ScheduleAnyway' })]; })),
  bad('topology spread without topologyKey', dep((p) => { p.topologySpreadConstraints = [spread({ topologyKey: '' })]; })),
  bad('topology spread key and action repeated', dep((p) => { p.topologySpreadConstraints = [spread({}), spread({ maxSkew: 2 })]; })),
  bad('nodeSelector value not a label value', dep((p) => { p.nodeSelector = { disktype: 'fast ssd' }; })),
  bad('priorityClassName not a DNS subdomain', dep((p) => { p.priorityClassName = 'Postgres_Critical'; })),

  // probes
  ok('liveness probe successThreshold 0 (defaulted to 1)', dep((_p, c) => { c.livenessProbe = { tcpSocket: { port: 5432 }, successThreshold: 0 }; })),
  bad('liveness probe successThreshold 2', dep((_p, c) => { c.livenessProbe = { tcpSocket: { port: 5432 }, successThreshold: 2 }; })),
  bad('startup probe successThreshold 2', dep((_p, c) => { c.startupProbe = { tcpSocket: { port: 5432 }, successThreshold: 2 }; })),
  ok('readiness probe successThreshold 3', dep((_p, c) => { c.readinessProbe.successThreshold = 3; })),
  bad('readiness probe terminationGracePeriodSeconds', dep((_p, c) => { c.readinessProbe.terminationGracePeriodSeconds = 10; })),
  bad('liveness probe terminationGracePeriodSeconds 0', dep((_p, c) => { c.livenessProbe = { tcpSocket: { port: 5432 }, terminationGracePeriodSeconds: 0 }; })),
  bad('probe timeoutSeconds negative', dep((_p, c) => { c.readinessProbe.timeoutSeconds = -1; })),

  // more "" enums
  ok('dnsPolicy "" (defaulted)', dep((p) => { p.dnsPolicy = ''; })),
  ok('terminationMessagePolicy "" (defaulted)', dep((_p, c) => { c.terminationMessagePolicy = ''; })),
  ok('Deployment strategy type "" (defaulted)', dep((_p, _c, d) => { d.spec.strategy = { type: '' }; })),
  ok('StatefulSet podManagementPolicy "" (defaulted)', with_(statefulSet(), (o) => { o.spec.podManagementPolicy = ''; })),
  ok('StatefulSet updateStrategy type "" (defaulted)', with_(statefulSet(), (o) => { o.spec.updateStrategy = { type: '' }; })),
  ok('Service sessionAffinity "" (defaulted)', with_(service(), (o) => { o.spec.sessionAffinity = ''; })),
  bad('topology spread whenUnsatisfiable ""', dep((p) => { p.topologySpreadConstraints = [spread({ whenUnsatisfiable: '' })]; })),

  // RBAC
  bad('Role rule without verbs', with_(role(), (o) => { o.rules[0].verbs = []; })),
  bad('Role rule without apiGroups', with_(role(), (o) => { delete o.rules[0].apiGroups; })),
  bad('Role rule without resources', with_(role(), (o) => { o.rules[0].resources = []; })),
  bad('Role rule with nonResourceURLs', with_(role(), (o) => { o.rules = [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }]; })),
  bad('RoleBinding roleRef kind ServiceAccount', with_(roleBinding(), (o) => { o.roleRef.kind = 'ServiceAccount'; })),
  ok('RoleBinding roleRef apiGroup "" (defaulted)', with_(roleBinding(), (o) => { o.roleRef.apiGroup = ''; })),
  bad('RoleBinding roleRef apiGroup apps', with_(roleBinding(), (o) => { o.roleRef.apiGroup = 'apps'; })),
  bad('RoleBinding roleRef name with "/"', with_(roleBinding(), (o) => { o.roleRef.name = 'agree/reader'; })),
  bad('RoleBinding ServiceAccount subject name not a DNS subdomain', with_(roleBinding(), (o) => { o.subjects[0].name = 'Agree_SA'; })),
  bad('RoleBinding ServiceAccount subject with the RBAC apiGroup', with_(roleBinding(), (o) => { o.subjects[0].apiGroup = 'rbac.authorization.k8s.io'; })),
  bad('RoleBinding subject kind Pod', with_(roleBinding(), (o) => { o.subjects[0].kind = 'Pod'; })),
  ok('RoleBinding User subject without apiGroup (defaulted)', with_(roleBinding(), (o) => { o.subjects.push({ kind: 'User', name: 'alice@example.com' }); })),
  bad('RoleBinding Group subject with the core apiGroup', with_(roleBinding(), (o) => { o.subjects.push({ kind: 'Group', name: 'dba', apiGroup: 'v1' }); })),
  bad('ClusterRoleBinding ServiceAccount subject without namespace', with_(clusterRoleBinding(), (o) => { delete o.subjects[0].namespace; })),
  bad('ClusterRoleBinding to a Role', with_(clusterRoleBinding(), (o) => { o.roleRef.kind = 'Role'; })),

  // controller counts
  bad('Deployment replicas -1', dep((_p, _c, d) => { d.spec.replicas = -1; })),
  bad('Deployment revisionHistoryLimit -1', dep((_p, _c, d) => { d.spec.revisionHistoryLimit = -1; })),
  ok('Deployment minReadySeconds 599 (progress deadline defaults to 600)', dep((_p, _c, d) => { d.spec.minReadySeconds = 599; })),
  bad('Deployment minReadySeconds 600 (progress deadline defaults to 600)', dep((_p, _c, d) => { d.spec.minReadySeconds = 600; })),
  bad('Deployment progressDeadlineSeconds not above minReadySeconds', dep((_p, _c, d) => { Object.assign(d.spec, { minReadySeconds: 30, progressDeadlineSeconds: 30 }); })),
  bad('Deployment pod with activeDeadlineSeconds', dep((p) => { p.activeDeadlineSeconds = 3600; })),
  bad('StatefulSet minReadySeconds -1', with_(statefulSet(), (o) => { o.spec.minReadySeconds = -1; })),
  bad('StatefulSet rollingUpdate partition -1', with_(statefulSet(), (o) => { o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } }; })),
  bad('StatefulSet pod with activeDeadlineSeconds', with_(statefulSet(), (o) => { o.spec.template.spec.activeDeadlineSeconds = 3600; })),
  bad('StatefulSet persistentVolumeClaimRetentionPolicy whenDeleted Keep', with_(statefulSet(), (o) => { o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep', whenScaled: 'Retain' }; })),
  ok('StatefulSet persistentVolumeClaimRetentionPolicy whenScaled "" (defaulted)', with_(statefulSet(), (o) => { o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: '' }; })),
  ok('StatefulSet revisionHistoryLimit -1 (not checked)', with_(statefulSet(), (o) => { o.spec.revisionHistoryLimit = -1; })),
  bad('Job backoffLimit -1', with_(job(), (o) => { o.spec.backoffLimit = -1; })),
  bad('Job ttlSecondsAfterFinished -1', with_(job(), (o) => { o.spec.ttlSecondsAfterFinished = -1; })),
  ok('Job pod activeDeadlineSeconds 3600', with_(job(), (o) => { o.spec.template.spec.activeDeadlineSeconds = 3600; })),
  bad('Job pod activeDeadlineSeconds 0', with_(job(), (o) => { o.spec.template.spec.activeDeadlineSeconds = 0; })),
  bad('CronJob failedJobsHistoryLimit -1', with_(cronJob(), (o) => { o.spec.failedJobsHistoryLimit = -1; })),
  bad('CronJob startingDeadlineSeconds -1', with_(cronJob(), (o) => { o.spec.startingDeadlineSeconds = -1; })),

  // claim templates and claims
  bad('claim template without accessModes', with_(statefulSet(), (o) => { delete o.spec.volumeClaimTemplates[0].spec.accessModes; }), CLAIM_TEMPLATES),
  bad('claim template without a storage request', with_(statefulSet(), (o) => { o.spec.volumeClaimTemplates[0].spec.resources = {}; }), CLAIM_TEMPLATES),
  bad('claim template storage 0', with_(statefulSet(), (o) => { o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '0'; }), CLAIM_TEMPLATES),
  bad('claim template ReadWriteOncePod with ReadWriteOnce', with_(statefulSet(), (o) => { o.spec.volumeClaimTemplates[0].spec.accessModes = ['ReadWriteOncePod', 'ReadWriteOnce']; }), CLAIM_TEMPLATES),
  bad('claim template storageClassName not a DNS subdomain', with_(statefulSet(), (o) => { o.spec.volumeClaimTemplates[0].spec.storageClassName = 'Fast_SSD'; }), CLAIM_TEMPLATES),
  ok('claim template with storageClassName "" (no class)', with_(statefulSet(), (o) => { o.spec.volumeClaimTemplates[0].spec.storageClassName = ''; })),
  bad('PersistentVolumeClaim without accessModes', with_(pvc(), (o) => { o.spec.accessModes = []; })),
  bad('PersistentVolumeClaim storage 0', with_(pvc(), (o) => { o.spec.resources.requests.storage = '0Gi'; })),

  // a sample of the rules that were there before
  bad('container name not a DNS label', dep((_p, c) => { c.name = 'Postgres'; })),
  bad('container port name longer than 15', dep((_p, c) => { c.ports[0].name = 'postgresql-main-port'; c.readinessProbe.tcpSocket.port = 5432; })),
  bad('probe without handler', dep((_p, c) => { c.readinessProbe = { periodSeconds: 10 }; })),
  bad('requests above limits', dep((_p, c) => { c.resources.requests.memory = '2Gi'; })),
  bad('quantity with a unit typo', dep((_p, c) => { c.resources.limits.memory = '1GB'; })),
  bad('unknown field', dep((_p, c) => { c.imagePullPolicyy = 'Always'; })),
  bad('restartPolicy OnFailure in a Deployment', dep((p) => { p.restartPolicy = 'OnFailure'; })),
  bad('selector does not match the template labels', dep((_p, _c, d) => { d.spec.selector.matchLabels['cluster-name'] = 'other'; })),
  bad('label value with a space', dep((_p, _c, d) => { d.metadata.labels.team = 'acid team'; })),
  bad('object name not a DNS subdomain', with_(configMap(), (o) => { o.metadata.name = 'Agree_Config'; })),
  bad('Service port name not a DNS label', with_(service(), (o) => { o.spec.ports[0].name = 'PostgreSQL'; })),
  bad('Service name starting with a digit', with_(service(), (o) => { o.metadata.name = '1-agree'; })),
  bad('Service with two ports, unnamed', with_(service(), (o) => { o.spec.ports = [{ port: 5432 }, { port: 8008 }]; })),
  bad('Service named targetPort with "--"', with_(service(), (o) => { o.spec.ports[0].targetPort = 'pg--main'; })),
  bad('port name used by two containers of a pod', dep((p) => { p.containers.push({ name: 'exporter', image: 'exporter', ports: [{ name: 'postgresql', containerPort: 9187 }] }); }), PROJECT),
  bad('port name used twice in one container', dep((_p, c) => { c.ports.push({ name: 'postgresql', containerPort: 5433 }); })),
  bad('probe naming a port the container does not have', dep((_p, c) => { c.readinessProbe.tcpSocket.port = 'patroni'; }), KUBELET),
  ok('StatefulSet name of 52 characters', with_(statefulSet(), (o) => { o.metadata.name = 's'.repeat(52); })),
  bad('StatefulSet name of 53 characters', with_(statefulSet(), (o) => { o.metadata.name = 's'.repeat(53); }), CONTROLLER),
  bad('StatefulSet name of 64 characters', with_(statefulSet(), (o) => { o.metadata.name = 's'.repeat(64); })),
  bad('StatefulSet name with a dot', with_(statefulSet(), (o) => { o.metadata.name = 'agree.db'; })),
  ok('Job name of 63 characters', with_(job(), (o) => { o.metadata.name = 'j'.repeat(63); })),
  bad('Job name of 64 characters', with_(job(), (o) => { o.metadata.name = 'j'.repeat(64); })),
  bad('Job restartPolicy Always', with_(job(), (o) => { o.spec.template.spec.restartPolicy = 'Always'; })),
  bad('Job selector without manualSelector', with_(job(), (o) => { o.spec.selector = { matchLabels: { a: 'b' } }; o.spec.template.metadata = { labels: { a: 'b' } }; })),
  bad('CronJob name of 53 characters', with_(cronJob(), (o) => { o.metadata.name = 'c'.repeat(53); })),
  bad('CronJob schedule of 4 fields', with_(cronJob(), (o) => { o.spec.schedule = '30 00 * *'; })),
  bad('CronJob schedule with TZ=', with_(cronJob(), (o) => { o.spec.schedule = 'TZ=UTC 30 00 * * *'; }), CRON_TZ),
];

/**
 * Rules left out of the verdict: the API server has no counterpart by design (references are resolved when a
 * pod starts, not when a template is admitted; this project never puts Secret content in manifests), and the
 * cases break one field each, so these would only add noise.
 */
const NOT_JUDGED: ReadonlySet<string> = new Set(['ref/missing', 'secret/data']);

/** The validator's verdict on one object, with the issues behind it ("rule path"). */
export function validatorVerdict(obj: any): { verdict: Verdict; issues: string[] } {
  const issues = validateManifests([obj], { defaultNamespace: AGREEMENT_NS })
    .filter((i) => !NOT_JUDGED.has(i.rule))
    .map((i) => `${i.rule} ${i.path}`);
  return { verdict: issues.length ? 'rejected' : 'accepted', issues };
}
