// Observing a running cluster: polling with a clear failure message, workload readiness, pods and their logs.
import { RunningTarget } from './target';
import { Manifest } from '../apiserver/client';

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Progress on stderr as it happens (jest holds console output until a test file ends; a scenario takes minutes). */
export function step(message: string): void {
  process.stderr.write(`running tier ${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

/** Polls `probe` until it returns a value other than undefined; the error names `what` and the last state. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>,
  state: () => Promise<string> = async () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) { lastError = String(e); }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not reached in ${timeoutMs / 1000} s${lastError ? ` (last error: ${lastError})` : ''}\n${await state()}`);
    }
    await sleep(500);
  }
}

export async function list(target: RunningTarget, path: string): Promise<any[]> {
  const r = await target.client.request('GET', path);
  if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.body?.message ?? ''}`);
  return r.body.items;
}

export const selectorOf = (labels: Record<string, string>) =>
  Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');

export async function pods(target: RunningTarget, ns: string, labels: Record<string, string>): Promise<any[]> {
  return list(target, `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(selectorOf(labels))}`);
}

export const isReady = (pod: any) => !pod.metadata.deletionTimestamp
  && (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

/** Whether a workload object is done: all replicas ready and current (StatefulSet, Deployment) or complete (Job). */
export function workloadDone(live: any): boolean {
  const s = live?.status ?? {};
  switch (live?.kind) {
    case 'StatefulSet':
      // With OnDelete the controller never moves currentRevision (only a RollingUpdate completes); updated pods count.
      return s.observedGeneration === live.metadata.generation && (s.readyReplicas ?? 0) === live.spec.replicas
        && (s.updatedReplicas ?? 0) === live.spec.replicas
        && (live.spec.updateStrategy?.type === 'OnDelete' || s.currentRevision === s.updateRevision);
    case 'Deployment':
      return s.observedGeneration === live.metadata.generation && (s.availableReplicas ?? 0) === live.spec.replicas
        && (s.updatedReplicas ?? 0) === live.spec.replicas && !s.unavailableReplicas;
    case 'Job':
      return (s.conditions ?? []).some((c: any) => c.type === 'Complete' && c.status === 'True');
    default:
      return true;
  }
}

/** A short account of the pods in some namespaces, for failure messages. */
export async function podReport(target: RunningTarget, namespaces: string[]): Promise<string> {
  const lines: string[] = [];
  for (const ns of namespaces) {
    for (const p of await list(target, `/api/v1/namespaces/${ns}/pods`)) {
      const cs = [...p.status?.initContainerStatuses ?? [], ...p.status?.containerStatuses ?? []]
        .map((c: any) => `${c.name}:${c.ready ? 'ready' : Object.keys(c.state ?? {})[0]}${c.state?.waiting?.reason ? `(${c.state.waiting.reason})` : ''} r${c.restartCount}`);
      lines.push(`  ${ns}/${p.metadata.name} ${p.status?.phase} node=${p.spec.nodeName ?? '-'} role=${p.metadata.labels?.['spilo-role'] ?? '-'} ${cs.join(' ')}`);
    }
    const events = await list(target, `/api/v1/namespaces/${ns}/events`);
    for (const e of events.filter((x: any) => x.type === 'Warning').slice(-10)) {
      lines.push(`  event ${ns}/${e.involvedObject.name}: ${e.reason} ${String(e.message).slice(0, 200)}`);
    }
  }
  return lines.join('\n');
}

/** Waits until every workload among the objects is done; returns seconds per workload. */
export async function waitWorkloads(target: RunningTarget, objects: Manifest[], timeoutMs: number,
  skip: (o: Manifest) => boolean = () => false): Promise<Map<string, number>> {
  const start = Date.now();
  const times = new Map<string, number>();
  const workloads = objects.filter(o => ['StatefulSet', 'Deployment', 'Job'].includes(o.kind) && !skip(o));
  const namespaces = [...new Set(objects.map(o => o.metadata.namespace!).filter(Boolean))];
  await until(`workloads ready (${workloads.map(w => `${w.kind} ${w.metadata.name}`).join(', ')})`, timeoutMs, async () => {
    for (const w of workloads) {
      const key = `${w.kind} ${w.metadata.namespace}/${w.metadata.name}`;
      if (times.has(key)) continue;
      if (workloadDone(await target.client.get(w))) times.set(key, (Date.now() - start) / 1000);
    }
    return times.size === workloads.length ? true : undefined;
  }, () => podReport(target, namespaces));
  return times;
}

/** Every container log (current and, where a container restarted, previous) of the pods in a namespace. */
export async function allLogs(target: RunningTarget, ns: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of await list(target, `/api/v1/namespaces/${ns}/pods`)) {
    const statuses = [...p.status?.initContainerStatuses ?? [], ...p.status?.containerStatuses ?? []];
    for (const c of statuses) {
      for (const previous of c.restartCount > 0 ? [false, true] : [false]) {
        const r = await target.client.request('GET',
          `/api/v1/namespaces/${ns}/pods/${p.metadata.name}/log?container=${c.name}${previous ? '&previous=true' : ''}`);
        if (r.status === 200) out.set(`${ns}/${p.metadata.name}/${c.name}${previous ? ' (previous)' : ''}`, String(r.body ?? ''));
      }
    }
  }
  return out;
}
