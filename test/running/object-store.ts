// An S3-compatible object store in the test cluster (our `s3` test image, gofakes3 in memory) at the address an
// example uses for MinIO: https://minio.storage.svc:9000, with a certificate from the test CA the test images
// trust. Tests read it from the client pod with boto3 (the Spilo image's Python), never through our WAL-G stand-in.
import { readFileSync } from 'fs';
import { join } from 'path';
import { isReady, until } from './live';
import { CLIENT_POD } from './psql';
import { RUNNING_IMAGES_ENV, RunningTarget } from './target';
import { Manifest } from '../apiserver/client';

export const STORE_NS = 'storage';
export const STORE_SERVICE = 'minio';
export const STORE_ENDPOINT = `https://${STORE_SERVICE}.${STORE_NS}.svc:9000`;
const SELECTOR = { 'app.kubernetes.io/name': 'cdk8s-pg-test-s3' };

export interface StoreKeys { readonly accessKeyId: string; readonly secretAccessKey: string }

/** The local name of the s3 test image (images.txt of the image build). */
function storeImage(): string {
  const dir = process.env[RUNNING_IMAGES_ENV];
  if (!dir) throw new Error(`${RUNNING_IMAGES_ENV} is not set (global-setup.ts sets it)`);
  const line = readFileSync(join(dir, 'images.txt'), 'utf8').split('\n').find(l => /\/s3:/.test(l.split(/\s+/)[1] ?? ''));
  if (!line) throw new Error('images.txt has no s3 image');
  return line.split(/\s+/)[1];
}

/** Starts the store (once) with the buckets and the one key pair it accepts. */
export async function startStore(target: RunningTarget, buckets: string[], keys: StoreKeys): Promise<void> {
  await target.namespaces.fresh(STORE_NS);
  const apply = (o: Manifest) => target.client.apply(o, { fieldManager: 'cdk8s-postgres-test-tier' });
  await apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'store-keys', namespace: STORE_NS },
    stringData: { S3_ACCESS_KEY: keys.accessKeyId, S3_SECRET_KEY: keys.secretAccessKey },
  } as Manifest);
  await apply({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: STORE_SERVICE, namespace: STORE_NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: SELECTOR },
      template: {
        metadata: { labels: SELECTOR },
        spec: {
          automountServiceAccountToken: false,
          containers: [{
            name: 's3',
            image: storeImage(),
            imagePullPolicy: 'IfNotPresent',
            args: ['-buckets', buckets.join(','), '-tls-names',
              [`${STORE_SERVICE}.${STORE_NS}.svc`, `${STORE_SERVICE}.${STORE_NS}.svc.cluster.local`, STORE_SERVICE].join(',')],
            envFrom: [{ secretRef: { name: 'store-keys' } }],
            ports: [{ containerPort: 9000 }],
            readinessProbe: { httpGet: { path: '/_admin/health', port: 9000, scheme: 'HTTPS' }, periodSeconds: 2 },
          }],
        },
      },
    },
  } as Manifest);
  await apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: STORE_SERVICE, namespace: STORE_NS },
    spec: { selector: SELECTOR, ports: [{ port: 9000, targetPort: 9000 }] },
  } as Manifest);
  await until('object store ready', 180_000, async () => {
    const pods = (await target.client.request('GET', `/api/v1/namespaces/${STORE_NS}/pods`)).body.items as any[];
    return pods.some(isReady) ? true : undefined;
  });
}

/**
 * Cuts the store off (its Service selects no pod: connections are refused, as for a store that is down) or
 * reconnects it. The store keeps its data.
 */
export async function setStoreReachable(target: RunningTarget, reachable: boolean): Promise<void> {
  await target.client.apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: STORE_SERVICE, namespace: STORE_NS },
    spec: { selector: reachable ? SELECTOR : { 'app.kubernetes.io/name': 'nothing' }, ports: [{ port: 9000, targetPort: 9000 }] },
  } as Manifest, { fieldManager: 'cdk8s-postgres-test-tier' });
}

export interface StoredObject { readonly key: string; readonly size: number; readonly modified: string }

/** Runs a boto3 script in the client pod of `ns` with `s3` bound to a client of the store. */
async function boto(target: RunningTarget, ns: string, keys: StoreKeys, body: string): Promise<string> {
  const script = [
    'import sys, json, base64, boto3, botocore.config',
    `s3 = boto3.client("s3", endpoint_url="${STORE_ENDPOINT}", region_name="us-east-1", verify="/etc/ssl/certs/ca-certificates.crt",`,
    '  config=botocore.config.Config(s3={"addressing_style": "path"}))',
    body,
  ].join('\n');
  return target.kubectl(['exec', '-i', '-n', ns, CLIENT_POD, '--', 'env', `AWS_ACCESS_KEY_ID=${keys.accessKeyId}`,
    `AWS_SECRET_ACCESS_KEY=${keys.secretAccessKey}`, '/opt/patroni/bin/python3', '-'], { input: script, timeoutMs: 60_000 });
}

export async function listObjects(target: RunningTarget, ns: string, keys: StoreKeys, bucket: string, prefix: string): Promise<StoredObject[]> {
  const out = await boto(target, ns, keys, [
    'out = []',
    `for page in s3.get_paginator("list_objects_v2").paginate(Bucket=${JSON.stringify(bucket)}, Prefix=${JSON.stringify(prefix)}):`,
    '    out += [{"key": o["Key"], "size": o["Size"], "modified": o["LastModified"].isoformat()} for o in page.get("Contents", [])]',
    'print(json.dumps(out))',
  ].join('\n'));
  return JSON.parse(out);
}

export async function getObject(target: RunningTarget, ns: string, keys: StoreKeys, bucket: string, key: string): Promise<Buffer> {
  const out = await boto(target, ns, keys,
    `print(base64.b64encode(s3.get_object(Bucket=${JSON.stringify(bucket)}, Key=${JSON.stringify(key)})["Body"].read()).decode())`);
  return Buffer.from(out.trim(), 'base64');
}

export async function objectTags(target: RunningTarget, ns: string, keys: StoreKeys, bucket: string, key: string): Promise<Record<string, string>> {
  const out = await boto(target, ns, keys, [
    `t = s3.get_object_tagging(Bucket=${JSON.stringify(bucket)}, Key=${JSON.stringify(key)})["TagSet"]`,
    'print(json.dumps({x["Key"]: x["Value"] for x in t}))',
  ].join('\n'));
  return JSON.parse(out);
}

/** Shifts the store's clock for objects written from now on (negative: they look older), via its admin endpoint. */
export async function setStoreClock(target: RunningTarget, ns: string, offsetSeconds: number): Promise<void> {
  await target.kubectl(['exec', '-n', ns, CLIENT_POD, '--', 'curl', '-fsS', '-X', 'PUT',
    `${STORE_ENDPOINT}/_admin/clock?offset=${offsetSeconds}`]);
}
