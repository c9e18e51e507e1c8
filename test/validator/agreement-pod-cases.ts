/**
 * Agreement cases about pods (in a Deployment unless said otherwise): the
 * controls, tolerations, env, mounts, the projected token volume, security
 * contexts, scheduling and probes.
 */

import { clusterRoleBinding, configMap, cronJob, deployment, job, pdb, pvc, role, roleBinding, secret, service, statefulSet } from './agreement-fixtures';
import { AgreementCase, KUBELET, PREF, REQ, RELAXED_ENV, TOKEN_PATH, antiAffinity, bad, dep, nodeTerm, ok, spread, tok } from './agreement-table';

export const POD_CASES: readonly AgreementCase[] = [
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
];
