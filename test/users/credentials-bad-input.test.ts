// The bad-input rows of credentials live in test/bad-input/rows/credentials.ts (run by test/bad-input/bad-input.test.ts);
// here: the controls for those rows and a refusal that needs two users.
import { Duration } from 'cdk8s';
import { constructUsers } from './cluster-fixtures';
import { Credentials, ExternalSecretsStoreOptions, FleetDefaults } from '../../src';

const store = (o: Partial<ExternalSecretsStoreOptions> = {}) => Credentials.fromExternalSecretsStore({ storeName: 'vault', ...o });
const ANALYST = 'reporting.analyst';
const REPORTING = new FleetDefaults({ allowedSecretNamespaces: ['reporting'] });

describe('credentials that the bad-input rows refuse are accepted when valid', () => {
  test('controls: the same inputs made valid are accepted', () => {
    const existing = Credentials.fromSecret('app-db', { usernameKey: 'user.name', passwordKey: 'pass_1' });
    expect(() => constructUsers({ users: { app: [] }, userCredentials: { app: existing } })).not.toThrow();
    const generator = Credentials.fromExternalSecretsGenerator();
    const crossNamespace = { fleet: REPORTING, users: { [ANALYST]: [] }, credentials: generator, userCredentials: { [ANALYST]: store() } };
    expect(() => constructUsers(crossNamespace)).not.toThrow();
    const allPlaceholders = store({ keyTemplate: 'static/{namespace}-{cluster}-{username}', refreshInterval: Duration.seconds(0) });
    expect(() => constructUsers({ users: { app: [] }, credentials: allPlaceholders })).not.toThrow();
    expect(() => constructUsers({ users: { app: [] } }, null)).not.toThrow();
  });
});

test('a store key template without {username} shared by two users is refused', () => {
  // GIVEN two users whose passwords would come from the same remote key
  const build = () => constructUsers({ users: { app_a: [], app_b: [] }, credentials: store({ keyTemplate: 'db/{cluster}' }) });
  // WHEN / THEN
  expect(build).toThrow(/credentials\.keyTemplate: 'db\/\{cluster\}' is not valid; expected a key that differs per user \(with \{username\}\): \w+ and \w+ would both read db\//);
});
