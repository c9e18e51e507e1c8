import { batchAndApps, services, statefulSet, supportingObjects } from './fixtures';
import { issuesOf, rulesOf } from './helpers';

const deployment = () => batchAndApps()[2];
const configMap = () => supportingObjects()[4];

describe('schema: kinds', () => {
  test('an unknown kind is an error, with the versions it is known under', () => {
    const pdb = supportingObjects()[3];
    pdb.apiVersion = 'policy/v1beta1';
    const issues = issuesOf(pdb);
    expect(issues.map((i) => `${i.rule} ${i.path}`)).toEqual(['schema/unknown-kind apiVersion']);
    expect(issues[0].message).toMatch(/policy\/v1beta1 PodDisruptionBudget is not a Kubernetes 1.28 kind.*known as policy\/v1/);
  });

  test('a made-up kind names the way out (registerCrd)', () => {
    const issues = issuesOf({ apiVersion: 'v1', kind: 'Frobnicator', metadata: { name: 'x' } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: 'Frobnicator', name: 'x', rule: 'schema/unknown-kind', path: 'apiVersion' });
    expect(issues[0].message).toMatch(/registerCrd/);
  });

  test('objects without apiVersion/kind are reported, not crashed on', () => {
    expect(rulesOf({ metadata: { name: 'x' } })).toEqual(['schema/kind ']);
  });

  test('alpha APIs are flagged as not served by default', () => {
    expect(rulesOf({ apiVersion: 'networking.k8s.io/v1alpha1', kind: 'IPAddress', metadata: { name: '10.0.0.1' }, spec: {} })).toContain('schema/alpha-api apiVersion');
  });
});

describe('schema: fields', () => {
  test('unknown fields are errors at every depth (strict)', () => {
    const sts = statefulSet();
    sts.spec.templates = {};
    sts.metadata.label = {};
    sts.spec.template.spec.containers[0].ports[1].nmae = 'x';
    sts.spec.volumeClaimTemplates[0].spec.resources.request = {};
    expect(rulesOf(sts).sort()).toEqual([
      'schema/unknown-field metadata.label',
      'schema/unknown-field spec.template.spec.containers[0].ports[1].nmae',
      'schema/unknown-field spec.templates',
      'schema/unknown-field spec.volumeClaimTemplates[0].spec.resources.request',
    ]);
  });

  test('wrong types: strings for numbers, numbers for strings, floats for integers, scalars for objects', () => {
    const sts = statefulSet();
    sts.spec.replicas = '3';
    sts.spec.serviceName = 5;
    sts.spec.template.spec.terminationGracePeriodSeconds = 1.5;
    sts.spec.template.spec.containers[0].env[0] = 'SCOPE=x';
    sts.spec.template.spec.containers[0].securityContext.privileged = 'false';
    expect(rulesOf(sts).sort()).toEqual([
      'schema/type spec.replicas',
      'schema/type spec.serviceName',
      'schema/type spec.template.spec.containers[0].env[0]',
      'schema/type spec.template.spec.containers[0].securityContext.privileged',
      'schema/type spec.template.spec.terminationGracePeriodSeconds',
    ]);
  });

  test('int32 fields reject values beyond 2^31-1', () => {
    const svc = services()[0];
    svc.spec.ports[0].port = 2 ** 31;
    expect(rulesOf(svc)).toContain('schema/type spec.ports[0].port');
  });

  test('missing required fields', () => {
    const sts = statefulSet();
    delete sts.spec.template.spec.containers[0].ports[0].containerPort;
    delete sts.spec.selector;
    const rb = supportingObjects()[2];
    delete rb.roleRef.name;
    expect(rulesOf(sts)).toEqual(expect.arrayContaining([
      'schema/required spec.selector',
      'schema/required spec.template.spec.containers[0].ports[0].containerPort',
    ]));
    expect(rulesOf(rb)).toEqual(['schema/required roleRef.name']);
  });

  test('bad enum values (from the +enum markers)', () => {
    const sts = statefulSet();
    sts.spec.podManagementPolicy = 'Serial';
    sts.spec.template.spec.containers[0].ports[0].protocol = 'tcp';
    const svc = services()[0];
    svc.spec.type = 'Internal';
    expect(rulesOf(sts).sort()).toEqual([
      'schema/enum spec.podManagementPolicy',
      'schema/enum spec.template.spec.containers[0].ports[0].protocol',
    ]);
    expect(rulesOf(svc)).toEqual(['schema/enum spec.type']);
  });

  test('closed sets without +enum markers: access modes, policy types', () => {
    const sts = statefulSet();
    sts.spec.volumeClaimTemplates[0].spec.accessModes = ['ReadWriteOnly'];
    const np = supportingObjects()[6];
    np.spec.policyTypes = ['ingress'];
    expect(rulesOf(sts)).toEqual(['schema/enum spec.volumeClaimTemplates[0].spec.accessModes[0]']);
    expect(rulesOf(np)).toEqual(['schema/enum spec.policyTypes[0]']);
  });

  test('IntOrString takes an int32 or a string, nothing else', () => {
    const dep = deployment();
    dep.spec.strategy.rollingUpdate = { maxSurge: '25%', maxUnavailable: 1 };
    expect(rulesOf(dep)).toEqual([]);
    dep.spec.strategy.rollingUpdate = { maxSurge: 1.5, maxUnavailable: true };
    expect(rulesOf(dep).sort()).toEqual([
      'schema/type spec.strategy.rollingUpdate.maxSurge',
      'schema/type spec.strategy.rollingUpdate.maxUnavailable',
    ]);
  });

  test('malformed quantities are errors with their exact path', () => {
    const sts = statefulSet();
    sts.spec.template.spec.containers[0].resources.limits.memory = '1 Gi';
    sts.spec.template.spec.containers[0].resources.requests.cpu = '100mcpu';
    sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '50GB';
    sts.spec.template.spec.volumes[0].emptyDir.sizeLimit = 'lots';
    expect(rulesOf(sts).sort()).toEqual([
      'schema/quantity spec.template.spec.containers[0].resources.limits.memory',
      'schema/quantity spec.template.spec.containers[0].resources.requests.cpu',
      'schema/quantity spec.template.spec.volumes[0].emptyDir.sizeLimit',
      'schema/quantity spec.volumeClaimTemplates[0].spec.resources.requests.storage',
    ]);
  });

  test('duplicate list-map keys (containerPort/protocol, protocol defaulting to TCP) are rejected', () => {
    const sts = statefulSet();
    sts.spec.template.spec.containers[0].ports.push({ name: 'pg2', containerPort: 5432 });
    expect(rulesOf(sts)).toEqual(['schema/duplicate-key spec.template.spec.containers[0].ports[2]']);
  });

  test('map values are typed: labels must be strings, ConfigMap binaryData base64', () => {
    const cm = configMap();
    cm.metadata.labels.team = 7;
    cm.binaryData = { blob: 'not base64!' };
    expect(rulesOf(cm).sort()).toEqual(['schema/format binaryData.blob', 'schema/type metadata.labels.team']);
  });

  test('null means unset, as the API server decodes it', () => {
    const cm = configMap();
    cm.metadata.annotations = null;
    expect(rulesOf(cm)).toEqual([]);
  });
});
