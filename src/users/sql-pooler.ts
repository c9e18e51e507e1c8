/*
 * The connection pooler's lookup function, as the operator installs it in every database
 * (pkg/cluster/database.go, connectionPoolerLookup): schema <schema>, the SECURITY DEFINER function
 * <schema>.user_lookup(i_username text, OUT uname text, OUT phash text) reading pg_shadow, EXECUTE
 * for the pooler role only, and USAGE on the schema for it. pgbouncer calls it as its `auth_query`.
 *
 * Unlike the operator's CREATE OR REPLACE, the helper compares the catalog first and changes only
 * what differs, so an unchanged second run writes nothing. One hardening: the function pins its
 * search_path to pg_catalog (SECURITY DEFINER functions should not resolve names through the
 * caller's path); a function the operator installed is replaced once for that reason.
 */

/** The body of user_lookup: the operator's, verbatim in meaning. */
export const USER_LOOKUP_BODY = `
BEGIN
  SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = i_username INTO uname, phash;
  RETURN;
END
`;

const note = (what: string) => `RAISE NOTICE 'cdk8s-postgres: ${what}'`;

/** Uses cdk8s_oid (ROLE_HELPERS); the sync library defines both in every session. */
export const POOLER_HELPER = `CREATE FUNCTION pg_temp.cdk8s_pooler_lookup(p_schema text, p_user text) RETURNS void LANGUAGE plpgsql AS $cdk8s$
DECLARE nsp oid; f record; acl aclitem[]; pooler oid := pg_temp.cdk8s_oid(p_user);
  body text := $body$${USER_LOOKUP_BODY}$body$;
  fn text := format('%I.user_lookup(text)', p_schema);
BEGIN
  SELECT oid INTO nsp FROM pg_namespace WHERE nspname = p_schema;
  IF nsp IS NULL THEN
    EXECUTE format('CREATE SCHEMA %I', p_schema);
    ${note('created schema % in database %')}, quote_ident(p_schema), quote_ident(current_database());
    SELECT oid INTO STRICT nsp FROM pg_namespace WHERE nspname = p_schema;
  END IF;

  SELECT p.oid, p.prosrc, p.prosecdef, p.proconfig, l.lanname, r.rolsuper INTO f
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang JOIN pg_roles r ON r.oid = p.proowner
   WHERE p.pronamespace = nsp AND p.proname = 'user_lookup' AND p.pronargs = 1 AND p.proargtypes[0] = 'text'::regtype;
  IF f.oid IS NULL OR f.prosrc IS DISTINCT FROM body OR NOT f.prosecdef OR f.lanname <> 'plpgsql'
     OR f.proconfig IS DISTINCT FROM ARRAY['search_path=pg_catalog'] THEN
    EXECUTE format('CREATE OR REPLACE FUNCTION %I.user_lookup(i_username text, OUT uname text, OUT phash text) RETURNS record '
      || 'LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS %L', p_schema, body);
    ${note('% function % in database %')}, CASE WHEN f.oid IS NULL THEN 'created' ELSE 'replaced' END, fn,
      quote_ident(current_database());
  END IF;
  -- Only a superuser may read pg_shadow: CREATE OR REPLACE keeps the owner of an existing function.
  IF f.oid IS NOT NULL AND NOT f.rolsuper THEN
    EXECUTE format('ALTER FUNCTION %s OWNER TO CURRENT_USER', fn);
    ${note('changed the owner of % in database % to %')}, fn, quote_ident(current_database()), quote_ident(current_user);
  END IF;

  SELECT coalesce(p.proacl, acldefault('f', p.proowner)) INTO STRICT acl
    FROM pg_proc p WHERE p.pronamespace = nsp AND p.proname = 'user_lookup' AND p.pronargs = 1 AND p.proargtypes[0] = 'text'::regtype;
  IF EXISTS (SELECT 1 FROM aclexplode(acl) a WHERE a.grantee = 0) THEN
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn);
    ${note('revoked execute on % from public in database %')}, fn, quote_ident(current_database());
  END IF;
  IF NOT EXISTS (SELECT 1 FROM aclexplode(acl) a WHERE a.grantee = pooler AND a.privilege_type = 'EXECUTE') THEN
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, p_user);
    ${note('granted execute on % to % in database %')}, fn, quote_ident(p_user), quote_ident(current_database());
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                 WHERE n.oid = nsp AND a.grantee = pooler AND a.privilege_type = 'USAGE') THEN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', p_schema, p_user);
    ${note('granted usage on schema % to % in database %')}, quote_ident(p_schema), quote_ident(p_user), quote_ident(current_database());
  END IF;
END
$cdk8s$;`;
