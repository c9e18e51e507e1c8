import { mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'cdk8s';
import { main } from '../../src/cli/main';
import { convertDocuments, Conversion } from '../../src/operator-manifest/conversion';
import { readConfigurationDocument, readInputs } from '../../src/operator-manifest/documents';
import { addToApp } from '../../src/operator-manifest/render';

export const CORPUS = join(__dirname, 'corpus');
export const CONFIGURATION = join(__dirname, 'configuration', 'operatorconfiguration.yaml');
export const CONFIGMAP = join(__dirname, 'configuration', 'configmap.yaml');

/** Corpus files the library renders (the others are refused on purpose). */
export const RENDERABLE = readdirSync(CORPUS).filter(f => !/safe-to-drop|refused/.test(f)).map(f => join(CORPUS, f));

/** Runs the command line in-process. */
export function run(argv: string[], stdin?: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, s => { out += s; }, s => { err += s; }, stdin === undefined ? undefined : () => stdin);
  return { code, out, err };
}

/** The conversion of some manifests, with the corpus's operator configuration unless given another or none (null). */
export function convert(files: string[], configuration: string | null = CONFIGURATION, lenient = false): Conversion {
  return convertDocuments(readInputs(files), configuration ? readConfigurationDocument(configuration) : undefined, lenient);
}

/** An app holding the converted clusters, for the validator. */
export function appOf(conversion: Conversion): App {
  const app = new App();
  addToApp(app, conversion);
  return app;
}

const made: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
afterAll(() => made.splice(0).forEach(d => rmSync(d, { recursive: true, force: true })));
