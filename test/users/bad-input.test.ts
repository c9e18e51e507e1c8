// The bad-input rows of users and databases live in test/bad-input/rows/users.ts (run through a cluster by
// test/bad-input/bad-input.test.ts); here: the model's adminRole, which is no cluster prop.
import { PostgresValidationError } from '../../src/private/validation';
import { buildDatabaseModel } from '../../src/users/database-model';

test('a custom admin role is reserved too', () => {
  expect(() => buildDatabaseModel({
    cluster: 'acid-test', namespace: 'apps', superuser: 'postgres', replicationUser: 'standby', users: { team_admin: [] }, adminRole: 'team_admin',
  })).toThrow(new PostgresValidationError(
    'users[\'team_admin\']: \'team_admin\' is not valid; expected a role name other than the system and Spilo roles postgres, standby, team_admin, admin, cron_admin, robot_zmon, zalandos, pooler, fes_user, public, none, current_user, session_user, current_role',
  ));
});
