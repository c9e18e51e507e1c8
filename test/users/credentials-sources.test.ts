// ClusterUsers with credentials from External Secrets (a Password generator, a secret store) and from Secrets
// the user already has: what is emitted, what is not, and what the typed outputs and the sync Job reference.
import { Duration } from 'cdk8s';
import { buildUsers, CLUSTER, env, LABELS, NAMESPACE, secretName, secretSpecs } from './cluster-fixtures';
import { Credentials, CredentialsSource, SecretStoreKind } from '../../src';

const WAVE = 'argocd.argoproj.io/sync-wave';
const template = (role: string) => ({ metadata: { labels: LABELS }, data: { username: role, password: '{{ .password }}' } });

describe('Credentials.fromExternalSecretsGenerator()', () => {
  const built = buildUsers({ users: { app: [], other: [] }, credentials: Credentials.fromExternalSecretsGenerator() });
  const externalSecrets = built.of('ExternalSecret');

  test('one ExternalSecret per LOGIN role, generated once (refreshInterval "0"), templating username and password', () => {
    // The Patroni REST API's credentials come from the cluster's credentials too, last.
    expect(externalSecrets.map(e => `${e.metadata.namespace}/${e.metadata.name}`)).toEqual(
      [...['postgres', 'standby', 'app', 'other'].map(r => `${NAMESPACE}/${secretName(r)}`), `${NAMESPACE}/${CLUSTER}-patroni-api`]);
    expect(externalSecrets[2].spec).toEqual({
      refreshInterval: '0',
      target: { name: secretName('app'), creationPolicy: 'Owner', template: template('app') },
      dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: `${CLUSTER}-password` } } }],
    });
    expect(externalSecrets[2].apiVersion).toBe('external-secrets.io/v1');
  });

  test('one Password generator in the namespace: 64 alphanumerics', () => {
    expect(built.of('Password').map(p => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([`${NAMESPACE}/${CLUSTER}-password`]);
    expect(built.of('Password')[0].spec).toEqual({ length: 64, digits: 10, symbols: 0, noUpper: false, allowRepeat: true });
  });

  test('no credentials Job, ServiceAccount or Role; ExternalSecrets and the generator in sync wave -1', () => {
    expect(built.credentialsJob).toBeUndefined();
    expect(built.objects.filter(o => o.metadata.name === `${CLUSTER}-credentials`)).toEqual([]);
    for (const o of [...externalSecrets, ...built.of('Password')]) expect(o.metadata.annotations[WAVE]).toBe('-1');
  });

  test('typed outputs name the Secret the ExternalSecret creates', () => {
    expect(built.cluster.userSecret('app')).toEqual({
      username: 'app',
      secretName: secretName('app'),
      namespace: NAMESPACE,
      usernameKey: 'username',
      passwordKey: 'password',
      source: CredentialsSource.EXTERNAL_SECRETS_GENERATOR,
    });
  });

  test('a cross-namespace user may use in-cluster generation alongside: the credentials Job only for it', () => {
    const mixed = buildUsers({
      users: { 'app': [], 'reporting.analyst': [] },
      credentials: Credentials.fromExternalSecretsGenerator(),
      userCredentials: { 'reporting.analyst': Credentials.generated() },
    });
    expect(secretSpecs(mixed.credentialsJob).map(s => s.username)).toEqual(['reporting.analyst']);
    expect(mixed.of('ExternalSecret').map(e => e.spec.target.name)).toEqual([...['postgres', 'standby', 'app'].map(r => secretName(r)), `${CLUSTER}-patroni-api`]);
    expect(mixed.of('Password')).toHaveLength(1);
  });
});

describe('Credentials.fromExternalSecretsStore()', () => {
  const store = (options: Partial<Parameters<typeof Credentials.fromExternalSecretsStore>[0]> = {}) =>
    Credentials.fromExternalSecretsStore({ storeName: 'vault', ...options });
  const spec = (props: any, role = 'app') =>
    buildUsers({ users: { app: [] }, ...props }).of('ExternalSecret').find(e => e.spec.target.name === secretName(role)).spec;

  test('defaults: a SecretStore, key {cluster}/{username}, property password, re-read hourly', () => {
    expect(spec({ userCredentials: { app: store() } })).toEqual({
      refreshInterval: '3600s',
      secretStoreRef: { name: 'vault', kind: 'SecretStore' },
      target: { name: secretName('app'), creationPolicy: 'Owner', template: template('app') },
      data: [{
        secretKey: 'password',
        remoteRef: {
          key: `${CLUSTER}/app`, property: 'password', conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None',
        },
      }],
    });
  });

  test('a ClusterSecretStore, a key template with every placeholder, another property and interval', () => {
    const s = spec({
      userCredentials: {
        app: store({
          storeKind: SecretStoreKind.CLUSTER_SECRET_STORE,
          keyTemplate: 'pg/{namespace}/{cluster}/{username}/{username}',
          passwordProperty: 'secret',
          refreshInterval: Duration.minutes(5),
        }),
      },
    });
    expect(s.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(s.data[0].remoteRef).toMatchObject({ key: `pg/${NAMESPACE}/${CLUSTER}/app/app`, property: 'secret' });
    expect(s.refreshInterval).toBe('300s');
  });

  test('at cluster level, every LOGIN role reads its own key (system users included)', () => {
    const built = buildUsers({ users: { app: [] }, credentials: store() });
    // The Patroni REST API's credentials from the key of user `patroni`.
    expect(built.of('ExternalSecret').map(e => e.spec.data[0].remoteRef.key)).toEqual(
      ['postgres', 'standby', 'app', 'patroni'].map(r => `${CLUSTER}/${r}`));
    expect(built.of('Password')).toEqual([]);
    expect(built.credentialsJob).toBeUndefined();
  });

  test('a cross-namespace user: an ExternalSecret in its namespace and one in the cluster\'s, reading the same key', () => {
    const built = buildUsers({
      users: { 'reporting.analyst': [] },
      userCredentials: { 'reporting.analyst': store({ keyTemplate: '{namespace}/{cluster}/{username}' }) },
    });
    const es = built.of('ExternalSecret');
    expect(es.map(e => `${e.metadata.namespace}/${e.metadata.name}`)).toEqual(
      [`reporting/${secretName('reporting.analyst')}`, `${NAMESPACE}/${secretName('reporting.analyst')}`]);
    expect(es.map(e => e.spec.data[0].remoteRef.key)).toEqual([`${NAMESPACE}/${CLUSTER}/reporting.analyst`, `${NAMESPACE}/${CLUSTER}/reporting.analyst`]);
    // The sync Job reads the copy in its own namespace; no credentials Job was needed for this user.
    expect(env(built.syncJob, 'PGPASSWORD_REPORTING_ANALYST').valueFrom.secretKeyRef).toEqual({ name: secretName('reporting.analyst'), key: 'password' });
    expect(secretSpecs(built.credentialsJob).map(s => s.username)).toEqual(['postgres', 'standby', 'patroni']);
    expect(built.cluster.userSecret('reporting.analyst')).toMatchObject({ namespace: 'reporting', source: CredentialsSource.EXTERNAL_SECRETS_STORE });
  });
});

describe('Credentials.fromSecret() for one user', () => {
  const built = buildUsers({
    users: { app: [], other: [] },
    userCredentials: { app: Credentials.fromSecret('app-db', { usernameKey: 'user', passwordKey: 'pass' }) },
  });

  test('nothing is emitted for it: no Secret, no ExternalSecret, not in the credentials Job or its Role', () => {
    expect(built.of('Secret')).toEqual([]);
    expect(built.of('ExternalSecret')).toEqual([]);
    expect(secretSpecs(built.credentialsJob).map(s => s.username)).toEqual(['postgres', 'standby', 'other', 'patroni']);
    const role = built.of('Role').find(r => r.metadata.name === `${CLUSTER}-credentials`);
    expect(role.rules[1].resourceNames).not.toContain('app-db');
    expect(JSON.stringify(built.objects)).not.toContain(secretName('app'));
  });

  test('the sync Job reads the password from it, with its key', () => {
    expect(env(built.syncJob, 'PGPASSWORD_APP').valueFrom).toEqual({ secretKeyRef: { name: 'app-db', key: 'pass' } });
  });

  test('userSecret() returns its name and keys', () => {
    expect(built.cluster.userSecret('app')).toEqual({
      username: 'app', secretName: 'app-db', namespace: NAMESPACE, usernameKey: 'user', passwordKey: 'pass', source: CredentialsSource.EXISTING_SECRET,
    });
  });

  test('the keys default to username and password', () => {
    const b = buildUsers({ users: { app: [] }, userCredentials: { app: Credentials.fromSecret('app-db') } });
    expect(b.cluster.userSecret('app')).toMatchObject({ usernameKey: 'username', passwordKey: 'password' });
    expect(env(b.syncJob, 'PGPASSWORD_APP').valueFrom.secretKeyRef).toEqual({ name: 'app-db', key: 'password' });
  });
});
