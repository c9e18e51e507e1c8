import * as fs from 'fs';
import * as path from 'path';
import { FleetApp } from '../src';
import { EXAMPLES } from './registry';

// Synthesizes every example into dist/examples/<name>/ (one YAML file per chart), with FleetApp as a fleet would.
const root = path.join(__dirname, '..', 'dist', 'examples');
for (const example of EXAMPLES) {
  const outdir = path.join(root, example.name);
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new FleetApp({ outdir });
  example.build(app);
  app.synth();
  const files = fs.readdirSync(outdir).filter(f => f.endsWith('.k8s.yaml'));
  console.log(`${example.name}: ${files.map(f => path.join('dist/examples', example.name, f)).join(', ')}`);
}
