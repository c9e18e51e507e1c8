// Patroni REST API authentication: the credentials Secret, how SPILO_CONFIGURATION gets them without a password in
// YAML, and who else carries them. The running-cluster tier (day2) proves Patroni refuses an unauthenticated
// POST /switchover and accepts an authenticated one.
import { execFileSync } from 'child_process';
import { Duration } from 'cdk8s';
import { Credentials, PostgresCluster } from '../../src';
import { chart, named, postgresContainer, spiloConfiguration, synth } from '../util';

/** What kubelet does to an env value: `$(NAME)` of an earlier variable becomes its value; `$$` stays one `$`. */
function expand(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name) => m === '$$' ? '$' : (name in vars ? vars[name] : m));
}

/** The container's env as Spilo sees it: secretKeyRefs from `secrets`, configMapKeyRefs from the objects. */
function containerEnv(objects: any[], container: any, secrets: Record<string, Record<string, string>>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const e of container.env) {
    const secret = e.valueFrom?.secretKeyRef;
    const configMap = e.valueFrom?.configMapKeyRef;
    if (secret) vars[e.name] = secrets[secret.name]?.[secret.key];
    else if (configMap) vars[e.name] = named(objects, 'ConfigMap', configMap.name).data[configMap.key];
    else if (e.value !== undefined) vars[e.name] = expand(e.value, vars);
  }
  return vars;
}

/** Parsed as Spilo parses it (PyYAML). */
function pyYaml(text: string): any {
  return JSON.parse(execFileSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))'], { input: text }).toString());
}

function cluster(props: Record<string, unknown> = {}) {
  const c = chart();
  const db = new PostgresCluster(c, 'db', { teamId: 'acid', instances: 2, ...props });
  const objects = synth(c);
  return { db, objects, container: postgresContainer(named(objects, 'StatefulSet', 'db')) };
}

describe('Patroni REST API authentication (default)', () => {
  const { objects, container } = cluster({ patroni: { ttl: Duration.seconds(45) } });

  test('SPILO_CONFIGURATION, once kubelet expanded it, is the ConfigMap\'s document plus restapi.authentication', () => {
    const env = containerEnv(objects, container, { 'db-patroni-api': { username: 'patroni', password: 'Ab3xYz9' } });
    const document = spiloConfiguration(objects, named(objects, 'StatefulSet', 'db'));
    expect(document.restapi).toBeUndefined();
    expect(document.bootstrap.dcs.ttl).toBe(45);
    expect(pyYaml(env.SPILO_CONFIGURATION)).toEqual({ ...document, restapi: { authentication: { username: 'patroni', password: 'Ab3xYz9' } } });
    // No password in the manifests: the value only names the variables.
    expect(JSON.stringify(objects)).not.toContain('Ab3xYz9');
  });

  test('the credentials Job generates <c>-patroni-api (user patroni) in the cluster\'s namespace', () => {
    const job = objects.find(o => o.kind === 'Job' && o.metadata.name.startsWith('db-creds-'));
    const specs = JSON.parse(job.spec.template.spec.containers[0].env.find((e: any) => e.name === 'CREDENTIALS_SECRETS').value);
    expect(specs).toContainEqual(expect.objectContaining({ namespace: 'db', name: 'db-patroni-api', username: 'patroni' }));
  });

  test('the Jobs that call Patroni\'s unsafe endpoints carry the credentials; the others do not', () => {
    const jobs = objects.filter(o => o.kind === 'Job');
    const carrying = jobs.filter(j => j.spec.template.spec.containers[0].env?.some((e: any) => e.name === 'PATRONI_RESTAPI_PASSWORD'))
      .map(j => j.metadata.name.replace(/-[0-9a-f]+$/, ''));
    // The dynamic configuration Job (PATCH /config, POST /restart, /switchover) and the rollout Job (POST /switchover).
    expect(carrying.sort()).toEqual(['db-dcs', 'db-roll']);
  });
});

describe('patroniApiAuthentication: false', () => {
  test('the operator\'s layout: no Secret, SPILO_CONFIGURATION straight from the ConfigMap, no credentials anywhere', () => {
    const { objects, container } = cluster({ patroniApiAuthentication: false, credentials: Credentials.generated() });
    expect(container.env.find((e: any) => e.name === 'SPILO_CONFIGURATION').valueFrom.configMapKeyRef.name).toBe('db-spilo-configuration');
    // (The shared programs and the hook, in ConfigMaps, still know how to send credentials: they find none.)
    expect(JSON.stringify(objects.filter(o => o.kind !== 'ConfigMap'))).not.toMatch(/patroni-api|PATRONI_RESTAPI/);
  });
});
