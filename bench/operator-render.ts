/**
 * `cdk8s-postgres render` on a GitOps repository of 1,000 operator manifests, timed as the Argo CD plugin runs it:
 * one fresh process per run, the whole repository, YAML to standard output. Argo CD's default timeout for a
 * plugin's generate step is 90 s.
 *
 *   npx projen bench:render            (BENCH_CLUSTERS=1000, BENCH_RUNS=3)
 *
 * Runs the compiled command (lib/cli/main.js, after `npx projen compile`); prints one JSON line per run and a summary.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NAMESPACES = 50;

/** Cluster i: a mix of what teams write (users and databases everywhere; poolers, logical backups, parameters). */
function manifest(i: number): string {
  const ns = `team-${i % NAMESPACES}`;
  const extra = [
    i % 3 === 0 ? '  enableConnectionPooler: true\n' : '',
    i % 4 === 0 ? '  enableLogicalBackup: true\n' : '',
    i % 5 === 0 ? '  postgresql:\n    version: "16"\n    parameters:\n      max_connections: "300"\n      work_mem: 16MB\n' : '  postgresql:\n    version: "17"\n',
  ].join('');
  return `apiVersion: acid.zalan.do/v1
kind: postgresql
metadata:
  name: db-${i}
  namespace: ${ns}
  uid: 00000000-0000-4000-8000-${String(i).padStart(12, '0')}
spec:
  teamId: ${ns}
  numberOfInstances: ${1 + (i % 3)}
  volume:
    size: ${10 + (i % 10)}Gi
  users:
    app_${i}_owner: [createdb]
    app_${i}: []
  databases:
    app_${i}: app_${i}_owner
${extra}`;
}

/** CPU time of the waited-for child processes so far (Linux: cutime + cstime of /proc/self/stat), in ms. */
function childCpuMs(): number | undefined {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // After the command name: state is field 3, cutime and cstime are fields 16 and 17, in clock ticks (100 Hz).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

function main(): void {
  const bin = path.join(ROOT, 'lib', 'cli', 'main.js');
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run \`npx projen compile\` first`);
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-render-'));
  try {
    for (let i = 0; i < CLUSTERS; i++) {
      const dir = path.join(repo, `team-${i % NAMESPACES}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `db-${i}.yaml`), manifest(i));
    }
    const configuration = path.join(ROOT, 'test', 'operator-manifest', 'configuration', 'operatorconfiguration.yaml');
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const cpuBefore = childCpuMs();
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [bin, 'render', '.', '--operator-configuration', configuration],
        { cwd: repo, encoding: 'utf8', maxBuffer: 1024 ** 3 });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const cpuAfter = childCpuMs();
      const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
      if (r.status !== 0) throw new Error(`render failed (${r.status}): ${r.stderr}`);
      const objects = (r.stdout.match(/^kind: /gm) ?? []).length;
      times.push(ms);
      console.log(JSON.stringify({ clusters: CLUSTERS, run, ms: Math.round(ms), cpuMs, objects, bytes: r.stdout.length }));
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`render of ${CLUSTERS} clusters: median ${(sorted[Math.floor(sorted.length / 2)] / 1000).toFixed(1)} s, `
      + `max ${(sorted[sorted.length - 1] / 1000).toFixed(1)} s (Argo CD's plugin timeout: 90 s) on ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`);
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

main();
