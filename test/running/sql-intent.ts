// What the sync Job's SQL declares for a cluster (databases and owners, schemas, extensions), read from the
// SQL we generate, so the running tier can check the live catalog against it through an application's login.
import { Manifest } from '../apiserver/client';

export interface DatabaseIntent {
  readonly name: string;
  readonly owner: string;
  readonly schemas: Map<string, string>;
  readonly extensions: Map<string, string>;
}

const args = (line: string) => [...line.matchAll(/'((?:[^']|'')*)'/g)].map(m => m[1].replace(/''/g, "'"));

export function sqlIntent(objects: Manifest[], ns: string, cluster: string): DatabaseIntent[] {
  const sql = objects.filter(o => o.kind === 'ConfigMap' && o.metadata.namespace === ns
    && o.metadata.labels?.['cluster-name'] === cluster)
    .flatMap(o => Object.values(o.data ?? {}) as string[]).filter(t => t.includes('pg_temp.cdk8s_')).join('\n');
  const dbs = new Map<string, DatabaseIntent>();
  let current: DatabaseIntent | undefined;
  for (const line of sql.split('\n').map(l => l.trim())) {
    const connect = /^\\connect "([^"]+)"/.exec(line);
    if (connect) { current = dbs.get(connect[1]); continue; }
    if (line.startsWith('SELECT pg_temp.cdk8s_database_owner(')) {
      const [name, owner] = args(line);
      dbs.set(name, { name, owner, schemas: new Map(), extensions: new Map() });
    } else if (current && line.startsWith('SELECT pg_temp.cdk8s_schema(')) {
      const [schema, owner] = args(line);
      current.schemas.set(schema, owner);
    } else if (current && line.startsWith('SELECT pg_temp.cdk8s_extension(')) {
      const [ext, schema] = args(line);
      current.extensions.set(ext, schema);
    }
  }
  return [...dbs.values()];
}
