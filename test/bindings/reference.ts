import * as path from 'path';
import { EXAMPLES } from '../../examples/registry';
import { FleetApp } from '../../src';

// The TypeScript YAML the binding apps must reproduce byte for byte: the examples they port, as
// `synth:examples` writes them. Usage: ts-node test/bindings/reference.ts <outdir> <example>...
const [outdir, ...names] = process.argv.slice(2);
for (const name of names) {
  const example = EXAMPLES.find(e => e.name === name);
  if (!example) throw new Error(`no example named ${name}`);
  const app = new FleetApp({ outdir: path.join(outdir, name) });
  example.build(app);
  app.synth();
}
