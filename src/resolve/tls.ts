/*
 * The cluster's `tls` as the operator mounts it (generateTlsMounts): the Secret at /tls, an optional CA Secret at
 * /tlsca, both mode 0640; the file env of Spilo and of the poolers; plus the cert-manager Certificate when asked for.
 */
import { BACKUP_VOLUME_NAMES } from '../backup/private/names';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { TlsCertificateAuthority } from '../cluster/tls';
import { ResolvedTls } from '../model/tls';
import { USERLIST_VOLUME } from '../pooler/private/userlist';
import { API_ACCESS_VOLUME } from '../private/api-access';
import { names } from '../private/names';
import { wholeSeconds } from '../private/quantity';
import { RUN_VOLUME } from '../private/spilo-pod';
import { assertDns1123Label, assertDns1123Subdomain, CONTROL_CHARACTER, fail, failConflict } from '../private/validation';
import { HOOKS_VOLUME } from '../spilo/switchover-hook';

/** Volumes the Spilo and pooler pods have besides the TLS ones. */
const RESERVED_VOLUMES = ['pgdata', 'dshm', RUN_VOLUME, API_ACCESS_VOLUME, HOOKS_VOLUME, USERLIST_VOLUME, ...BACKUP_VOLUME_NAMES];
const MOUNT = '/tls';
const CA_MOUNT = '/tlsca';
/** Group-readable: with the pod's fsGroup the key is readable by postgres (and pgbouncer), and PostgreSQL accepts
 * a root-owned key with mode 0640. */
const MODE = 0o640;

/** The operator's ensurePath: a file name relative to the mount, or an absolute path as given. */
function filePath(prop: string, file: string | undefined, dir: string, fallback: string): string {
  if (file === undefined) return `${dir}/${fallback}`;
  if (typeof file !== 'string' || file === '' || CONTROL_CHARACTER.test(file) || file.split('/').some(p => p === '..')) {
    fail(prop, file, 'a file name in the Secret (such as tls.crt) or an absolute path, without ".."');
  }
  return file.startsWith('/') ? file : `${dir}/${file}`;
}

export function resolveTls(props: PostgresClusterProps, cluster: string, namespace: string | undefined, poolers: string[]): ResolvedTls | undefined {
  const tls = props.tls;
  if (tls === undefined) return undefined;
  if (typeof tls !== 'object' || tls === null) fail('tls', tls, 'an object with secretName');
  if (!tls.secretName) fail('tls.secretName', tls.secretName, 'the name of the Secret with the certificate and key');
  // The operator names the pod volume after the Secret: a DNS-1123 label, and not one of the pod's own volumes.
  for (const [prop, name] of [['tls.secretName', tls.secretName], ['tls.caSecretName', tls.caSecretName]] as const) {
    assertDns1123Label(prop, name);
    if (name !== undefined && RESERVED_VOLUMES.includes(name)) fail(prop, name, `a Secret name other than the pod's own volumes (${RESERVED_VOLUMES.join(', ')})`);
  }
  if (tls.caSecretName !== undefined && tls.caFile === undefined) {
    failConflict('tls.caSecretName, tls.caFile', 'the CA Secret is mounted only for caFile, its file in it; set tls.caFile');
  }
  if (tls.caSecretName === tls.secretName) {
    fail('tls.caSecretName', tls.caSecretName, 'a Secret other than tls.secretName (or leave it out: caFile is then read from tls.secretName)');
  }
  (props.additionalVolumes ?? []).forEach((av, i) => {
    if (av?.mountPath === MOUNT || av?.mountPath === CA_MOUNT || av?.volume?.name === tls.secretName || av?.volume?.name === tls.caSecretName) {
      fail(`additionalVolumes[${i}]`, av.volume?.name, `a volume neither named after a tls Secret nor mounted at ${MOUNT} or ${CA_MOUNT}, which tls uses`);
    }
  });
  const cert = filePath('tls.certificateFile', tls.certificateFile, MOUNT, 'tls.crt');
  const key = filePath('tls.privateKeyFile', tls.privateKeyFile, MOUNT, 'tls.key');
  const caDir = tls.caSecretName ? CA_MOUNT : MOUNT;
  const ca = tls.caFile === undefined ? undefined : filePath('tls.caFile', tls.caFile, caDir, '');
  const secretVolume = (name: string) => ({ name, secret: { secretName: name, defaultMode: MODE } });
  const volumes = [secretVolume(tls.secretName), ...(tls.caSecretName && ca ? [secretVolume(tls.caSecretName)] : [])];
  const mounts = [{ name: tls.secretName, mountPath: MOUNT }, ...(tls.caSecretName && ca ? [{ name: tls.caSecretName, mountPath: CA_MOUNT }] : [])];
  const env = (crt: string, k: string, c: string) => [
    { name: crt, value: cert }, { name: k, value: key }, ...(ca ? [{ name: c, value: ca }] : []),
  ];
  const certificate = tls.certManager && certificateSpec(tls.secretName, tls.certManager, cluster, namespace, poolers);
  // The CA's Secret and key, when the path lies in one of the mounted Secrets; an absolute path elsewhere is unknown.
  const inSecret = (file: string): TlsCertificateAuthority | undefined => {
    const m = /^(\/tlsca|\/tls)\/([^/]+)$/.exec(file);
    if (m?.[1] === CA_MOUNT && tls.caSecretName) return { secretName: tls.caSecretName, key: m[2] };
    if (m?.[1] === MOUNT) return { secretName: tls.secretName, key: m[2] };
    return undefined;
  };
  const certificateAuthority: TlsCertificateAuthority | undefined = ca !== undefined
    ? inSecret(ca)
    : (tls.certManager ? { secretName: tls.secretName, key: 'ca.crt' } : undefined);
  return {
    volumes,
    mounts,
    spiloEnv: env('SSL_CERTIFICATE_FILE', 'SSL_PRIVATE_KEY_FILE', 'SSL_CA_FILE'),
    poolerEnv: env('CONNECTION_POOLER_CLIENT_TLS_CRT', 'CONNECTION_POOLER_CLIENT_TLS_KEY', 'CONNECTION_POOLER_CLIENT_CA_FILE'),
    secretName: tls.secretName,
    ...(tls.caSecretName && ca ? { caSecretName: tls.caSecretName } : {}),
    ...(certificate ? { certificate } : {}),
    ...(certificateAuthority ? { certificateAuthority } : {}),
  };
}

/** The Certificate's spec: every name a client reaches the cluster's Services (and poolers) by, inside the cluster. */
function certificateSpec(
  secretName: string, options: NonNullable<NonNullable<PostgresClusterProps['tls']>['certManager']>,
  cluster: string, namespace: string | undefined, poolers: string[],
): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) fail('tls.certManager', options, 'an object with issuer');
  if (!options.issuer?.name || typeof options.issuer.name !== 'string') fail('tls.certManager.issuer.name', options.issuer?.name, 'the name of a cert-manager Issuer or ClusterIssuer');
  assertDns1123Subdomain('tls.certManager.issuer.name', options.issuer.name);
  if (options.issuer.kind !== undefined && !/^[A-Z][A-Za-z0-9]{0,62}$/.test(String(options.issuer.kind))) {
    fail('tls.certManager.issuer.kind', options.issuer.kind, 'a Kubernetes kind such as Issuer or ClusterIssuer');
  }
  assertDns1123Subdomain('tls.certManager.issuer.group', options.issuer.group);
  if (!namespace) failConflict('namespace, tls.certManager', 'the certificate names the Services with their namespace; give the chart or the cluster a namespace');
  const services = [names.primaryService(cluster), names.replicaService(cluster), ...poolers];
  const extra = options.additionalDnsNames ?? [];
  if (!Array.isArray(extra)) fail('tls.certManager.additionalDnsNames', extra, 'a list of DNS names');
  extra.forEach((n, i) => {
    if (typeof n !== 'string' || !/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(n) || n.length > 253) {
      fail(`tls.certManager.additionalDnsNames[${i}]`, n, 'a lower-case DNS name (a leading "*." allowed)');
    }
  });
  const dnsNames = [...new Set([
    ...services.flatMap(s => [s, `${s}.${namespace}`, `${s}.${namespace}.svc`, `${s}.${namespace}.svc.cluster.local`]),
    ...extra,
  ])];
  const duration = options.duration && wholeSeconds(options.duration, 'tls.certManager.duration');
  const renewBefore = options.renewBefore && wholeSeconds(options.renewBefore, 'tls.certManager.renewBefore');
  if (duration !== undefined && duration < 3600) fail('tls.certManager.duration', `${duration}s`, 'at least 1h (cert-manager\'s minimum)');
  if (renewBefore !== undefined && renewBefore < 300) fail('tls.certManager.renewBefore', `${renewBefore}s`, 'at least 5m (cert-manager\'s minimum)');
  // cert-manager's default lifetime is 90 days.
  const lifetime = duration ?? 90 * 86400;
  if (renewBefore !== undefined && renewBefore >= lifetime) {
    fail('tls.certManager.renewBefore', `${renewBefore}s`, `less than the certificate's lifetime (${duration !== undefined ? 'tls.certManager.duration, ' : 'cert-manager\'s default, '}${lifetime}s)`);
  }
  return {
    secretName,
    // The names clients verify (sslmode=verify-full); no common name, which is limited to 64 characters.
    dnsNames,
    issuerRef: {
      name: options.issuer.name,
      kind: options.issuer.kind ?? 'Issuer',
      group: options.issuer.group ?? 'cert-manager.io',
    },
    ...(duration !== undefined ? { duration: `${duration}s` } : {}),
    ...(renewBefore !== undefined ? { renewBefore: `${renewBefore}s` } : {}),
    // A new key with every renewal: a leaked key is useful until the next renewal at most.
    privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    usages: ['server auth', 'digital signature'],
  };
}
