import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Credentials, FleetApp, FleetDefaults, PostgresCluster, SecretStoreKind, UserFlag } from '../../src';
import { ExampleOptions } from '../example-options';

/**
 * Users, databases and credentials without an operator:
 * - `orders-db`: plain users, a database, a prepared database with schemas and extensions, and a
 *   cross-namespace user whose Secret lands in the `reporting` namespace; Secrets are created
 *   in-cluster by the credentials Job; a cdk8s-plus Deployment is wired to the database.
 * - `billing-db`: the same kind of users with credentials from External Secrets (a Password
 *   generator, and one user read from a secret store).
 */
export function build(app: App, options: ExampleOptions = {}): Chart[] {
  const orders = new Chart(app, 'orders', { namespace: 'orders' });
  const db = new PostgresCluster(orders, 'orders-db', {
    teamId: 'orders',
    // The credentials Job may create Secrets only in namespaces the fleet lists.
    fleet: new FleetDefaults({ allowedSecretNamespaces: ['reporting'] }),
    instances: options.upgrade ? 3 : 2,
    users: {
      'orders_owner': [UserFlag.CREATEDB],
      'orders_app': [],
      'reporting.analyst': [UserFlag.NOCREATEDB],
      ...(options.upgrade ? { orders_batch: [] } : {}),
    },
    databases: { orders: 'orders_owner' },
    preparedDatabases: {
      inventory: {
        defaultUsers: true,
        schemas: { data: {}, history: { defaultUsers: true } },
        extensions: { pg_trgm: 'data', hstore: 'public' },
      },
    },
    ...(options.upgrade ? { parameters: { work_mem: '8MB' }, labels: { tier: 'database' } } : {}),
  });

  // An application in the same app, wired through the typed outputs.
  const app1 = db.userSecret('orders_app');
  const secret = kplus.Secret.fromSecretName(orders, 'AppDbSecret', app1.secretName);
  const api = new kplus.Deployment(orders, 'orders-api', {
    metadata: { name: 'orders-api' },
    replicas: 2,
    containers: [{
      name: 'api',
      image: 'registry.example.com/orders-api:1.4.2',
      portNumber: 8080,
      envVariables: {
        PGHOST: kplus.EnvValue.fromValue(db.primaryEndpoint.hostname),
        PGPORT: kplus.EnvValue.fromValue(String(db.primaryEndpoint.port)),
        PGDATABASE: kplus.EnvValue.fromValue('orders'),
        PGSSLMODE: kplus.EnvValue.fromValue('require'),
        PGUSER: kplus.EnvValue.fromSecretValue({ secret, key: app1.usernameKey }),
        PGPASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: app1.passwordKey }),
      },
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
      },
    }],
  });
  // Its pods may connect: the cluster's NetworkPolicies admit them on 5432.
  db.allowFromWorkload(api);

  const billing = new Chart(app, 'billing', { namespace: 'billing' });
  new PostgresCluster(billing, 'billing-db', {
    teamId: 'billing',
    credentials: Credentials.fromExternalSecretsGenerator(),
    userCredentials: {
      billing_reader: Credentials.fromExternalSecretsStore({
        storeName: 'vault', storeKind: SecretStoreKind.CLUSTER_SECRET_STORE, keyTemplate: 'databases/{cluster}/{username}',
      }),
    },
    users: { billing_owner: [UserFlag.CREATEDB], billing_reader: [] },
    databases: { billing: 'billing_owner' },
  });
  return [orders, billing];
}

if (require.main === module) {
  const app = new FleetApp({ outdir: 'dist/examples/users-and-databases' });
  build(app);
  app.synth();
}
