// The credentials Job's first call to the API server may be refused: under NetworkPolicies a new pod is cut off until
// the network plugin admits it (about a second on the running tier). The program waits instead of failing. Here the
// real program (the machine's python3) starts while nothing listens on the API port; an API stand-in opens it later.
import { spawn } from 'child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { CREDENTIALS_SCRIPT } from '../../src/users/credentials-script';

/** Any CA bundle: the program loads one at start; its calls here are plain HTTP. */
const CA = '/etc/ssl/certs/ca-certificates.crt';

/** A free port: listened on once and closed again, so the program's first connections are refused. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

test('the first calls are refused: the program waits for the API server, then creates the Secret', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'creds-'));
  let server: Server | undefined;
  try {
    writeFileSync(join(dir, 'token'), 'token');
    copyFileSync(CA, join(dir, 'ca.crt'));
    writeFileSync(join(dir, 'creds.py'), CREDENTIALS_SCRIPT);
    const port = await freePort();
    const seen: string[] = [];
    const child = spawn('python3', [join(dir, 'creds.py')], {
      env: {
        PATH: process.env.PATH,
        SERVICEACCOUNT_DIR: dir,
        KUBERNETES_API_URL: `http://127.0.0.1:${port}`,
        POD_NAMESPACE: 'db',
        CREDENTIALS_SECRETS: JSON.stringify([{ namespace: 'db', name: 'app.db.credentials', username: 'app', labels: {} }]),
      },
    });
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (out += d));
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
    // The API server "admits" the pod 2.5 s after it started: the program has been refused a few times by then.
    await new Promise(resolve => setTimeout(resolve, 2500));
    expect(child.exitCode).toBeNull();
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => {
        res.writeHead(req.method === 'GET' ? 404 : 201, { 'Content-Type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>(resolve => server!.listen(port, '127.0.0.1', resolve));
    expect(await exited).toBe(0);
    expect(seen).toEqual(['GET /api/v1/namespaces/db/secrets/app.db.credentials', 'POST /api/v1/namespaces/db/secrets']);
    expect(out).toContain('secret db/app.db.credentials created');
  } finally {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
