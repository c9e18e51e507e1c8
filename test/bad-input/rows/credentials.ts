// Bad credentials input: Credentials sources for the cluster and for single users.
import { Duration } from 'cdk8s';
import { Credentials, ExternalSecretsStoreOptions, FleetDefaults, PostgresClusterProps, UserFlag } from '../../../src';
import { BadInputRow, exactly, PropPath, row } from '../row';

const store = (o: Partial<ExternalSecretsStoreOptions> = {}) => Credentials.fromExternalSecretsStore({ storeName: 'vault', ...o });
const ANALYST = 'reporting.analyst';
/** The fleet lets credentials go into `reporting`, so the rows below fail for their own reason. */
const REPORTING = new FleetDefaults({ allowedSecretNamespaces: ['reporting'] });
const SUBDOMAIN = 'a DNS-1123 subdomain (lower-case alphanumerics, - and ., at most 253 characters)';
const SECRET_KEY = 'a Secret key (letters, digits, -, _ and ., at most 253 characters)';
const KEY_TEMPLATE = 'a non-empty remote key whose only placeholders are {cluster}, {namespace} and {username}';

/** [case, props, namespace of the chart (null: none), the exact message after `test/acid-test: `]. Built lazily. */
type Row = [string, PropPath[], () => Partial<PostgresClusterProps>, string | null, string];

const ROWS: Row[] = [
  ['userCredentials for an unknown role', ['PostgresClusterProps.userCredentials'], () => ({ users: { app: [] }, userCredentials: { nobody: Credentials.generated() } }), 'db',
    "userCredentials['nobody']: no LOGIN role named nobody (known: postgres, standby, app)"],
  ['userCredentials for a NOLOGIN role', ['PostgresClusterProps.userCredentials'], () => ({ users: { readers: [UserFlag.NOLOGIN] }, userCredentials: { readers: Credentials.generated() } }), 'db',
    "userCredentials['readers']: no LOGIN role named readers (known: postgres, standby)"],
  ['Credentials.fromSecret at cluster level', ['PostgresClusterProps.credentials'], () => ({ users: { app: [] }, credentials: Credentials.fromSecret('app-db') }), 'db',
    'credentials: Credentials.fromSecret() names one Secret, so it only fits a single user; use userCredentials'],
  ['fromSecret for postgres', ['PostgresClusterProps.userCredentials'], () => ({ userCredentials: { postgres: Credentials.fromSecret('pg') } }), 'db',
    "userCredentials['postgres']: the postgres Secret keeps the operator's name postgres.acid-test.credentials.postgresql.acid.zalan.do, which the Spilo pods read; create it under that name instead"],
  ['fromSecret for standby', ['PostgresClusterProps.userCredentials'], () => ({ userCredentials: { standby: Credentials.fromSecret('pg') } }), 'db',
    "userCredentials['standby']: the standby Secret keeps the operator's name standby.acid-test.credentials.postgresql.acid.zalan.do, which the Spilo pods read; create it under that name instead"],
  ['fromSecret for a cross-namespace user', ['PostgresClusterProps.userCredentials'], () => ({ fleet: REPORTING, users: { [ANALYST]: [] }, userCredentials: { [ANALYST]: Credentials.fromSecret('x') } }), 'db',
    "userCredentials['reporting.analyst']: an existing Secret must be in the cluster's namespace"],
  ['fromSecret with an empty name', ['PostgresClusterProps.userCredentials'], () => ({ users: { app: [] }, userCredentials: { app: Credentials.fromSecret('') } }), 'db',
    `userCredentials['app'] (secret name): '' is not valid; expected ${SUBDOMAIN}`],
  ['fromSecret with a name that is no DNS subdomain', ['PostgresClusterProps.userCredentials'], () => ({ users: { app: [] }, userCredentials: { app: Credentials.fromSecret('App_DB') } }), 'db',
    `userCredentials['app'] (secret name): 'App_DB' is not valid; expected ${SUBDOMAIN}`],
  ['fromSecret with a password key containing a space', ['PostgresClusterProps.userCredentials', 'ExistingSecretOptions.passwordKey'], () => ({ users: { app: [] }, userCredentials: { app: Credentials.fromSecret('app-db', { passwordKey: 'a b' }) } }), 'db',
    `userCredentials['app'].passwordKey: 'a b' is not valid; expected ${SECRET_KEY}`],
  ['fromSecret with username key ..', ['PostgresClusterProps.userCredentials', 'ExistingSecretOptions.usernameKey'], () => ({ users: { app: [] }, userCredentials: { app: Credentials.fromSecret('app-db', { usernameKey: '..' }) } }), 'db',
    `userCredentials['app'].usernameKey: '..' is not valid; expected ${SECRET_KEY}`],
  ['generator at cluster level and a cross-namespace user', ['PostgresClusterProps.credentials'], () => ({ fleet: REPORTING, users: { [ANALYST]: [] }, credentials: Credentials.fromExternalSecretsGenerator() }), 'db',
    "credentials: a Password generator cannot give two namespaces the same password (cross-namespace user reporting.analyst); use Credentials.generated() or a secret store for it in userCredentials['reporting.analyst']"],
  ['generator for a cross-namespace user', ['PostgresClusterProps.userCredentials'], () => ({ fleet: REPORTING, users: { [ANALYST]: [] }, userCredentials: { [ANALYST]: Credentials.fromExternalSecretsGenerator() } }), 'db',
    "userCredentials['reporting.analyst']: a Password generator cannot give two namespaces the same password (cross-namespace user reporting.analyst); use Credentials.generated() or a secret store"],
  ['cross-namespace user without a known namespace', ['PostgresClusterProps.users'], () => ({ users: { [ANALYST]: [] } }), null,
    "users['reporting.analyst']: a Secret in another namespace needs the cluster's namespace to be known (set namespace or the chart's namespace)"],
  ['cross-namespace user from a store without a known namespace', ['PostgresClusterProps.users'], () => ({ users: { [ANALYST]: [] }, userCredentials: { [ANALYST]: store() } }), null,
    "users['reporting.analyst']: a Secret in another namespace needs the cluster's namespace to be known (set namespace or the chart's namespace)"],
  ['generator without a known namespace', ['PostgresClusterProps.credentials'], () => ({ users: { app: [] }, credentials: Credentials.fromExternalSecretsGenerator() }), null,
    "credentials: ExternalSecret credentials need the cluster's namespace to be known"],
  ['store for one user without a known namespace', ['PostgresClusterProps.userCredentials'], () => ({ users: { app: [] }, userCredentials: { app: store() } }), null,
    "userCredentials['app']: ExternalSecret credentials need the cluster's namespace to be known"],
  ['store without a name, at cluster level', ['PostgresClusterProps.credentials', 'ExternalSecretsStoreOptions.storeName'], () => ({ users: { app: [] }, credentials: store({ storeName: '' }) }), 'db',
    "credentials.storeName: '' is not valid; expected the name of a SecretStore or ClusterSecretStore"],
  ['store without a name, for one user', ['PostgresClusterProps.userCredentials', 'ExternalSecretsStoreOptions.storeName'], () => ({ users: { app: [] }, userCredentials: { app: store({ storeName: '' }) } }), 'db',
    "userCredentials['app'].storeName: '' is not valid; expected the name of a SecretStore or ClusterSecretStore"],
  ['empty key template', ['PostgresClusterProps.userCredentials', 'ExternalSecretsStoreOptions.keyTemplate'], () => ({ users: { app: [] }, userCredentials: { app: store({ keyTemplate: '' }) } }), 'db',
    `userCredentials['app'].keyTemplate: '' is not valid; expected ${KEY_TEMPLATE}`],
  ['key template with an unknown placeholder', ['PostgresClusterProps.credentials', 'ExternalSecretsStoreOptions.keyTemplate'], () => ({ users: { app: [] }, credentials: store({ keyTemplate: '{cluster}/{user}' }) }), 'db',
    `credentials.keyTemplate: '{cluster}/{user}' is not valid; expected ${KEY_TEMPLATE}`],
  ['refresh interval of 1.5 s', ['PostgresClusterProps.userCredentials', 'ExternalSecretsStoreOptions.refreshInterval'], () => ({ users: { app: [] }, userCredentials: { app: store({ refreshInterval: Duration.millis(1500) }) } }), 'db',
    "userCredentials['app'].refreshInterval: '1 second 500 millis' is not valid; expected a whole, non-negative number of seconds"],
];

export const rows: BadInputRow[] = ROWS.map(([title, covers, props, namespace, message]) =>
  row(title, covers, () => ({ props: props(), namespace }), exactly(message)));
