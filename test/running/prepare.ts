// Makes a local test cluster able to run an example unchanged: its image names resolve to our test images on
// every node, and its StatefulSets' claims find local volumes. A real cluster (KUBECONFIG) has registries and a
// provisioner of its own, so nothing is done there.
import { chmodSync, mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { RUNNING_DIR_ENV, RUNNING_IMAGES_ENV, RunningTarget } from './target';
import { bytes, claimsOf, imagesOf } from './workloads';
import { Manifest } from '../apiserver/client';

interface ImageEntry { readonly local: string; readonly patterns: RegExp[] }

function imageEntries(): ImageEntry[] {
  const dir = process.env[RUNNING_IMAGES_ENV];
  if (!dir) throw new Error(`${RUNNING_IMAGES_ENV} is not set (global-setup.ts sets it)`);
  return readFileSync(join(dir, 'images.txt'), 'utf8').split('\n').filter(l => l.trim() && !l.startsWith('#')).map(l => {
    const [, local, patterns = ''] = l.trim().split(/\s+/);
    const glob = (p: string) => new RegExp(`^${p.split('*').map(s => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
    return { local, patterns: patterns.split(',').filter(Boolean).map(glob) };
  });
}

export interface ImagePlan {
  /** Manifest image → local test image that serves it. */
  readonly served: Map<string, string>;
  /** Images no test image provides (a team's own application): they get the pause image, never become Ready. */
  readonly standIns: string[];
}

export function planImages(objects: Manifest[]): ImagePlan {
  const entries = imageEntries();
  const pause = entries.find(e => e.patterns.some(p => p.test('registry.k8s.io/pause:3.6')))?.local;
  const served = new Map<string, string>();
  const standIns: string[] = [];
  for (const image of imagesOf(objects)) {
    const entry = entries.find(e => e.patterns.some(p => p.test(image)));
    if (entry) {served.set(image, entry.local);} else { standIns.push(image); if (pause) served.set(image, pause); }
  }
  return { served, standIns };
}

export function tagImages(target: RunningTarget, plan: ImagePlan): void {
  if (!target.local) return;
  const nodes = Number(process.env.CDK8S_PG_CLUSTER_NODES ?? 3);
  for (let n = 1; n <= nodes; n++) {
    for (const [image, local] of plan.served) {
      target.onNode(`node${n}`, ['ctr', '-n', 'k8s.io', 'images', 'tag', '--force', local, image]);
    }
  }
}

/**
 * PersistentVolumes for every claim of the objects. A directory on the machine's disk is reachable from every node
 * (they share the disk), so the volumes carry no node affinity: like network-attached storage, a drained member's
 * volume follows it to another node. (Local volumes would pin it to its node and block a drain for good.)
 */
export async function provisionVolumes(target: RunningTarget, objects: Manifest[]): Promise<number> {
  if (!target.local) return 0;
  const dir = process.env[RUNNING_DIR_ENV]!;
  const pvs = (await target.client.request('GET', '/api/v1/persistentvolumes')).body.items as any[];
  // Per class: as many free volumes as the objects have members of that class, at the largest size.
  const demand = new Map<string, { count: number; size: string }>();
  for (const claim of claimsOf(objects)) {
    const cls = claim.storageClass ?? 'local';
    const d = demand.get(cls) ?? { count: 0, size: claim.size };
    demand.set(cls, { count: d.count + claim.replicas, size: bytes(claim.size) > bytes(d.size) ? claim.size : d.size });
  }
  let created = 0;
  for (const [cls, claim] of demand) {
    await target.client.apply({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: cls },
      provisioner: 'kubernetes.io/no-provisioner',
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Delete',
      // A claim's request may grow (the tier has no resizer: its volumes keep their capacity, the request is what
      // the tests check).
      allowVolumeExpansion: true,
    } as Manifest, { fieldManager: 'cdk8s-postgres-test-tier' });
    const free = pvs.filter(pv => pv.status?.phase === 'Available' && pv.spec.storageClassName === cls
      && bytes(pv.spec.capacity.storage) >= bytes(claim.size)).length;
    for (let i = free; i < claim.count; i++) {
      const name = `vol-${Date.now().toString(36)}-${created}`;
      const path = join(dir, 'volumes', name);
      mkdirSync(path, { recursive: true, mode: 0o777 });
      chmodSync(path, 0o777);
      const pv = {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name, labels: { 'cdk8s-postgres-test/pool': cls } },
        spec: {
          capacity: { storage: claim.size },
          accessModes: ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Retain',
          storageClassName: cls,
          volumeMode: 'Filesystem',
          hostPath: { path, type: 'Directory' },
        },
      };
      await target.client.apply(pv as Manifest, { fieldManager: 'cdk8s-postgres-test-tier' });
      pvs.push({ ...pv, status: { phase: 'Available' } });
      created++;
    }
  }
  return created;
}
