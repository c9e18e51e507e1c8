// The preStop switchover hook run by python3 against a stand-in for Patroni's REST API (/patroni, /cluster,
// /switchover). The running-cluster tier proves it on real Patroni during rolling updates.
import { spawn } from 'child_process';
import * as http from 'http';
import { AddressInfo } from 'net';
import { PostgresCluster } from '../../src';
import { SWITCHOVER_HOOK_SCRIPT } from '../../src/spilo/switchover-hook';
import { chart, named, postgresContainer, synth } from '../util';

interface Member { name: string; role: string; state: string; tags?: Record<string, unknown> }

/** The Authorization header of each POST of the last run (undefined: none sent). */
let authorizations: Array<string | undefined> = [];

async function runHook(
  me: { role: string } | undefined, members: Member[], hostname: string, refuse: string[] = [], env: Record<string, string> = {},
): Promise<unknown[]> {
  const posted: unknown[] = [];
  authorizations = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => body += c);
    req.on('end', () => {
      if (!me) { res.writeHead(503).end(); return; }
      if (req.method === 'GET' && req.url === '/patroni') { res.end(JSON.stringify({ ...me, patroni: { name: hostname } })); return; }
      if (req.method === 'GET' && req.url === '/cluster') { res.end(JSON.stringify({ members })); return; }
      if (req.method === 'POST' && req.url === '/switchover') {
        const request = JSON.parse(body);
        posted.push(request);
        authorizations.push(req.headers.authorization);
        // As Patroni: refuses a candidate that is not healthy or, in synchronous mode, not a synchronous standby.
        const refused = request.candidate && refuse.includes(request.candidate);
        res.writeHead(refused ? 412 : 200).end(refused ? 'candidate refused' : 'Successfully switched over');
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>(ok => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  try {
    const code = await new Promise<number | null>(ok => {
      const p = spawn('python3', ['-c', SWITCHOVER_HOOK_SCRIPT], {
        env: { ...process.env, HOSTNAME: hostname, CDK8S_PG_PATRONI_API: `http://127.0.0.1:${port}`, ...env }, stdio: 'ignore',
      });
      p.on('exit', ok);
    });
    expect(code).toBe(0);
  } finally {
    server.close();
  }
  return posted;
}

const members = (...specs: Array<[string, string, string?]>): Member[] =>
  specs.map(([name, role, state]) => ({ name, role, state: state ?? (role === 'leader' ? 'running' : 'streaming') }));

test('the Spilo container stops through the hook, run from the namespace\'s hooks ConfigMap', () => {
  const c = chart();
  new PostgresCluster(c, 'db', { teamId: 'acid', instances: 3 });
  const objects = synth(c);
  const sts = named(objects, 'StatefulSet', 'db');
  const container = postgresContainer(sts);
  expect(container.lifecycle).toEqual({ preStop: { exec: { command: ['python3', '-I', '/etc/cdk8s-postgres/hooks/switchover.py'] } } });
  expect(container.volumeMounts).toContainEqual({ name: 'postgres-hooks', mountPath: '/etc/cdk8s-postgres/hooks', readOnly: true });
  const volume = sts.spec.template.spec.volumes.find((v: any) => v.name === 'postgres-hooks');
  const hooks = named(objects, 'ConfigMap', volume.configMap.name);
  // The hook alone: the name, and so the pod template, changes exactly when the hook does.
  expect(hooks.data).toEqual({ 'switchover.py': SWITCHOVER_HOOK_SCRIPT });
  expect(hooks.metadata.name).toMatch(/^cdk8s-postgres-hooks-[0-9a-f]{10}$/);
  expect(hooks.immutable).toBe(true);
});

test('a leader hands over to the highest-ordinal healthy replica above it (already rolled)', async () => {
  const posted = await runHook({ role: 'primary' },
    members(['db-0', 'replica'], ['db-1', 'leader'], ['db-2', 'replica'], ['db-3', 'replica', 'starting']), 'db-1');
  expect(posted).toEqual([{ leader: 'db-1', candidate: 'db-2' }]);
});

test('the switchover carries the Patroni API credentials from the container env, when it has them', async () => {
  const posted = await runHook({ role: 'primary' }, members(['db-0', 'leader'], ['db-1', 'replica']), 'db-0', [],
    { PATRONI_RESTAPI_USERNAME: 'patroni', PATRONI_RESTAPI_PASSWORD: 'Secret42' });
  expect(posted).toEqual([{ leader: 'db-0', candidate: 'db-1' }]);
  expect(authorizations).toEqual([`Basic ${Buffer.from('patroni:Secret42').toString('base64')}`]);
  // Without credentials (patroniApiAuthentication: false) it sends none.
  await runHook({ role: 'primary' }, members(['db-0', 'leader'], ['db-1', 'replica']), 'db-0');
  expect(authorizations).toEqual([undefined]);
});

test('a replica with nofailover is never the candidate', async () => {
  const posted = await runHook({ role: 'master' }, [
    ...members(['db-0', 'leader'], ['db-1', 'replica']), { name: 'db-2', role: 'replica', state: 'streaming', tags: { nofailover: true } },
  ], 'db-0');
  expect(posted).toEqual([{ leader: 'db-0', candidate: 'db-1' }]);
});

test('synchronous mode: the candidate is a synchronous standby above the leader', async () => {
  const posted = await runHook({ role: 'primary' },
    members(['db-0', 'leader'], ['db-1', 'sync_standby'], ['db-2', 'replica']), 'db-0');
  expect(posted).toEqual([{ leader: 'db-0', candidate: 'db-1' }]);
});

test('a refused candidate falls back to a switchover Patroni chooses', async () => {
  const posted = await runHook({ role: 'primary' }, members(['db-0', 'leader'], ['db-1', 'replica']), 'db-0', ['db-1']);
  expect(posted).toEqual([{ leader: 'db-0', candidate: 'db-1' }, { leader: 'db-0' }]);
});

test('a leader at the highest ordinal lets Patroni choose', async () => {
  const posted = await runHook({ role: 'primary' }, members(['db-0', 'replica'], ['db-1', 'leader']), 'db-1');
  expect(posted).toEqual([{ leader: 'db-1' }]);
});

test('a replica, or an unreachable Patroni, does nothing', async () => {
  expect(await runHook({ role: 'replica' }, members(['db-0', 'leader'], ['db-1', 'replica']), 'db-1')).toEqual([]);
  expect(await runHook(undefined, [], 'db-0')).toEqual([]);
});
