/*
 * Passwords without a trace: psql copies each password from its env var into a temporary table as
 * COPY data (hex from od), which no statement text, log line or pg_stat_activity entry ever shows.
 * A pg_temp function then checks it against the role's stored SCRAM-SHA-256 verifier (RFC 5802/7677:
 * PBKDF2-HMAC-SHA-256 with the stored salt and iteration count, compare StoredKey and ServerKey) and
 * only when it does not verify stores a new verifier computed here, so even the nested ALTER ROLE
 * (and any error context) carries the verifier, never the password, and an unchanged password
 * changes nothing in the catalog.
 */

export const PASSWORD_HELPERS = [
  'CREATE TEMP TABLE cdk8s_password_input (n int GENERATED ALWAYS AS IDENTITY, line text);',
  'CREATE TEMP TABLE cdk8s_passwords (role text PRIMARY KEY, env text NOT NULL, password bytea NOT NULL);',
  `CREATE FUNCTION pg_temp.cdk8s_missing_env(p_env text, p_role text) RETURNS void LANGUAGE plpgsql AS $cdk8s$
BEGIN
  RAISE EXCEPTION 'cdk8s-postgres: environment variable % (the password of role %) is not set', p_env, quote_ident(p_role);
END
$cdk8s$;`,
  // printenv ends the value with one newline; the password must be printable ASCII because libpq
  // applies SASLprep to other passwords before hashing, which this script does not reproduce.
  `CREATE FUNCTION pg_temp.cdk8s_take_password(p_role text, p_env text) RETURNS void LANGUAGE plpgsql AS $cdk8s$
DECLARE raw bytea; i int;
BEGIN
  SELECT decode(coalesce(string_agg(regexp_replace(line, '[^0-9a-fA-F]', '', 'g'), '' ORDER BY n), ''), 'hex')
    INTO raw FROM pg_temp.cdk8s_password_input;
  TRUNCATE pg_temp.cdk8s_password_input;
  IF length(raw) = 0 OR get_byte(raw, length(raw) - 1) <> 10 THEN
    RAISE EXCEPTION 'cdk8s-postgres: could not read environment variable % (the password of role %)', p_env, quote_ident(p_role);
  END IF;
  raw := substring(raw FROM 1 FOR length(raw) - 1);
  IF length(raw) = 0 THEN
    RAISE EXCEPTION 'cdk8s-postgres: environment variable % (the password of role %) is empty', p_env, quote_ident(p_role);
  END IF;
  FOR i IN 0 .. length(raw) - 1 LOOP
    IF get_byte(raw, i) NOT BETWEEN 32 AND 126 THEN
      RAISE EXCEPTION 'cdk8s-postgres: environment variable % (the password of role %) must hold printable ASCII only',
        p_env, quote_ident(p_role);
    END IF;
  END LOOP;
  INSERT INTO pg_temp.cdk8s_passwords VALUES (p_role, p_env, raw);
END
$cdk8s$;`,
  `CREATE FUNCTION pg_temp.cdk8s_hmac_pads(p_key bytea, OUT ipad bytea, OUT opad bytea) LANGUAGE plpgsql AS $cdk8s$
DECLARE k bytea := p_key; i int;
BEGIN
  IF length(k) > 64 THEN k := sha256(k); END IF;
  k := k || decode(repeat('00', 64 - length(k)), 'hex');
  ipad := k; opad := k;
  FOR i IN 0 .. 63 LOOP
    ipad := set_byte(ipad, i, get_byte(k, i) # 54);
    opad := set_byte(opad, i, get_byte(k, i) # 92);
  END LOOP;
END
$cdk8s$;`,
  `CREATE FUNCTION pg_temp.cdk8s_hmac(p_key bytea, p_msg bytea) RETURNS bytea LANGUAGE sql AS $cdk8s$
  SELECT sha256(p.opad || sha256(p.ipad || p_msg)) FROM pg_temp.cdk8s_hmac_pads(p_key) p
$cdk8s$;`,
  // PBKDF2 with one 32-byte block; the XOR runs on bit(256) because bytea has no XOR operator.
  `CREATE FUNCTION pg_temp.cdk8s_salted_password(p_password bytea, p_salt bytea, p_iterations int) RETURNS bytea LANGUAGE plpgsql AS $cdk8s$
DECLARE pads record; u bytea; acc bit(256); i int;
BEGIN
  SELECT * INTO pads FROM pg_temp.cdk8s_hmac_pads(p_password);
  u := sha256(pads.opad || sha256(pads.ipad || p_salt || decode('00000001', 'hex')));
  acc := ('x' || encode(u, 'hex'))::bit(256);
  FOR i IN 2 .. p_iterations LOOP
    u := sha256(pads.opad || sha256(pads.ipad || u));
    acc := acc # ('x' || encode(u, 'hex'))::bit(256);
  END LOOP;
  RETURN decode(lpad(to_hex(substring(acc FROM 1 FOR 64)::bigint), 16, '0') || lpad(to_hex(substring(acc FROM 65 FOR 64)::bigint), 16, '0')
    || lpad(to_hex(substring(acc FROM 129 FOR 64)::bigint), 16, '0') || lpad(to_hex(substring(acc FROM 193 FOR 64)::bigint), 16, '0'), 'hex');
END
$cdk8s$;`,
  `CREATE FUNCTION pg_temp.cdk8s_scram_matches(p_verifier text, p_password bytea) RETURNS boolean LANGUAGE plpgsql AS $cdk8s$
DECLARE m text[]; salted bytea;
BEGIN
  m := regexp_match(p_verifier, '^SCRAM-SHA-256\\$([0-9]+):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$');
  IF m IS NULL THEN RETURN false; END IF;
  salted := pg_temp.cdk8s_salted_password(p_password, decode(m[2], 'base64'), m[1]::int);
  RETURN sha256(pg_temp.cdk8s_hmac(salted, convert_to('Client Key', 'UTF8'))) = decode(m[3], 'base64')
     AND pg_temp.cdk8s_hmac(salted, convert_to('Server Key', 'UTF8')) = decode(m[4], 'base64');
END
$cdk8s$;`,
  // New verifiers use the server's scram_iterations (PostgreSQL 16+, else 4096) and a 16-byte salt
  // from two random UUIDs (gen_random_uuid is core since PostgreSQL 13; pgcrypto is not needed).
  `CREATE FUNCTION pg_temp.cdk8s_scram_verifier(p_password bytea) RETURNS text LANGUAGE plpgsql AS $cdk8s$
DECLARE iterations int := coalesce(nullif(current_setting('scram_iterations', true), '')::int, 4096);
  salt bytea := substring(sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())) FROM 1 FOR 16);
  salted bytea;
BEGIN
  salted := pg_temp.cdk8s_salted_password(p_password, salt, iterations);
  RETURN format('SCRAM-SHA-256$%s:%s$%s:%s', iterations, encode(salt, 'base64'),
    encode(sha256(pg_temp.cdk8s_hmac(salted, convert_to('Client Key', 'UTF8'))), 'base64'),
    encode(pg_temp.cdk8s_hmac(salted, convert_to('Server Key', 'UTF8')), 'base64'));
END
$cdk8s$;`,
  // An md5 verifier is replaced by a SCRAM one even when it matches: the script always stores SCRAM.
  `CREATE FUNCTION pg_temp.cdk8s_password(p_role text) RETURNS void LANGUAGE plpgsql AS $cdk8s$
DECLARE pw bytea; stored text;
BEGIN
  SELECT password INTO STRICT pw FROM pg_temp.cdk8s_passwords WHERE role = p_role;
  SELECT rolpassword INTO stored FROM pg_authid WHERE rolname = p_role;
  IF stored IS NOT NULL AND pg_temp.cdk8s_scram_matches(stored, pw) THEN RETURN; END IF;
  EXECUTE format('ALTER ROLE %I PASSWORD %L', p_role, pg_temp.cdk8s_scram_verifier(pw));
  RAISE NOTICE 'cdk8s-postgres: set the password of role %', quote_ident(p_role);
END
$cdk8s$;`,
];

/** psql lines that load one role's password from its env var (psql 15+ for \getenv). */
export function loadPassword(role: string, env: string, literal: (s: string) => string): string[] {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(env)) throw new Error(`password env var '${env}' of role '${role}' must match [A-Z_][A-Z0-9_]*`);
  return [
    `\\getenv cdk8s_password ${env}`,
    '\\if :{?cdk8s_password}',
    '\\else',
    `SELECT pg_temp.cdk8s_missing_env(${literal(env)}, ${literal(role)});`,
    '\\endif',
    // Only presence was needed: drop the plaintext from psql's memory.
    '\\unset cdk8s_password',
    `\\copy pg_temp.cdk8s_password_input (line) from program 'printenv ${env} | od -An -v -tx1'`,
    `SELECT pg_temp.cdk8s_take_password(${literal(role)}, ${literal(env)});`,
  ];
}
