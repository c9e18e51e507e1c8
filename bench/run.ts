/**
 * Synth benchmark: fleets of 1, 10, 100 and 1,000 production-like clusters against the floor
 * (the identical objects as plain cdk8s ApiObjects in the same chart layout, synthesized the same
 * way), once with cdk8s's App and once with our FleetApp. Each measurement runs in its own process;
 * the tables report medians.
 *
 *   npx projen bench            (BENCH_RUNS=5, BENCH_SIZES=1,10,100,1000, BENCH_APPS=fleet,cdk8s to change)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Sample { ms: number; rssMiB: number; objects: number; bytes: number }

const sizes = (process.env.BENCH_SIZES ?? '1,10,100,1000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 5);
type AppKind = 'fleet' | 'cdk8s';
const apps = (process.env.BENCH_APPS ?? 'fleet,cdk8s').split(',') as AppKind[];
const APP_TITLE: Record<AppKind, string> = { fleet: 'FleetApp (this library)', cdk8s: 'cdk8s App' };

// Compile once to plain JavaScript, so no TypeScript compiler sits in the measured processes' memory.
const root = path.join(__dirname, '..');
const jsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-js-'));
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(__dirname, 'tsconfig.json'),
  '--noEmit', 'false', '--outDir', jsDir, '--rootDir', root, '--inlineSourceMap', 'false', '--inlineSources', 'false', '--declaration', 'false'], { stdio: 'inherit' });
// Compiled files resolve node_modules through a link next to them.
fs.symlinkSync(path.join(root, 'node_modules'), path.join(jsDir, 'node_modules'));
process.on('exit', () => fs.rmSync(jsDir, { recursive: true, force: true }));

function measure(mode: 'ours' | 'floor', clusters: number, app: AppKind): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${mode}-`));
  const script = path.join(jsDir, 'bench', 'measure.js');
  try {
    let arg = String(clusters);
    if (mode === 'floor') {
      arg = path.join(jsDir, `floor-${clusters}.json`);
      if (!fs.existsSync(arg)) execFileSync(process.execPath, [script, 'dump', String(clusters), arg]);
    }
    const out = execFileSync(process.execPath, ['--expose-gc', script, mode, arg, outdir, app], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
    return JSON.parse(out.trim().split('\n').pop()!);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

interface Row { size: number; ours: Sample; floor: Sample }

function measureSize(size: number, app: AppKind): Row {
  const ours: Sample[] = [];
  const floor: Sample[] = [];
  // Interleaved, so drift in machine load hits both sides alike.
  for (let i = 0; i < runs; i++) {
    ours.push(measure('ours', size, app));
    floor.push(measure('floor', size, app));
  }
  const pick = (samples: Sample[]): Sample => ({
    ms: median(samples.map(s => s.ms)), rssMiB: median(samples.map(s => s.rssMiB)), objects: samples[0].objects, bytes: samples[0].bytes,
  });
  if (ours[0].objects !== floor[0].objects || ours[0].bytes !== floor[0].bytes) {
    throw new Error(`floor output differs from ours at ${size} clusters: ${floor[0].objects}/${floor[0].bytes} vs ${ours[0].objects}/${ours[0].bytes}`);
  }
  return { size, ours: pick(ours), floor: pick(floor) };
}

const fmt = (n: number, d = 0) => n.toFixed(d);
console.log(`cdk8s-postgres synth benchmark: ${runs} runs per size, medians, ${os.cpus().length} CPUs, node ${process.version}`);
for (const app of apps) {
  const rows = sizes.map(size => measureSize(size, app));
  console.log(`\n${APP_TITLE[app]}: ours and the floor both synthesized with it`);
  console.log('| clusters | charts | objects | YAML MiB | ours s | floor s | time ratio | ours peak RSS MiB | floor peak RSS MiB | RSS ratio |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.size} | ${Math.ceil(r.size / 10)} | ${r.ours.objects} | ${fmt(r.ours.bytes / 1048576, 1)} | ${fmt(r.ours.ms / 1000, 2)} | ${fmt(r.floor.ms / 1000, 2)} | `
      + `${fmt(r.ours.ms / r.floor.ms, 2)} | ${fmt(r.ours.rssMiB)} | ${fmt(r.floor.rssMiB)} | ${fmt(r.ours.rssMiB / r.floor.rssMiB, 2)} |`);
  }
  const at = (n: number) => rows.find(r => r.size === n);
  if (at(100) && at(1000)) {
    console.log(`growth 100 -> 1000 clusters: ours ${fmt(at(1000)!.ours.ms / at(100)!.ours.ms, 1)}x, floor ${fmt(at(1000)!.floor.ms / at(100)!.floor.ms, 1)}x`);
  }
  const big = at(1000);
  if (big) {
    // The targets for 1,000 clusters on a 2-core machine (issue 15; the first ones were issue 9's).
    const check = (ok: boolean, what: string) => `${what} ${ok ? 'met' : 'MISSED'}`;
    const growth = at(100) ? big.ours.ms / at(100)!.ours.ms : undefined;
    const kibPerCluster = big.ours.bytes / 1024 / big.size;
    console.log(`targets at 1000 clusters: ${[
      check(big.ours.ms <= 2000, `median time <= 2.0 s (${fmt(big.ours.ms / 1000, 2)} s):`),
      check(big.ours.ms <= 1.3 * big.floor.ms, `time <= 1.3x floor (${fmt(big.ours.ms / big.floor.ms, 2)}x):`),
      check(kibPerCluster <= 25, `YAML <= 25 KB per cluster (${fmt(kibPerCluster, 1)} KB):`),
      check(big.ours.rssMiB <= 300, `peak RSS <= 300 MiB (${fmt(big.ours.rssMiB)} MiB):`),
      ...(growth === undefined ? [] : [check(growth <= 11, `growth 100 -> 1000 <= 11x (${fmt(growth, 1)}x):`)]),
    ].join('; ')}`);
  }
}
