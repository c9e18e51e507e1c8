/**
 * One measurement in a fresh process (so peak RSS belongs to one run):
 *   node <compiled>/bench/measure.js ours <clusters> <outdir> <cdk8s|fleet>
 *   node <compiled>/bench/measure.js dump <clusters> <file>               (the floor's input, untimed)
 *   node <compiled>/bench/measure.js floor <file> <outdir> <cdk8s|fleet>
 * `cdk8s` synthesizes with cdk8s's App, `fleet` with our FleetApp. (bench/run.ts compiles this file.)
 * Prints one JSON line: { ms, rssMiB, objects, bytes }.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { FleetApp } from '../src';
import { buildFleet } from './fleet';

const [mode, arg, outdir, appKind] = process.argv.slice(2);

if (mode === 'dump') {
  // The floor's input: the objects our library synthesizes, per chart.
  const reference = new App({ outdir: fs.mkdtempSync(path.join(path.dirname(outdir), 'ref-')) });
  const charts = buildFleet(reference, Number(arg)).map(c => ({ id: c.node.id, namespace: c.namespace, objects: c.toJson() }));
  fs.writeFileSync(outdir, JSON.stringify(charts));
  process.exit(0);
}
const floorInput: Array<{ id: string; namespace?: string; objects: any[] }> = mode === 'floor' ? JSON.parse(fs.readFileSync(arg, 'utf8')) : [];
if (global.gc) global.gc();

const start = process.hrtime.bigint();
const app = appKind === 'fleet' ? new FleetApp({ outdir }) : new App({ outdir });
if (mode === 'ours') {
  buildFleet(app, Number(arg));
} else {
  for (const input of floorInput) {
    const chart = new Chart(app, input.id, { namespace: input.namespace });
    input.objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o));
  }
}
app.synth();
const ms = Number(process.hrtime.bigint() - start) / 1e6;

let objects = 0;
let bytes = 0;
for (const file of fs.readdirSync(outdir).filter(f => f.endsWith('.k8s.yaml'))) {
  const text = fs.readFileSync(path.join(outdir, file), 'utf8');
  bytes += Buffer.byteLength(text);
  objects += text.split(/^---$/m).filter(doc => /^kind:/m.test(doc)).length;
}
const rssMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ms, rssMiB, objects, bytes }));
