// The server side of the tier must be able to say no: these prove that the API server we test against rejects
// what a real cluster rejects (so a green examples run means something) and that warnings reach us.
import { ApiError, Manifest } from './client';
import { connect, Target } from './target';

const NS = 'cdk8s-pg-negative';
let target: Target;

beforeAll(async () => {
  target = await connect();
  await target.namespaces.fresh(NS);
}, 15 * 60_000);

afterAll(async () => { await target?.release(); });

/** A small, valid Spilo-like StatefulSet; each test breaks one thing. */
function statefulSet(name: string): Manifest {
  const labels = { 'application': 'spilo', 'cluster-name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: NS, labels },
    spec: {
      serviceName: name,
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'postgres', image: 'ghcr.io/zalando/spilo-17:4.0-p2', ports: [{ containerPort: 5432 }] }] },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'pgdata' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      }],
    },
  };
}

/** Applies and returns the rejection; fails the test if the server accepted the object. */
async function rejection(obj: Manifest): Promise<ApiError> {
  try {
    await target.client.apply(obj);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`the server accepted ${obj.kind} ${obj.metadata.name}, expected a rejection`);
}

test('the valid fixture is accepted (control for the rejections below)', async () => {
  const reply = await target.client.apply(statefulSet('control'));
  expect(reply.body.metadata.uid).toBeTruthy();
});

test('an unknown field is rejected by strict field validation, and nothing is stored', async () => {
  const obj = statefulSet('unknown-field');
  obj.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
  const err = await rejection(obj);
  // Server-side apply answers 500 (not 400) when the typed conversion fails, at least in 1.28.
  expect([400, 500]).toContain(err.status);
  expect(err.message).toMatch(/imagePullPolicyy/);
  expect(err.message).toMatch(/unknown field|not declared in schema/);
  expect(await target.client.get(obj)).toBeUndefined();
});

test('a duplicate key is rejected under fieldValidation=Strict, and only warned about under Warn', async () => {
  const yaml = (name: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${NS}\ndata:\n  mode: a\n  mode: b\n`;
  // Control: the same document under Warn is stored, with the problem as a Warning header.
  const warn = await target.client.request('PATCH',
    `/api/v1/namespaces/${NS}/configmaps/dup-warn?fieldManager=control&fieldValidation=Warn`,
    yaml('dup-warn'), 'application/apply-patch+yaml');
  expect(warn.status).toBe(201);
  expect(warn.warnings.join('\n')).toMatch(/already set in map|duplicate field/);

  const obj: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dup-strict', namespace: NS } };
  const err = await target.client.apply(obj, { rawYaml: yaml('dup-strict') }).then(() => undefined, e => e);
  expect(err).toBeInstanceOf(ApiError);
  expect(err.status).toBe(400);
  expect(err.message).toMatch(/strict decoding|duplicate field/);
  expect(await target.client.get(obj)).toBeUndefined();
});

test('a StatefulSet whose selector does not match its template labels is rejected', async () => {
  const obj = statefulSet('selector-mismatch');
  obj.spec.template.metadata.labels = { 'application': 'spilo', 'cluster-name': 'someone-else' };
  const err = await rejection(obj);
  expect(err.status).toBe(422);
  expect(err.message).toMatch(/selector.*does not match template.*labels/);
});

test('changing an immutable StatefulSet field is rejected', async () => {
  await target.client.apply(statefulSet('immutable'));

  const newSelector = statefulSet('immutable');
  newSelector.spec.selector.matchLabels.team = 'acid';
  newSelector.spec.template.metadata.labels.team = 'acid';
  const err = await rejection(newSelector);
  expect(err.status).toBe(422);
  expect(err.message).toMatch(/Forbidden: updates to statefulset spec for fields other than/);

  const biggerDisk = statefulSet('immutable');
  biggerDisk.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi';
  const err2 = await rejection(biggerDisk);
  expect(err2.status).toBe(422);
  expect(err2.message).toMatch(/Forbidden: updates to statefulset spec for fields other than/);

  // A mutable field still goes through: the rejections above are about those fields, not the object.
  const moreReplicas = statefulSet('immutable');
  moreReplicas.spec.replicas = 2;
  expect((await target.client.apply(moreReplicas)).body.spec.replicas).toBe(2);
});

test('a root container in a warn-restricted namespace yields a PodSecurity warning header', async () => {
  const reply = await target.client.apply(statefulSet('warned'));
  expect(reply.warnings.join('\n')).toMatch(/would violate PodSecurity "restricted:latest"/);
  expect(reply.warnings.join('\n')).toMatch(/runAsNonRoot/);
});
