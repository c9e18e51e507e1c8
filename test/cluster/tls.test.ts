// The operator's `tls` (generateTlsMounts): the Secret at /tls and the CA Secret at /tlsca (mode 0640, no sub-path),
// the SSL_* env last in postgres's env, the pooler's CONNECTION_POOLER_CLIENT_* env and mounts; plus the cert-manager
// Certificate for the Services' names and the CA output.
import { Duration } from 'cdk8s';
import { PostgresClusterProps } from '../../src';
import { byKind, envValue } from '../util';
import { build, CLUSTER, NAMESPACE } from './fixtures';

const tlsVolume = (name: string) => ({ name, secret: { secretName: name, defaultMode: 0o640 } });
const poolerOf = (objects: any[], name: string) => byKind(objects, 'Deployment').find(d => d.metadata.name === name);

describe('tls', () => {
  test('secretName alone: the Secret at /tls in postgres only, SSL_CERTIFICATE_FILE and SSL_PRIVATE_KEY_FILE last in env', () => {
    // GIVEN / WHEN
    const built = build({ tls: { secretName: 'db-tls' }, env: [{ name: 'APP_SETTING', value: 'x' }] });
    const pod = built.statefulSet.spec.template.spec;

    // THEN
    expect(pod.volumes).toContainEqual(tlsVolume('db-tls'));
    expect(built.container.volumeMounts).toContainEqual({ name: 'db-tls', mountPath: '/tls' });
    expect(built.container.env.slice(-2)).toEqual([
      { name: 'SSL_CERTIFICATE_FILE', value: '/tls/tls.crt' },
      { name: 'SSL_PRIVATE_KEY_FILE', value: '/tls/tls.key' },
    ]);
    expect(envValue(built.container, 'SSL_CA_FILE')).toBeUndefined();
    // the mount has no subPath: a renewed Secret reaches the running pod
    expect(built.container.volumeMounts.find((m: any) => m.name === 'db-tls')).toEqual({ name: 'db-tls', mountPath: '/tls' });
    // and Spilo's reload test is on by its own default (SSL_PRIVATE_KEY_FILE set), as with the operator: not set here
    expect(envValue(built.container, 'SSL_TEST_RELOAD')).toBeUndefined();
    // the private key is in postgres only, after the operator's volumes
    expect(pod.volumes.map((v: any) => v.name).indexOf('db-tls')).toBe(pod.volumes.length - 1);
    for (const c of [...pod.containers.slice(1), ...(pod.initContainers ?? [])]) {
      expect((c.volumeMounts ?? []).map((m: any) => m.name)).not.toContain('db-tls');
    }
    // no Certificate without certManager
    expect(byKind(built.objects, 'Certificate')).toEqual([]);
    // postgres reads the 0640 files through the pod's group: Spilo's, as no fsGroup is set
    expect(pod.securityContext).toMatchObject({ fsGroup: 103, fsGroupChangePolicy: 'OnRootMismatch' });
  });

  test('a cluster\'s own fsGroup stays; without tls the pod gets none', () => {
    expect(build({ tls: { secretName: 'db-tls' }, fsGroup: 2000 }).statefulSet.spec.template.spec.securityContext.fsGroup).toBe(2000);
    expect(build().statefulSet.spec.template.spec.securityContext?.fsGroup).toBeUndefined();
  });

  test('file names relative to /tls or absolute; caFile in its own Secret at /tlsca', () => {
    // GIVEN / WHEN
    const built = build({ tls: { secretName: 'db-tls', certificateFile: 'server.pem', privateKeyFile: '/etc/keys/server.key', caFile: 'ca.pem', caSecretName: 'db-ca' } });
    const pod = built.statefulSet.spec.template.spec;

    // THEN
    expect(built.container.env.slice(-3)).toEqual([
      { name: 'SSL_CERTIFICATE_FILE', value: '/tls/server.pem' },
      { name: 'SSL_PRIVATE_KEY_FILE', value: '/etc/keys/server.key' },
      { name: 'SSL_CA_FILE', value: '/tlsca/ca.pem' },
    ]);
    expect(pod.volumes.slice(-2)).toEqual([tlsVolume('db-tls'), tlsVolume('db-ca')]);
    expect(built.container.volumeMounts.slice(-2)).toEqual([{ name: 'db-tls', mountPath: '/tls' }, { name: 'db-ca', mountPath: '/tlsca' }]);
    expect(built.cluster.certificateAuthority).toEqual({ secretName: 'db-ca', key: 'ca.pem' });
  });

  test('the CA output follows an absolute caFile into the Secret mounted there, and knows none elsewhere', () => {
    expect(build({ tls: { secretName: 'db-tls', caSecretName: 'db-ca', caFile: '/tlsca/root.pem' } }).cluster.certificateAuthority)
      .toEqual({ secretName: 'db-ca', key: 'root.pem' });
    expect(build({ tls: { secretName: 'db-tls', caFile: '/tls/ca.crt', certManager: { issuer: { name: 'x' } } } }).cluster.certificateAuthority)
      .toEqual({ secretName: 'db-tls', key: 'ca.crt' });
    expect(build({ tls: { secretName: 'db-tls', caFile: '/etc/ssl/certs/ca.pem', certManager: { issuer: { name: 'x' } } } }).cluster.certificateAuthority)
      .toBeUndefined();
  });

  test('caFile without caSecretName is read from the certificate\'s Secret', () => {
    const built = build({ tls: { secretName: 'db-tls', caFile: 'ca.crt' } });
    expect(envValue(built.container, 'SSL_CA_FILE')).toBe('/tls/ca.crt');
    expect(built.statefulSet.spec.template.spec.volumes.filter((v: any) => v.secret?.secretName?.startsWith('db-'))).toEqual([tlsVolume('db-tls')]);
    expect(built.cluster.certificateAuthority).toEqual({ secretName: 'db-tls', key: 'ca.crt' });
  });

  test('the poolers serve the same certificate: their env and mounts, pgbouncer\'s group to read the key', () => {
    // GIVEN / WHEN a primary and a replica pooler
    const built = build({ tls: { secretName: 'db-tls', caFile: 'ca.crt' }, connectionPooler: { replica: true } });

    // THEN
    for (const name of [`${CLUSTER}-pooler`, `${CLUSTER}-pooler-repl`]) {
      const pod = poolerOf(built.objects, name).spec.template.spec;
      const container = pod.containers[0];
      expect(container.env.slice(-3)).toEqual([
        { name: 'CONNECTION_POOLER_CLIENT_TLS_CRT', value: '/tls/tls.crt' },
        { name: 'CONNECTION_POOLER_CLIENT_TLS_KEY', value: '/tls/tls.key' },
        { name: 'CONNECTION_POOLER_CLIENT_CA_FILE', value: '/tls/ca.crt' },
      ]);
      expect(pod.volumes).toContainEqual(tlsVolume('db-tls'));
      expect(container.volumeMounts).toContainEqual({ name: 'db-tls', mountPath: '/tls' });
      expect(pod.securityContext.fsGroup).toBe(101);
    }
  });

  test('a pooler keeps the fsGroup the cluster sets', () => {
    const built = build({ tls: { secretName: 'db-tls' }, connectionPooler: {}, fsGroup: 2000 });
    expect(poolerOf(built.objects, `${CLUSTER}-pooler`).spec.template.spec.securityContext.fsGroup).toBe(2000);
  });

  test('without tls nothing changes: no /tls, no SSL_* env, no fsGroup on the pooler', () => {
    const built = build({ connectionPooler: {} });
    expect(built.container.volumeMounts.map((m: any) => m.mountPath)).not.toContain('/tls');
    expect(built.container.env.filter((e: any) => e.name.startsWith('SSL_'))).toEqual([]);
    expect(poolerOf(built.objects, `${CLUSTER}-pooler`).spec.template.spec.securityContext.fsGroup).toBeUndefined();
    expect(built.cluster.certificateAuthority).toBeUndefined();
    expect(built.cluster.certificate).toBeUndefined();
  });
});

describe('tls.certManager', () => {
  const certManager = (extra: Partial<PostgresClusterProps> = {}) => build({
    tls: { secretName: 'db-tls', certManager: { issuer: { name: 'db-ca-issuer' }, duration: Duration.days(30), renewBefore: Duration.days(10) } },
    ...extra,
  });

  test('a Certificate <c> for every Service name clients use, into the Secret the pods mount', () => {
    // GIVEN / WHEN a cluster with a pooler for each role
    const built = certManager({ connectionPooler: { replica: true } });
    const [certificate] = byKind(built.objects, 'Certificate');

    // THEN
    expect(certificate.apiVersion).toBe('cert-manager.io/v1');
    expect(certificate.metadata.name).toBe(CLUSTER);
    expect(certificate.metadata.namespace).toBe(NAMESPACE);
    const names = (svc: string) => [svc, `${svc}.${NAMESPACE}`, `${svc}.${NAMESPACE}.svc`, `${svc}.${NAMESPACE}.svc.cluster.local`];
    expect(certificate.spec).toEqual({
      secretName: 'db-tls',
      dnsNames: [...names(CLUSTER), ...names(`${CLUSTER}-repl`), ...names(`${CLUSTER}-pooler`), ...names(`${CLUSTER}-pooler-repl`)],
      issuerRef: { name: 'db-ca-issuer', kind: 'Issuer', group: 'cert-manager.io' },
      duration: '2592000s',
      renewBefore: '864000s',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      usages: ['server auth', 'digital signature'],
    });
    // every Service the cluster renders is named in it
    for (const svc of byKind(built.objects, 'Service')) {
      if (!svc.metadata.name.endsWith('-config')) expect(certificate.spec.dnsNames).toContain(`${svc.metadata.name}.${NAMESPACE}.svc`);
    }
    expect(built.cluster.certificate).toBeDefined();
    // cert-manager puts the issuing CA into ca.crt of the Secret
    expect(built.cluster.certificateAuthority).toEqual({ secretName: 'db-tls', key: 'ca.crt' });
  });

  test('a ClusterIssuer, extra DNS names, cert-manager\'s defaults for the lifetimes', () => {
    const built = build({ tls: { secretName: 'db-tls', certManager: { issuer: { name: 'corp', kind: 'ClusterIssuer' }, additionalDnsNames: ['db.example.com'] } } });
    const [certificate] = byKind(built.objects, 'Certificate');
    expect(certificate.spec.issuerRef).toEqual({ name: 'corp', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(certificate.spec.dnsNames.slice(-1)).toEqual(['db.example.com']);
    expect(certificate.spec.duration).toBeUndefined();
    expect(certificate.spec.renewBefore).toBeUndefined();
  });
});
