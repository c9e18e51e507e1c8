/** What a sync Job's SQL creates, read from the calls the library generates (see src/users/sync-sql.ts). */
export interface SyncIntent {
  readonly roles: Set<string>;
  readonly databases: Set<string>;
  /** Schemas, extensions, memberships, search paths and privileges, one readable line each. */
  readonly grants: Set<string>;
}

const CALL = /^SELECT pg_temp\.cdk8s_([a-z_]+)\((.*)\);$/;
const CONNECT = /^\\connect "((?:[^"]|"")*)"$/;
const GRANT_CALLS: Record<string, string> = {
  member: 'membership',
  search_path: 'search path',
  schema: 'schema',
  schema_usage: 'schema usage',
  extension: 'extension',
  default_privileges: 'default privileges',
  reader_writer_privileges: 'reader/writer privileges',
  database_owner: 'database owner',
};

/** The arguments of a generated call, as written (string literals unquoted, arrays kept as their element list). */
function callArguments(args: string): string {
  return args.replace(/ARRAY\[(.*?)\]::text\[\]/g, '[$1]').replace(/'((?:[^']|'')*)'/g, (_, s: string) => s.replace(/''/g, "'"));
}

/** Reads the sync SQL of one cluster. */
export function syncIntent(sql: string | undefined): SyncIntent {
  const intent: SyncIntent = { roles: new Set(), databases: new Set(), grants: new Set() };
  let database = '';
  for (const raw of (sql ?? '').split('\n')) {
    const line = raw.trim();
    const connect = CONNECT.exec(line);
    if (connect) database = connect[1].replace(/""/g, '"');
    const call = CALL.exec(line);
    if (!call) continue;
    const [, fn, args] = call;
    const first = /^'((?:[^']|'')*)'/.exec(args)?.[1]?.replace(/''/g, "'");
    if (fn === 'role' && first !== undefined) intent.roles.add(first);
    else if (fn === 'note_database' && first !== undefined) intent.databases.add(first);
    else if (GRANT_CALLS[fn]) intent.grants.add(`${GRANT_CALLS[fn]} ${callArguments(args)}${database ? ` in database ${database}` : ''}`);
  }
  return intent;
}

/** Members of `a` not in `b`, sorted. */
export function missingFrom(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter(x => !b.has(x)).sort();
}
