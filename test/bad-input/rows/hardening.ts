// Issue 14's hardening: pod security profiles, the strict policy, least privilege of sidecars, plaintext secrets in
// env, capabilities, and cross-namespace credentials.
import { Size } from 'cdk8s';
import { PodSecurityProfile, PostgresSidecar, UserFlag } from '../../../src';
import { BadInputRow, row } from '../row';

const RESTRICTED = { podSecurityProfile: PodSecurityProfile.RESTRICTED };
const STRICT = { strictPolicy: true };
const sidecar = (extra: Record<string, unknown>) => new PostgresSidecar({ name: 'helper', image: 'busybox:1.36', ...extra });

export const rows: BadInputRow[] = [
  // profile and strict mode themselves (JavaScript callers)
  row('unknown pod security profile', 'PostgresClusterProps.podSecurityProfile', () => ({ props: { podSecurityProfile: 'hardened' as any } }),
    /podSecurityProfile: 'hardened' is not valid; expected one of 'operator', 'restricted'/),
  row('unknown fleet pod security profile', 'FleetDefaultsProps.podSecurityProfile', () => ({ fleet: { podSecurityProfile: 'baseline' as any } }),
    /fleet\.podSecurityProfile: 'baseline' is not valid; expected one of 'operator', 'restricted'/),
  row('strictPolicy that is not a boolean', 'FleetDefaultsProps.strictPolicy', () => ({ fleet: { strictPolicy: 'yes' as any } }),
    /fleet\.strictPolicy: 'yes' is not valid; expected true or false/),
  // capabilities
  row('capability ALL', 'FleetDefaultsProps.additionalPodCapabilities', () => ({ fleet: { additionalPodCapabilities: ['ALL'] } }),
    /fleet\.additionalPodCapabilities\[0\]: 'ALL' is not valid; expected single capabilities/),
  row('capability that does not exist', 'FleetDefaultsProps.additionalPodCapabilities', () => ({ fleet: { additionalPodCapabilities: ['sys_nice', 'make_coffee'] } }),
    /fleet\.additionalPodCapabilities\[1\]: 'make_coffee' is not valid; expected a Linux capability name/),
  row('privileged without escalation (the API server refuses it)', ['FleetDefaultsProps.privileged', 'FleetDefaultsProps.allowPrivilegeEscalation'],
    () => ({ fleet: { privileged: true, allowPrivilegeEscalation: false } }), /fleet\.privileged, fleet\.allowPrivilegeEscalation: a privileged container always allows privilege escalation/),
  // restricted profile
  row('restricted with a privileged postgres container', 'FleetDefaultsProps.privileged', () => ({ fleet: { ...RESTRICTED, privileged: true } }),
    /fleet\.privileged: true is not valid; expected false under PodSecurityProfile\.RESTRICTED/),
  row('restricted with privilege escalation', 'FleetDefaultsProps.allowPrivilegeEscalation', () => ({ fleet: { ...RESTRICTED, allowPrivilegeEscalation: true } }),
    /fleet\.allowPrivilegeEscalation: true is not valid; expected false under PodSecurityProfile\.RESTRICTED/),
  row('restricted with an added capability', 'FleetDefaultsProps.additionalPodCapabilities', () => ({ fleet: { ...RESTRICTED, additionalPodCapabilities: ['SYS_NICE'] } }),
    /fleet\.additionalPodCapabilities\[0\]: 'SYS_NICE' is not valid; expected no added capability under PodSecurityProfile\.RESTRICTED/),
  row('restricted with runAsUser 0', 'PostgresClusterProps.runAsUser', () => ({ props: { ...RESTRICTED, runAsUser: 0 } }),
    /runAsUser: 0 is not valid; expected a non-zero uid under PodSecurityProfile\.RESTRICTED/),
  row('restricted with a hostPath additional volume', 'AdditionalVolume.volume',
    () => ({ props: { ...RESTRICTED, additionalVolumes: [{ volume: { name: 'host', hostPath: { path: '/var/lib' } }, mountPath: '/host' }] } }),
    /additionalVolumes\[0\]\.volume\.hostPath: '\/var\/lib' is not valid; expected no hostPath volume under PodSecurityProfile\.RESTRICTED/),
  row('restricted with an nfs volume', 'AdditionalVolume.volume',
    () => ({ props: { ...RESTRICTED, additionalVolumes: [{ volume: { name: 'share', nfs: { server: 'nfs.example.org', path: '/x' } }, mountPath: '/share' }] } }),
    /additionalVolumes\[0\]\.volume\.nfs: 'share' is not valid; expected a volume of type configMap, csi/),
  row('restricted with a sidecar allowing escalation', 'PostgresSidecarProps.securityContext',
    () => ({ props: { ...RESTRICTED, sidecars: [sidecar({ securityContext: { allowPrivilegeEscalation: true } })] } }),
    /sidecars\[0\]\.securityContext\.allowPrivilegeEscalation: true is not valid; expected false under PodSecurityProfile\.RESTRICTED/),
  row('restricted with a sidecar running as root', 'PostgresSidecarProps.securityContext',
    () => ({ props: { ...RESTRICTED, sidecars: [sidecar({ securityContext: { runAsUser: 0 } })] } }),
    /sidecars\[0\]\.securityContext\.runAsUser: 0 is not valid; expected a non-zero uid/),
  row('restricted with an unconfined init container', 'PostgresClusterProps.initContainers',
    () => ({ props: { ...RESTRICTED, initContainers: [{ name: 'prep', image: 'busybox:1.36', securityContext: { seccompProfile: { type: 'Unconfined' } } }] } }),
    /initContainers\[0\]\.securityContext\.seccompProfile\.type: 'Unconfined' is not valid; expected RuntimeDefault or Localhost/),
  row('restricted with a fleet sidecar volume of hostPath', 'PostgresSidecarProps.volumes',
    () => ({ fleet: { ...RESTRICTED, sidecars: [sidecar({ volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] })] } }),
    /fleet\.sidecars\[0\]\.volumes\[0\]\.hostPath: '\/var\/log' is not valid; expected no hostPath volume/),
  // strict policy
  row('strict: trust in pg_hba', 'PatroniOptions.pgHba', () => ({ fleet: STRICT, props: { patroni: { pgHba: ['host all all 10.0.0.0/8 trust'] } } }),
    /patroni\.pgHba\[0\]: 'host all all 10\.0\.0\.0\/8 trust' is not valid; expected an entry without the trust method \(fleet\.strictPolicy\)/),
  row('strict: load balancer open to the world', 'LoadBalancerOptions.allowedSourceRanges',
    () => ({ fleet: STRICT, props: { loadBalancer: { master: true, allowedSourceRanges: ['10.0.0.0/8', '0.0.0.0/0'] } } }),
    /loadBalancer\.allowedSourceRanges\[1\]: '0\.0\.0\.0\/0' is not valid; expected a range narrower than every address/),
  row('strict: superuser application user', 'PostgresClusterProps.users', () => ({ fleet: STRICT, props: { users: { app: [UserFlag.SUPERUSER] } } }),
    /users\['app'\]\[0\]: 'superuser' is not valid; expected an attribute other than SUPERUSER, REPLICATION, BYPASSRLS/),
  row('strict: bypassrls application user', 'PostgresClusterProps.users', () => ({ fleet: STRICT, props: { users: { app: [UserFlag.LOGIN, UserFlag.BYPASSRLS] } } }),
    /users\['app'\]\[1\]: 'bypassrls' is not valid/),
  row('strict: ssl off', 'PostgresClusterProps.parameters', () => ({ fleet: STRICT, props: { parameters: { ssl: 'off' } } }),
    /parameters\['ssl'\]: 'off' is not valid; expected on \(fleet\.strictPolicy\)/),
  row('strict: ALLOW_NOSSL', 'PostgresClusterProps.env', () => ({ fleet: STRICT, props: { env: [{ name: 'ALLOW_NOSSL', value: 'true' }] } }),
    /env\[0\]\.name: 'ALLOW_NOSSL' is not valid/),
  row('strict: privileged postgres', 'FleetDefaultsProps.privileged', () => ({ fleet: { ...STRICT, privileged: true } }),
    /fleet\.privileged: true is not valid; expected false \(fleet\.strictPolicy\)/),
  row('strict: added capability', 'FleetDefaultsProps.additionalPodCapabilities', () => ({ fleet: { ...STRICT, additionalPodCapabilities: ['SYS_NICE'] } }),
    /fleet\.additionalPodCapabilities\[0\]: 'SYS_NICE' is not valid; expected no added capability \(fleet\.strictPolicy\)/),
  row('strict: privileged sidecar', 'PostgresSidecarProps.securityContext', () => ({ fleet: STRICT, props: { sidecars: [sidecar({ securityContext: { privileged: true } })] } }),
    /sidecars\[0\]\.securityContext\.privileged: true is not valid; expected false \(fleet\.strictPolicy\)/),
  row('strict: hostPath volume', 'AdditionalVolume.volume',
    () => ({ fleet: STRICT, props: { additionalVolumes: [{ volume: { name: 'host', hostPath: { path: '/' } }, mountPath: '/host' }] } }),
    /additionalVolumes\[0\]\.volume\.hostPath: '\/' is not valid; expected no hostPath volume \(fleet\.strictPolicy\)/),
  row('strict: literal value in an *_KEY variable', 'PostgresClusterProps.env',
    () => ({ fleet: STRICT, props: { env: [{ name: 'AWS_ACCESS_KEY_ID', value: 'AKIAEXAMPLE' }] } }),
    /env\[0\]\.value: '<11 characters>' is not valid; expected valueFrom\.secretKeyRef for AWS_ACCESS_KEY_ID/),
  // plaintext secrets, always
  row('password in plain env', 'PostgresClusterProps.env', () => ({ props: { env: [{ name: 'PGPASSWORD', value: 'hunter2' }] } }),
    /env\[0\]\.value: '<7 characters>' is not valid; expected valueFrom\.secretKeyRef for PGPASSWORD, which looks like a secret/),
  row('secret in a sidecar env', 'PostgresSidecarProps.env',
    () => ({ props: { sidecars: [sidecar({ env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'abc' }] })] } }),
    /sidecars\[0\]\.env\[0\]\.value: '<3 characters>' is not valid; expected valueFrom\.secretKeyRef for AWS_SECRET_ACCESS_KEY/),
  row('token in an init container env', 'PostgresClusterProps.initContainers',
    () => ({ props: { initContainers: [{ name: 'prep', image: 'busybox:1.36', env: [{ name: 'GITHUB_TOKEN', value: 'ghp_x' }] }] } }),
    /initContainers\[0\]\.env\[0\]\.value: '<5 characters>' is not valid; expected valueFrom\.secretKeyRef for GITHUB_TOKEN/),
  // sidecars: least privilege
  row('shared socket without superuser access', 'PostgresSidecarProps.shareSocket', () => ({ props: { sidecars: [sidecar({ shareSocket: true })] } }),
    /sidecars\[0\]\.shareSocket: Spilo trusts connections on the socket, so sharing it gives the sidecar superuser access; set superuserAccess: true/),
  // cross-namespace credentials
  row('cross-namespace user without the fleet allowing the namespace', 'PostgresClusterProps.users', () => ({ props: { users: { 'reporting.analyst': [] } } }),
    /users\['reporting\.analyst'\]: 'reporting' is not valid; expected the cluster's own namespace or one listed in fleet\.allowedSecretNamespaces \(none listed\)/),
  row('cross-namespace user into kube-system, even when listed', 'PostgresClusterProps.users',
    () => ({ fleet: { allowedSecretNamespaces: ['reporting'] }, props: { users: { 'kube-system.x': [] } } }),
    /users\['kube-system\.x'\]: 'kube-system' is not valid; expected a namespace other than the system namespaces kube-\*/),
  row('prepared database secretNamespace not allowed', 'PreparedDatabase.secretNamespace',
    () => ({ props: { preparedDatabases: { shop: { defaultUsers: true, secretNamespace: 'apps' } } } }),
    /preparedDatabases\['shop'\]\.secretNamespace: 'apps' is not valid; expected the cluster's own namespace or one listed in fleet\.allowedSecretNamespaces/),
  row('fleet allowing a system namespace', 'FleetDefaultsProps.allowedSecretNamespaces', () => ({ fleet: { allowedSecretNamespaces: ['kube-public'] } }),
    /fleet\.allowedSecretNamespaces\[0\]: 'kube-public' is not valid; expected a namespace other than the system namespaces kube-\*/),
  row('fleet allowing a namespace that is no DNS label', 'FleetDefaultsProps.allowedSecretNamespaces', () => ({ fleet: { allowedSecretNamespaces: ['Reporting'] } }),
    /fleet\.allowedSecretNamespaces\[0\]: 'Reporting' is not valid; expected a DNS-1123 label/),
  // manifests the API server would reject, found by the props fuzz
  row('additional volume name with upper case', 'AdditionalVolume.volume',
    () => ({ props: { additionalVolumes: [{ volume: { name: 'Data', emptyDir: {} }, mountPath: '/data' }] } }),
    /additionalVolumes\[0\]\.volume\.name: 'Data' is not valid; expected a DNS-1123 label/),
  row('env name ..', 'PostgresClusterProps.env', () => ({ props: { env: [{ name: '..', value: 'x' }] } }), /env\[0\]\.name: '\.\.' is not valid; expected an env var name/),
  row('env name starting with ..', 'PostgresClusterProps.env', () => ({ props: { env: [{ name: '..SCOPE', value: 'x' }] } }), /env\[0\]\.name: '\.\.SCOPE' is not valid/),
  row('infinite volume size', 'PostgresVolume.size', () => ({ props: { volume: { size: Size.gibibytes(Infinity) } } }),
    /volume\.size: 'Infinity bytes' is not valid; expected a finite, positive size/),
  row('infinite fleet volume size', 'FleetDefaultsProps.volumeSize', () => ({ fleet: { volumeSize: Size.gibibytes(Infinity) } }),
    /fleet\.volumeSize: 'Infinity bytes' is not valid; expected a finite, positive size/),
  row('replication user of 300 characters', 'FleetDefaultsProps.replicationUsername', () => ({ fleet: { replicationUsername: 'x'.repeat(300) } }),
    /fleet\.replicationUsername: 'x{300}' is not valid; expected a user name other than postgres \(lower-case letters, digits, - and _, at most 63 characters/),
  // scheduling and selectors
  row('node affinity with a Gt of no number', 'PostgresClusterProps.nodeAffinity', () => ({
    props: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cpu', operator: 'Gt', values: ['many'] }] }] } } },
  }), /nodeAffinity\.requiredDuringSchedulingIgnoredDuringExecution\.nodeSelectorTerms\[0\]\.matchExpressions\[0\]\.values: \["many"\] is not valid; expected one integer/),
  row('topology spread with an unknown whenUnsatisfiable', 'PostgresClusterProps.topologySpreadConstraints', () => ({
    props: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'Sometimes' }] },
  }), /topologySpreadConstraints\[0\]\.whenUnsatisfiable: 'Sometimes' is not valid; expected one of 'DoNotSchedule', 'ScheduleAnyway'/),
  row('volume selector expression In without values', 'PostgresVolume.selector', () => ({
    props: { volume: { selector: { matchExpressions: [{ key: 'tier', operator: 'In' }] } } },
  }), /volume\.selector\.matchExpressions\[0\]\.values: \[\] is not valid; expected at least one value with operator 'In'/),
  row('envFrom with both sources', 'PostgresClusterProps.envFrom', () => ({
    props: { envFrom: [{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }] },
  }), /envFrom\[0\]: \["configMapRef","secretRef"\] is not valid; expected exactly one of configMapRef and secretRef/),
];
