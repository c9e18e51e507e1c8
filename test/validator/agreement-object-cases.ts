/**
 * Agreement cases about other objects and controller fields: PDBs, ConfigMap
 * and Secret keys, "" in enums, RBAC, controller counts, claims, and a sample
 * of the rules the validator had before.
 */

import { clusterRoleBinding, configMap, cronJob, job, pdb, pvc, role, roleBinding, secret, service, statefulSet } from './agreement-fixtures';
import { AgreementCase, CLAIM_TEMPLATES, KUBELET_PORT, CONTROLLER, CRON_TZ, KUBELET, PROJECT, bad, dep, ok, spread, with_ } from './agreement-table';

/** The Service as a load balancer, as the library emits it with allowedSourceRanges, changed by `f`. */
const lb = (f: (o: any) => void) => with_(service(), (o) => {
  Object.assign(o.spec, { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.0.0/16'], externalTrafficPolicy: 'Local' });
  f(o);
});

export const OBJECT_CASES: readonly AgreementCase[] = [
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

  // Service types
  ok('LoadBalancer Service with source ranges and externalTrafficPolicy Local', lb(() => undefined)),
  ok('LoadBalancer source range with spaces and host bits', lb((o) => { o.spec.loadBalancerSourceRanges = [' 10.1.2.3/8 ']; })),
  bad('LoadBalancer source range without prefix', lb((o) => { o.spec.loadBalancerSourceRanges = ['10.0.0.0']; })),
  bad('LoadBalancer source range with prefix 33', lb((o) => { o.spec.loadBalancerSourceRanges = ['10.0.0.0/33']; })),
  bad('LoadBalancer source range of a host name', lb((o) => { o.spec.loadBalancerSourceRanges = ['office.example.com/32']; })),
  bad('LoadBalancer exposing the kubelet port', lb((o) => { o.spec.ports[0].port = 10250; }), KUBELET_PORT),
  bad('LoadBalancer Service headless', lb((o) => { o.spec.clusterIP = 'None'; })),
  bad('ClusterIP Service with loadBalancerSourceRanges', with_(service(), (o) => { o.spec.loadBalancerSourceRanges = ['10.0.0.0/8']; })),
  bad('ClusterIP Service with externalTrafficPolicy', with_(service(), (o) => { o.spec.externalTrafficPolicy = 'Local'; })),
  bad('ClusterIP Service with a nodePort', with_(service(), (o) => { o.spec.ports[0].nodePort = 30432; })),
  ok('NodePort Service with a fixed nodePort and externalTrafficPolicy', with_(service(), (o) => {
    Object.assign(o.spec, { type: 'NodePort', externalTrafficPolicy: 'Cluster' });
    o.spec.ports[0].nodePort = 32767;
  })),
  bad('ClusterIP Service with allocateLoadBalancerNodePorts', with_(service(), (o) => { o.spec.allocateLoadBalancerNodePorts = false; })),
  bad('Service without ports', with_(service(), (o) => { o.spec.ports = []; })),
  ok('headless Service without ports', with_(service(), (o) => { o.spec = { clusterIP: 'None', selector: o.spec.selector }; })),
  ok('sessionAffinityConfig without ClientIP (dropped by defaulting)', with_(service(), (o) => { o.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 0 } }; })),
  bad('ClientIP affinity timeout above a day', with_(service(), (o) => { Object.assign(o.spec, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } }); })),
  ok('ClientIP affinity without config (defaulted)', with_(service(), (o) => { o.spec.sessionAffinity = 'ClientIP'; })),

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
