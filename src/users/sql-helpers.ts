/*
 * Temporary (pg_temp) PL/pgSQL helpers the shared sync library defines in each session. Each one compares the
 * catalog with the wanted state and changes only what differs, raising a NOTICE for every change
 * (the session does not log statements, so the Job log is the record). Names reach SQL only as
 * arguments and are quoted with format('%I'); keywords come from fixed lists checked here.
 */
import { readerWriterGrants, ReaderWriterGrant } from './prepared';

/** Session settings, applied again after every \connect (each database is a new session). */
export const SESSION = `SET log_statement = 'none';
SET log_min_duration_statement = -1;
SET log_min_error_statement = 'panic';
SET log_transaction_sample_rate = 0;
SET auto_explain.log_min_duration = -1;
-- Like the operator: a synchronous replica that is down must not block the sync.
SET synchronous_commit = 'local';
SET standard_conforming_strings = on;
SET search_path = pg_catalog;
SET client_min_messages = 'notice';`;

const fn = (signature: string, body: string) =>
  `CREATE FUNCTION pg_temp.${signature} RETURNS void LANGUAGE plpgsql AS $cdk8s$\n${body.trim()}\n$cdk8s$;`;

const note = (what: string) => `RAISE NOTICE 'cdk8s-postgres: ${what}'`;

/** The body of cdk8s_reader_writer_privileges(): one cdk8s_default_privileges() call per grant of the set. */
function readerWriterBody(): string {
  const call = (g: ReaderWriterGrant, schema: string) => `PERFORM pg_temp.cdk8s_default_privileges(p_owner, ${schema}, '${g.objects}', `
    + `ARRAY[${g.privileges.map(p => `'${p}'`).join(', ')}], ARRAY[${g.grantees.join(', ')}]);`;
  // The grantees are the function's parameters, named as the roles passed to readerWriterGrants().
  return [
    '  IF p_schema IS NULL THEN',
    ...readerWriterGrants('p_reader', 'p_writer', true).map(g => `    ${call(g, 'NULL')}`),
    '  ELSE',
    ...readerWriterGrants('p_reader', 'p_writer', false).map(g => `    ${call(g, 'p_schema')}`),
    '  END IF;',
  ].join('\n');
}

/** Role, membership and role-setting helpers (cluster-wide objects; run in the first database). */
export const ROLE_HELPERS = [
  `CREATE FUNCTION pg_temp.cdk8s_oid(p_role text) RETURNS oid LANGUAGE plpgsql AS $cdk8s$
DECLARE r oid;
BEGIN
  SELECT oid INTO r FROM pg_roles WHERE rolname = p_role;
  IF r IS NULL THEN RAISE EXCEPTION 'cdk8s-postgres: role % does not exist', quote_ident(p_role); END IF;
  RETURN r;
END
$cdk8s$;`,
  fn('cdk8s_require_role(p_role text, p_why text)', `
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
    RAISE EXCEPTION 'cdk8s-postgres: role % does not exist; %', quote_ident(p_role), p_why;
  END IF;
END`),
  fn('cdk8s_role(p_role text, p_attrs text[])', `
DECLARE r pg_roles%ROWTYPE; a text; base text; have boolean; changes text[] := '{}';
BEGIN
  FOREACH a IN ARRAY p_attrs LOOP
    base := CASE WHEN a LIKE 'NO%' THEN substr(a, 3) ELSE a END;
    IF base NOT IN ('SUPERUSER', 'INHERIT', 'LOGIN', 'CREATEROLE', 'CREATEDB', 'REPLICATION', 'BYPASSRLS') THEN
      RAISE EXCEPTION 'cdk8s-postgres: unknown role attribute %', a;
    END IF;
  END LOOP;
  SELECT * INTO r FROM pg_roles WHERE rolname = p_role;
  IF NOT FOUND THEN
    EXECUTE format('CREATE ROLE %I %s', p_role, array_to_string(p_attrs, ' '));
    ${note('created role % %')}, quote_ident(p_role), array_to_string(p_attrs, ' ');
    RETURN;
  END IF;
  FOREACH a IN ARRAY p_attrs LOOP
    base := CASE WHEN a LIKE 'NO%' THEN substr(a, 3) ELSE a END;
    have := CASE base WHEN 'SUPERUSER' THEN r.rolsuper WHEN 'INHERIT' THEN r.rolinherit WHEN 'LOGIN' THEN r.rolcanlogin
      WHEN 'CREATEROLE' THEN r.rolcreaterole WHEN 'CREATEDB' THEN r.rolcreatedb WHEN 'REPLICATION' THEN r.rolreplication
      ELSE r.rolbypassrls END;
    IF have IS DISTINCT FROM (a = base) THEN changes := changes || a; END IF;
  END LOOP;
  IF cardinality(changes) > 0 THEN
    EXECUTE format('ALTER ROLE %I %s', p_role, array_to_string(changes, ' '));
    ${note('altered role % %')}, quote_ident(p_role), array_to_string(changes, ' ');
  END IF;
END`),
  // PostgreSQL 16 may keep several grants of one role (one per grantor): any of them counts.
  fn('cdk8s_member(p_role text, p_member text, p_admin boolean)', `
DECLARE found_any boolean; found_admin boolean;
BEGIN
  SELECT count(*) > 0, coalesce(bool_or(m.admin_option), false) INTO found_any, found_admin
    FROM pg_auth_members m WHERE m.roleid = pg_temp.cdk8s_oid(p_role) AND m.member = pg_temp.cdk8s_oid(p_member);
  IF found_any AND (found_admin OR NOT p_admin) THEN RETURN; END IF;
  EXECUTE format('GRANT %I TO %I', p_role, p_member) || CASE WHEN p_admin THEN ' WITH ADMIN OPTION' ELSE '' END;
  ${note('granted % to %')}, quote_ident(p_role),
    quote_ident(p_member) || CASE WHEN p_admin THEN ' with admin option' ELSE '' END;
END`),
  // PostgreSQL stores a list setting with each element passed through quote_ident, so the same
  // rendering lets a plain string comparison detect "already set".
  fn('cdk8s_search_path(p_role text, p_path text[])', `
DECLARE v text;
BEGIN
  SELECT string_agg(quote_ident(e), ', ' ORDER BY o) INTO v FROM unnest(p_path) WITH ORDINALITY AS t(e, o);
  IF EXISTS (SELECT 1 FROM pg_db_role_setting s WHERE s.setdatabase = 0 AND s.setrole = pg_temp.cdk8s_oid(p_role)
             AND ('search_path=' || v) = ANY (s.setconfig)) THEN RETURN; END IF;
  EXECUTE format('ALTER ROLE %I SET search_path TO %s', p_role, v);
  ${note('set search_path of % to %')}, quote_ident(p_role), v;
END`),
  fn('cdk8s_database_owner(p_db text, p_owner text)', `
DECLARE current_owner oid;
BEGIN
  SELECT datdba INTO current_owner FROM pg_database WHERE datname = p_db;
  IF current_owner IS NULL THEN RAISE EXCEPTION 'cdk8s-postgres: database % does not exist', quote_ident(p_db); END IF;
  IF current_owner = pg_temp.cdk8s_oid(p_owner) THEN RETURN; END IF;
  EXECUTE format('ALTER DATABASE %I OWNER TO %I', p_db, p_owner);
  ${note('changed the owner of database % to %')}, quote_ident(p_db), quote_ident(p_owner);
END`),
  fn('cdk8s_note_database(p_db text, p_owner text)', `
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = p_db) THEN
    ${note('creating database % owned by %')}, quote_ident(p_db), quote_ident(p_owner);
  END IF;
END`),
];

/** Schema, privilege and extension helpers (per database; they use cdk8s_oid from ROLE_HELPERS). */
export const DATABASE_HELPERS = [
  fn('cdk8s_schema(p_schema text, p_owner text)', `
DECLARE current_owner oid;
BEGIN
  SELECT nspowner INTO current_owner FROM pg_namespace WHERE nspname = p_schema;
  IF current_owner IS NULL THEN
    EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', p_schema, p_owner);
    ${note('created schema % owned by %')}, quote_ident(p_schema), quote_ident(p_owner);
  ELSIF current_owner <> pg_temp.cdk8s_oid(p_owner) THEN
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', p_schema, p_owner);
    ${note('changed the owner of schema % to %')}, quote_ident(p_schema), quote_ident(p_owner);
  END IF;
END`),
  // As superuser the grantor is the schema owner, as when the operator grants under SET ROLE.
  fn('cdk8s_schema_usage(p_schema text, p_grantees text[])', `
DECLARE g text;
BEGIN
  FOREACH g IN ARRAY p_grantees LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname = p_schema
                   AND a.grantee = pg_temp.cdk8s_oid(g) AND a.privilege_type = 'USAGE') THEN
      EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', p_schema, g);
      ${note('granted usage on schema % to %')}, quote_ident(p_schema), quote_ident(g);
    END IF;
  END LOOP;
END`),
  fn('cdk8s_default_privileges(p_owner text, p_schema text, p_objects text, p_privs text[], p_grantees text[])', `
DECLARE kind "char"; nsp oid := 0; missing boolean;
BEGIN
  kind := CASE p_objects WHEN 'TABLES' THEN 'r' WHEN 'SEQUENCES' THEN 'S' WHEN 'FUNCTIONS' THEN 'f' WHEN 'TYPES' THEN 'T'
    WHEN 'SCHEMAS' THEN 'n' END;
  IF kind IS NULL OR NOT p_privs <@ ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'USAGE', 'EXECUTE'] THEN
    RAISE EXCEPTION 'cdk8s-postgres: unsupported default privilege % on %', p_privs, p_objects;
  END IF;
  IF p_schema IS NOT NULL THEN SELECT oid INTO STRICT nsp FROM pg_namespace WHERE nspname = p_schema; END IF;
  SELECT EXISTS (
    SELECT 1 FROM unnest(p_grantees) g, unnest(p_privs) p WHERE NOT EXISTS (
      SELECT 1 FROM pg_default_acl d, aclexplode(d.defaclacl) a
       WHERE d.defaclrole = pg_temp.cdk8s_oid(p_owner) AND d.defaclnamespace = nsp AND d.defaclobjtype = kind
         AND a.grantee = pg_temp.cdk8s_oid(g) AND a.privilege_type = p)) INTO missing;
  IF NOT missing THEN RETURN; END IF;
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I', p_owner)
    || CASE WHEN p_schema IS NULL THEN '' ELSE format(' IN SCHEMA %I', p_schema) END
    || format(' GRANT %s ON %s TO %s', array_to_string(p_privs, ', '), p_objects,
              (SELECT string_agg(quote_ident(g), ', ') FROM unnest(p_grantees) g));
  ${note('default privileges of % in %: % on % to %')}, quote_ident(p_owner), coalesce(quote_ident(p_schema), 'the database'),
    array_to_string(p_privs, ', '), p_objects, array_to_string(p_grantees, ', ');
END`),
  // The operator's reader/writer set in one call: generated from readerWriterGrants(), the list the model uses.
  fn('cdk8s_reader_writer_privileges(p_owner text, p_schema text, p_reader text, p_writer text)', `
BEGIN
${readerWriterBody()}
END`),
  // Created as superuser like the operator does; moved when it lives in another schema.
  fn('cdk8s_extension(p_name text, p_schema text)', `
DECLARE have_schema name;
BEGIN
  SELECT n.nspname INTO have_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = p_name;
  IF have_schema IS NULL THEN
    EXECUTE format('CREATE EXTENSION IF NOT EXISTS %I SCHEMA %I', p_name, p_schema);
    ${note('created extension % in schema %')}, quote_ident(p_name), quote_ident(p_schema);
  ELSIF have_schema <> p_schema THEN
    EXECUTE format('ALTER EXTENSION %I SET SCHEMA %I', p_name, p_schema);
    ${note('moved extension % to schema %')}, quote_ident(p_name), quote_ident(p_schema);
  END IF;
END`),
];
