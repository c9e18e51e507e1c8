import { parse } from 'yaml';
import { PostgresExporterConnection, PostgresSidecar } from '../../src';
import { POSTGRES_CSV_LUA } from '../../src/sidecar/private/postgres-csv-lua';
import { build, CLUSTER } from '../cluster/fixtures';
import { clusterObjects, envList, isClusterConfiguration, named } from '../util';

// fengari: Lua 5.3 in JavaScript; the script keeps to what LuaJIT (Fluent Bit's Lua) also has.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fengari = require('fengari');

const container = (podSpec: any, name: string) => podSpec.containers.find((c: any) => c.name === name);

describe('PostgresSidecar.postgresExporter()', () => {
  test('postgres_exporter on 9187 through the shared socket, with the query set mounted', () => {
    const { podSpec, objects } = build({ sidecars: [PostgresSidecar.postgresExporter()] });
    const c = container(podSpec, 'postgres-exporter');
    expect(c.image).toBe('quay.io/prometheuscommunity/postgres-exporter:v0.20.1');
    expect(c.args).toEqual(['--web.listen-address=:9187']);
    expect(c.ports).toEqual([{ name: 'exporter', containerPort: 9187, protocol: 'TCP' }]);
    expect(envList(c).slice(4)).toEqual([
      ['DATA_SOURCE_URI', 'localhost/postgres?host=/var/run/postgresql&sslmode=disable'],
      ['DATA_SOURCE_USER', '$(POSTGRES_USER)'],
      ['DATA_SOURCE_PASS', '$(POSTGRES_PASSWORD)'],
      ['PG_EXPORTER_EXTEND_QUERY_PATH', '/etc/postgres-exporter/queries.yaml'],
    ]);
    expect(c.volumeMounts.map((m: any) => `${m.name}:${m.mountPath}`)).toEqual([
      'postgres-exporter-config:/etc/postgres-exporter', 'pgdata:/home/postgres/pgdata', 'postgresql-run:/var/run/postgresql',
    ]);
    expect(c.readinessProbe).toBeUndefined(); // a sidecar that is not ready would take the member out of its Services
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, readOnlyRootFilesystem: true });
    expect(c.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    // The query set is the library's: one ConfigMap per namespace, named after its content, that the pod mounts.
    const configMap = podSpec.volumes.find((v: any) => v.name === 'postgres-exporter-config').configMap.name;
    expect(configMap).toMatch(/^cdk8s-postgres-postgres-exporter-[0-9a-f]{10}$/);
    const shared = named(objects, 'ConfigMap', configMap);
    expect(Object.keys(shared.data)).toEqual(['queries.yaml']);
    expect(shared.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'cdk8s-postgres', 'app.kubernetes.io/component': 'postgres-exporter-config' });
    expect(objects.filter((o: any) => o.metadata.name === `${CLUSTER}-sidecar-postgres-exporter`)).toEqual([]);
  });

  test('over TCP with sslmode=require and no query set: no socket volume, no ConfigMap', () => {
    const { podSpec, objects } = build({
      sidecars: [PostgresSidecar.postgresExporter({ connection: PostgresExporterConnection.LOCALHOST_TLS, customQueries: false, extraArgs: ['--collector.stat_statements'] })],
    });
    const c = container(podSpec, 'postgres-exporter');
    expect(envList(c).slice(4)).toEqual([
      ['DATA_SOURCE_URI', 'localhost:5432/postgres?sslmode=require'], ['DATA_SOURCE_USER', '$(POSTGRES_USER)'], ['DATA_SOURCE_PASS', '$(POSTGRES_PASSWORD)'],
    ]);
    expect(c.args).toEqual(['--web.listen-address=:9187', '--collector.stat_statements']);
    expect(podSpec.volumes.map((v: any) => v.name)).toEqual(['dshm', 'kube-api-access', 'postgres-hooks']);
    expect(clusterObjects(objects).some(o => o.kind === 'ConfigMap' && !isClusterConfiguration(o))).toBe(false);
  });
});

describe('PostgresSidecar.logForwarder()', () => {
  const forwarder = () => build({ sidecars: [PostgresSidecar.logForwarder({ secretName: 'log-service', uri: '/api/logs', apiKeyHeader: 'X-Api-Key', apiKeyScheme: '' })] });

  test('Fluent Bit with host and API key from the Secret, its config and state volume', () => {
    const { podSpec, objects } = forwarder();
    const c = container(podSpec, 'log-forwarder');
    expect(c.image).toBe('cr.fluentbit.io/fluent/fluent-bit:5.1.1');
    expect(c.args).toEqual(['-c', '/fluent-bit/etc/cdk8s/fluent-bit.yaml']);
    // The forwarder never gets the superuser: only the two injected pod variables precede its own
    expect(envList(c).slice(0, 2).map(([name]) => name)).toEqual(['POD_NAME', 'POD_NAMESPACE']);
    expect(envList(c).slice(2)).toEqual([
      ['LOG_HOST', { secretKeyRef: { name: 'log-service', key: 'host' } }],
      ['LOG_API_KEY', { secretKeyRef: { name: 'log-service', key: 'api-key' } }],
    ]);
    expect(c.volumeMounts.map((m: any) => `${m.name}:${m.mountPath}`)).toEqual([
      'log-forwarder-state:/fluent-bit/state', 'log-forwarder-config:/fluent-bit/etc/cdk8s', 'pgdata:/home/postgres/pgdata',
    ]);
    expect(c.volumeMounts.find((m: any) => m.name === 'pgdata').readOnly).toBe(true);
    expect(podSpec.volumes).toContainEqual({ name: 'log-forwarder-state', emptyDir: {} });
    const data = named(objects, 'ConfigMap', `${CLUSTER}-sidecar-log-forwarder`).data;
    expect(Object.keys(data).sort()).toEqual(['fluent-bit.yaml', 'postgres-csv.lua']);
  });

  test('plaintext forwarding only when acknowledged: tls off and no certificate check', () => {
    const { objects } = build({ sidecars: [PostgresSidecar.logForwarder({ secretName: 'log-service', tls: false, allowPlaintext: true })] });
    const config = parse(named(objects, 'ConfigMap', `${CLUSTER}-sidecar-log-forwarder`).data['fluent-bit.yaml']);
    const output = config.pipeline.outputs[0];
    expect(output.tls).toBe('off');
    expect(output['tls.verify']).toBeUndefined();
  });

  test('the YAML config tails the CSV logs with the multiline parser, filters with Lua, POSTs JSON lines', () => {
    const config = parse(named(forwarder().objects, 'ConfigMap', `${CLUSTER}-sidecar-log-forwarder`).data['fluent-bit.yaml']);
    expect(config.pipeline.inputs[0]).toMatchObject({
      'name': 'tail', 'path': '/home/postgres/pgdata/pgroot/pg_log/*.csv', 'multiline.parser': 'postgres-csv', 'db': '/fluent-bit/state/tail.db',
    });
    expect(config.pipeline.filters[0]).toEqual({ name: 'lua', match: 'postgres', script: '/fluent-bit/etc/cdk8s/postgres-csv.lua', call: 'parse_postgres_csv' });
    expect(config.pipeline.outputs[0]).toMatchObject({
      'name': 'http',
      'host': '${LOG_HOST}',
      'port': 443,
      'uri': '/api/logs',
      'format': 'json_lines',
      'tls': 'on',
      'tls.verify': 'on',
      'header': 'X-Api-Key ${LOG_API_KEY}',
    });
    const [start, cont] = config.multiline_parsers[0].rules;
    const regex = (r: string) => new RegExp(r.slice(1, -1));
    expect(regex(start.regex).test('2026-11-23 23:57:04.283 UTC,"postgres","postgres",1,')).toBe(true);
    expect(regex(cont.regex).test('line ""quoted"", with comma\',,,')).toBe(true);
    expect(regex(cont.regex).test('2026-11-23 23:57:04.283 CEST,,,1,')).toBe(false);
  });

  describe('the Lua filter turns csvlog records into fields', () => {
    const run = (log: string): any => {
      const { lua, lauxlib, lualib, to_luastring } = fengari;
      const L = lauxlib.luaL_newstate();
      lualib.luaL_openlibs(L);
      // Fields come back as key \1 value pairs joined by \2 (neither occurs in a log line).
      const chunk = `${POSTGRES_CSV_LUA}
local code, ts, out = parse_postgres_csv("postgres", 0, { log = ${JSON.stringify(log)} })
local pairs_ = {}
for k, v in pairs(out) do table.insert(pairs_, k .. "\\1" .. tostring(v)) end
return code .. "\\2" .. table.concat(pairs_, "\\2")`;
      if (lauxlib.luaL_dostring(L, to_luastring(chunk)) !== lua.LUA_OK) throw new Error(lua.lua_tojsstring(L, -1));
      const [code, ...entries] = (lua.lua_tojsstring(L, -1) as string).split('\u0002');
      return { code: Number(code), fields: Object.fromEntries(entries.map(e => e.split('\u0001'))) };
    };

    test('PostgreSQL 17: quoted commas, doubled quotes and a newline inside the message', () => {
      // A record as PostgreSQL 17 wrote it (26 columns), joined by the multiline parser.
      const record = '2026-11-23 23:57:04.283 UTC,"postgres","postgres",14240,"[local]",6b04d2d0.37a0,1,"idle",2026-11-23 23:57:04 UTC,0/2,0,LOG,00000,'
        + '"statement: SELECT \'multi\nline ""quoted"", with comma\'",,,,,,,,,"psql","client backend",,0\n';
      const { code, fields } = run(record);
      expect(code).toBe(2);
      expect(fields).toEqual({
        log_time: '2026-11-23 23:57:04.283 UTC',
        user_name: 'postgres',
        database_name: 'postgres',
        process_id: '14240',
        connection_from: '[local]',
        session_id: '6b04d2d0.37a0',
        session_line_num: '1',
        command_tag: 'idle',
        session_start_time: '2026-11-23 23:57:04 UTC',
        virtual_transaction_id: '0/2',
        transaction_id: '0',
        error_severity: 'LOG',
        sql_state_code: '00000',
        message: 'statement: SELECT \'multi\nline "quoted", with comma\'',
        application_name: 'psql',
        backend_type: 'client backend',
        query_id: '0',
        pod: '',
        namespace: '',
      });
    });

    test('PostgreSQL 13 (24 columns), an error with its query', () => {
      const record = '2026-11-23 23:57:04.284 UTC,"app","orders",99,"10.0.0.7:5000",6b04d2d0.37a0,3,"SELECT",2026-11-23 23:57:04 UTC,3/7,0,ERROR,22012,'
        + '"division by zero",,,,,,"SELECT 1/0",,,"psql","client backend"';
      const { fields } = run(record);
      expect(fields).toMatchObject({ error_severity: 'ERROR', sql_state_code: '22012', message: 'division by zero', query: 'SELECT 1/0', backend_type: 'client backend' });
      expect(fields.leader_pid).toBeUndefined();
    });

    test('a line that is no record is kept whole', () => {
      expect(run('garbage without commas').fields).toEqual({ log: 'garbage without commas', pod: '', namespace: '' });
    });
  });
});
