import { createHash } from 'crypto';
import { Duration, Size, Yaml } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { build, Built, CLUSTER, L1, NAMESPACE } from '../cluster/fixtures';
import { envList, named, spiloConfiguration, spiloConfigurationText } from '../util';

/** The operator's 20 "not bootstrap-only" parameters (zalando-operator.md §0.1, isBootstrapOnlyParameter). */
const LOCAL_NAMES = [
  'archive_command', 'shared_buffers', 'logging_collector', 'log_destination', 'log_directory', 'log_filename',
  'log_file_mode', 'log_rotation_age', 'log_truncate_on_rotation', 'ssl', 'ssl_ca_file', 'ssl_crl_file',
  'ssl_cert_file', 'ssl_key_file', 'shared_preload_libraries', 'bg_mon.listen_address', 'bg_mon.history_buckets',
  'pg_stat_statements.track_utility', 'extwlist.extensions', 'extwlist.custom_path',
];

/** The document in the operator's compact form: same keys, same order, same values (deviation: laid out for review). */
const compact = (value: string) => JSON.stringify(JSON.parse(value));
/** The text of SPILO_CONFIGURATION, read from the ConfigMap the postgres container references. */
const textOf = (built: Built) => spiloConfigurationText(built.objects, built.statefulSet);
/** The same, parsed. */
const configOf = (built: Built) => spiloConfiguration(built.objects, built.statefulSet);

describe('SPILO_CONFIGURATION', () => {
  test('minimal cluster renders exactly what the operator renders with shipped defaults', () => {
    // GIVEN / WHEN a cluster with no parameters or Patroni settings
    const built = build();

    // THEN the JSON is the operator's (§4.5), key for key and in its order
    expect(compact(textOf(built))).toBe(
      '{"postgresql":{},"bootstrap":{"initdb":[{"auth-host":"scram-sha-256"},{"auth-local":"trust"}],"dcs":{"failsafe_mode":false}}}',
    );
  });

  test('rich input renders the operator\'s key layout, order and value types', () => {
    // GIVEN parameters of both kinds and every Patroni setting
    const built = build({
      instances: 3,
      parameters: {
        'max_connections': '200',
        'shared_buffers': '1GB',
        'log_statement': 'all',
        'ssl': 'on',
        'work_mem': '8MB',
        'pg_stat_statements.track_utility': 'off',
      },
      patroni: {
        initdb: { 'auth-host': 'md5', 'data-checksums': 'true', 'locale': 'en_US.UTF-8', 'encoding': 'UTF8', 'no-locale': 'false' },
        pgHba: ['local all all trust', 'hostssl all all all md5'],
        ttl: Duration.seconds(40),
        loopWait: Duration.seconds(10),
        retryTimeout: Duration.seconds(15),
        maximumLagOnFailover: Size.mebibytes(32),
        synchronousMode: true,
        synchronousModeStrict: true,
        synchronousNodeCount: 2,
        slots: { standby_dc2: { type: 'physical' }, cdc: { type: 'logical', plugin: 'pgoutput', database: 'orders' } },
        failsafeMode: true,
      },
    });

    // THEN local parameters and pg_hba go to postgresql, the rest to bootstrap.dcs; maps have sorted keys
    // (Go's json.Marshal), struct fields keep the operator's order, maximum_lag_on_failover is in bytes
    expect(compact(textOf(built))).toBe(
      '{"postgresql":{"parameters":{"pg_stat_statements.track_utility":"off","shared_buffers":"1GB","ssl":"on"},'
      + '"pg_hba":["local all all trust","hostssl all all all md5"]},'
      + '"bootstrap":{"initdb":[{"auth-host":"md5"},{"auth-local":"trust"},"data-checksums",{"encoding":"UTF8"},{"locale":"en_US.UTF-8"},{"no-locale":"false"}],'
      + '"dcs":{"ttl":40,"loop_wait":10,"retry_timeout":15,"maximum_lag_on_failover":33554432,'
      + '"synchronous_mode":true,"synchronous_mode_strict":true,"synchronous_node_count":2,'
      + '"postgresql":{"parameters":{"log_statement":"all","max_connections":"200","work_mem":"8MB"}},'
      + '"slots":{"cdc":{"database":"orders","plugin":"pgoutput","type":"logical"},"standby_dc2":{"type":"physical"}},'
      + '"failsafe_mode":true}}}',
    );
  });

  test('deviation: laid out one setting per line, so a change in git is a one-line diff', () => {
    // GIVEN two clusters that differ in one parameter
    const value = (work_mem: string) => textOf(build({ parameters: { work_mem, max_connections: '200' } }));
    const [a, b] = [value('8MB').split('\n'), value('16MB').split('\n')];

    // THEN each is indented JSON, and exactly one line differs
    expect(a.length).toBeGreaterThan(5);
    expect(value('8MB')).toBe(JSON.stringify(JSON.parse(value('8MB')), null, 2));
    expect(a.length).toBe(b.length);
    expect(a.filter((line, i) => line !== b[i])).toEqual(['          "work_mem": "8MB"']);
  });

  test('the rendered YAML carries it as a block scalar that a YAML loader reads back as the same mapping', () => {
    // GIVEN the manifest as written to disk
    const built = build({ parameters: { work_mem: '8MB' } });
    const text = Yaml.stringify(...built.chart.toJson());

    // THEN the ConfigMap's value is a literal block (one line per setting in the pull request), and loading the YAML,
    // following the postgres container's reference to it and loading the value as YAML (what Spilo does with
    // SPILO_CONFIGURATION) gives the mapping the library built
    expect(text).toMatch(/\ndata:\n {2}SPILO_CONFIGURATION: \|-?\n {4}\{\n/);
    const loaded = parseAllDocuments(text).map(d => d.toJS());
    const sts = loaded.find((o: any) => o.kind === 'StatefulSet');
    const raw = spiloConfigurationText(loaded, sts);
    expect(parse(raw)).toEqual(configOf(built));
    expect(parse(raw).bootstrap.dcs.postgresql.parameters.work_mem).toBe('8MB');
  });

  test('deviation: the env reads it from the ConfigMap <c>-spilo-configuration, its only key, with the cluster\'s labels', () => {
    // GIVEN / WHEN a cluster with annotations of its own
    const built = build({ annotations: { 'example.com/owner': 'orders' } });

    // THEN the postgres container's env references the key (through the document env var that SPILO_CONFIGURATION
    // merges with the Patroni API credentials, patroni-api.test.ts); the ConfigMap carries the document and nothing else
    const name = `${CLUSTER}-spilo-configuration`;
    expect(envList(built.container).find(([n]) => n === 'CDK8S_PG_SPILO_CONFIGURATION'))
      .toEqual(['CDK8S_PG_SPILO_CONFIGURATION', { configMapKeyRef: { name, key: 'SPILO_CONFIGURATION' } }]);
    // Without API credentials, SPILO_CONFIGURATION itself references it.
    expect(envList(build({ patroniApiAuthentication: false }).container).find(([n]) => n === 'SPILO_CONFIGURATION'))
      .toEqual(['SPILO_CONFIGURATION', { configMapKeyRef: { name, key: 'SPILO_CONFIGURATION' } }]);
    const configMap = named(built.objects, 'ConfigMap', name);
    expect(configMap.metadata).toEqual({ name, namespace: NAMESPACE, labels: L1, annotations: { 'example.com/owner': 'orders' } });
    expect(Object.keys(configMap.data)).toEqual(['SPILO_CONFIGURATION']);
    expect(configMap.immutable).toBeUndefined();
    // (no sync wave: it is applied with the StatefulSet, before its members start)
    expect(built.statefulSet.metadata.annotations).toEqual(configMap.metadata.annotations);
  });

  test('the pod template carries a digest of everything the members read at start: all but bootstrap', () => {
    // GIVEN a cluster with local and DCS settings
    const built = build({ parameters: { shared_buffers: '1GB', work_mem: '8MB' }, patroni: { pgHba: ['local all all trust'], ttl: Duration.seconds(40) } });

    // THEN the annotation is 16 hex of the sha256 of the document's JSON without its bootstrap key
    const { bootstrap, ...local } = configOf(built);
    expect(bootstrap.dcs.ttl).toBe(40);
    expect(Object.keys(local)).toEqual(['postgresql']);
    const digest = createHash('sha256').update(JSON.stringify(local)).digest('hex').slice(0, 16);
    expect(built.statefulSet.spec.template.metadata.annotations).toEqual({ 'cdk8s-postgres/local-configuration': digest });
  });

  test('all 20 local parameter names go to postgresql.parameters, every other name to bootstrap.dcs', () => {
    // GIVEN every local name plus DCS-only and ordinary parameters
    const parameters: Record<string, string> = Object.fromEntries(LOCAL_NAMES.map(n => [n, 'x']));
    Object.assign(parameters, { max_connections: '300', wal_level: 'logical', log_statement: 'ddl', work_mem: '4MB', track_commit_timestamp: 'on' });
    const config = configOf(build({ parameters }));

    // THEN the split is exactly the operator's
    expect(Object.keys(config.postgresql.parameters)).toEqual([...LOCAL_NAMES].sort());
    expect(config.bootstrap.dcs.postgresql.parameters).toEqual({
      log_statement: 'ddl', max_connections: '300', track_commit_timestamp: 'on', wal_level: 'logical', work_mem: '4MB',
    });
  });

  test('only local parameters: no bootstrap.dcs.postgresql; only DCS parameters: no postgresql.parameters', () => {
    // GIVEN one of each kind in separate clusters
    const local = configOf(build({ parameters: { shared_buffers: '256MB' } }));
    const dcs = configOf(build({ parameters: { work_mem: '16MB' } }));

    // THEN empty sections are omitted, as omitempty does
    expect(local).toEqual({
      postgresql: { parameters: { shared_buffers: '256MB' } },
      bootstrap: { initdb: [{ 'auth-host': 'scram-sha-256' }, { 'auth-local': 'trust' }], dcs: { failsafe_mode: false } },
    });
    expect(dcs.postgresql).toEqual({});
    expect(dcs.bootstrap.dcs).toEqual({ postgresql: { parameters: { work_mem: '16MB' } }, failsafe_mode: false });
  });

  describe('initdb', () => {
    test('the two auth options come first; other options follow in sorted key order', () => {
      // GIVEN options given out of order
      const config = configOf(build({ patroni: { initdb: { 'wal-segsize': '64', 'encoding': 'UTF8', 'locale': 'C' } } }));

      // THEN
      expect(config.bootstrap.initdb).toEqual([
        { 'auth-host': 'scram-sha-256' }, { 'auth-local': 'trust' }, { encoding: 'UTF8' }, { locale: 'C' }, { 'wal-segsize': '64' },
      ]);
    });

    test('same-named options replace the auth defaults in place', () => {
      // GIVEN auth-local and auth-host overrides
      const config = configOf(build({ patroni: { initdb: { 'auth-local': 'peer', 'auth-host': 'md5' } } }));

      // THEN they keep their positions
      expect(config.bootstrap.initdb).toEqual([{ 'auth-host': 'md5' }, { 'auth-local': 'peer' }]);
    });

    test.each(['data-checksums', 'debug', 'no-locale', 'noclean', 'nosync', 'sync-only'])('flag %s with "true" is rendered bare', flag => {
      // GIVEN a flag set to "true"
      const config = configOf(build({ patroni: { initdb: { [flag]: 'true' } } }));

      // THEN it is a plain string entry
      expect(config.bootstrap.initdb[2]).toBe(flag);
    });

    test('a flag with another value, or another option with "true", stays a key/value entry', () => {
      // GIVEN
      const config = configOf(build({ patroni: { initdb: { 'data-checksums': 'false', 'allow-group-access': 'true' } } }));

      // THEN
      expect(config.bootstrap.initdb.slice(2)).toEqual([{ 'allow-group-access': 'true' }, { 'data-checksums': 'false' }]);
    });
  });

  test('pg_hba is local (a change rolls the pods and Patroni reloads it)', () => {
    // GIVEN custom pg_hba lines
    const config = configOf(build({ patroni: { pgHba: ['local all all trust', 'host all all 0.0.0.0/0 md5'] } }));

    // THEN they are in postgresql.pg_hba, in order, and not in bootstrap
    expect(config.postgresql.pg_hba).toEqual(['local all all trust', 'host all all 0.0.0.0/0 md5']);
    expect(config.bootstrap.pg_hba).toBeUndefined();
    expect(config.bootstrap.dcs.pg_hba).toBeUndefined();
  });

  test('ttl, loop_wait and retry_timeout are whole seconds, each only when set', () => {
    // GIVEN only ttl in minutes
    const config = configOf(build({ patroni: { ttl: Duration.minutes(1) } }));

    // THEN ttl is 60 and the others are left to Spilo's defaults
    expect(config.bootstrap.dcs).toEqual({ ttl: 60, failsafe_mode: false });
  });

  test('maximum_lag_on_failover is a number of bytes', () => {
    // GIVEN 1 GiB
    const config = configOf(build({ patroni: { maximumLagOnFailover: Size.gibibytes(1) } }));

    // THEN
    expect(config.bootstrap.dcs.maximum_lag_on_failover).toBe(1073741824);
  });

  test('synchronous mode without strict or node count renders only synchronous_mode', () => {
    // GIVEN
    const config = configOf(build({ instances: 2, patroni: { synchronousMode: true } }));

    // THEN
    expect(config.bootstrap.dcs).toEqual({ synchronous_mode: true, failsafe_mode: false });
  });

  test('synchronous_node_count is rendered when set', () => {
    // GIVEN three members and one synchronous standby
    const config = configOf(build({ instances: 3, patroni: { synchronousMode: true, synchronousNodeCount: 1 } }));

    // THEN
    expect(config.bootstrap.dcs.synchronous_node_count).toBe(1);
  });

  test('slots: keys and settings sorted, physical slot', () => {
    // GIVEN two physical slots
    const config = configOf(build({ patroni: { slots: { zeta: { type: 'physical' }, alpha: { type: 'physical' } } } }));

    // THEN
    expect(JSON.stringify(config.bootstrap.dcs.slots)).toBe('{"alpha":{"type":"physical"},"zeta":{"type":"physical"}}');
  });

  test('failsafe_mode: the fleet default applies, the cluster wins', () => {
    // GIVEN a fleet that turns failsafe on, and a cluster that turns it off again
    const fleetOn = configOf(build({}, { enablePatroniFailsafeMode: true }));
    const clusterOff = configOf(build({ patroni: { failsafeMode: false } }, { enablePatroniFailsafeMode: true }));

    // THEN
    expect(fleetOn.bootstrap.dcs.failsafe_mode).toBe(true);
    expect(clusterOff.bootstrap.dcs.failsafe_mode).toBe(false);
  });

  test('bootstrap has no other keys than initdb and dcs, postgresql no bin_dir', () => {
    // GIVEN every option
    const config = configOf(build({
      parameters: { shared_buffers: '1GB', work_mem: '1MB' },
      patroni: { pgHba: ['local all all trust'], initdb: { locale: 'C' } },
    }));

    // THEN nothing beyond what the operator generates (Spilo derives authentication, restapi, kubernetes)
    expect(Object.keys(config)).toEqual(['postgresql', 'bootstrap']);
    expect(Object.keys(config.postgresql)).toEqual(['parameters', 'pg_hba']);
    expect(Object.keys(config.bootstrap)).toEqual(['initdb', 'dcs']);
  });
});
