/**
 * Role attributes of a user (`users` in the operator's manifest). LOGIN is added unless NOLOGIN is given.
 * @see https://www.postgresql.org/docs/current/sql-createrole.html
 */
export enum UserFlag {
  /** Superuser: bypasses every permission check. */
  SUPERUSER = 'superuser',
  /** Inherits the privileges of roles it is a member of (PostgreSQL's default). */
  INHERIT = 'inherit',
  /** May log in (added unless NOLOGIN is given). */
  LOGIN = 'login',
  /** May not log in; no credentials Secret is needed. */
  NOLOGIN = 'nologin',
  /** May create, alter and drop roles. */
  CREATEROLE = 'createrole',
  /** May create databases. */
  CREATEDB = 'createdb',
  /** May start streaming replication and take base backups. */
  REPLICATION = 'replication',
  /** Bypasses row-level security policies. */
  BYPASSRLS = 'bypassrls',
  /** Not a superuser (PostgreSQL's default). */
  NOSUPERUSER = 'nosuperuser',
  /** Does not inherit privileges of its roles. */
  NOINHERIT = 'noinherit',
  /** May not create roles (PostgreSQL's default). */
  NOCREATEROLE = 'nocreaterole',
  /** May not create databases (PostgreSQL's default). */
  NOCREATEDB = 'nocreatedb',
  /** May not replicate (PostgreSQL's default). */
  NOREPLICATION = 'noreplication',
  /** Row-level security applies (PostgreSQL's default). */
  NOBYPASSRLS = 'nobypassrls',
}
