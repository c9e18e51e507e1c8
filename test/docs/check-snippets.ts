/*
 * Type-checks code snippets as the files of a user's cdk8s app: each snippet is its own module, `cdk8s-postgres`
 * resolves to this repository's src/index.ts, everything else (cdk8s, cdk8s-plus-28, constructs) to node_modules.
 */
import { join, resolve } from 'path';
import * as ts from 'typescript';
import { CDK8S_APP_OPTIONS } from './cdk8s-app-options';

export const ROOT = resolve(__dirname, '..', '..');

/** A snippet to check, named by the line of the README it starts on. */
export interface Snippet {
  readonly line: number;
  readonly code: string;
}

/** The problems of one snippet, each as `README.md:<line>:<column> TS<code>: <message>`. */
export interface SnippetProblems {
  readonly line: number;
  readonly problems: string[];
}

/** Where a snippet lives for the compiler: in the repository root, so node_modules resolves as in an app. */
function virtualPath(s: Snippet): string {
  return join(ROOT, `readme-snippet-line-${s.line}.ts`);
}

/** One program for all snippets (the library is type-checked once); diagnostics are read per snippet file. */
export function checkSnippets(snippets: Snippet[], file = 'README.md'): SnippetProblems[] {
  const options: ts.CompilerOptions = {
    ...CDK8S_APP_OPTIONS,
    noEmit: true,
    paths: { 'cdk8s-postgres': [join(ROOT, 'src', 'index.ts')] },
  };
  const byPath = new Map(snippets.map(s => [virtualPath(s), s]));
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = f => byPath.has(f) || fileExists.call(host, f);
  host.readFile = f => byPath.get(f)?.code ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, onError, create) => {
    const s = byPath.get(f);
    return s ? ts.createSourceFile(f, s.code, lang, true) : getSourceFile.call(host, f, lang, onError, create);
  };
  const program = ts.createProgram([...byPath.keys()], options, host);
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
    .map(d => `${file}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);

  return snippets.map(s => {
    const source = program.getSourceFile(virtualPath(s))!;
    const problems = [...global];
    // A snippet without import or export would be a global script, sharing names with every other file of the app.
    if (!ts.isExternalModule(source)) problems.push(`${file}:${s.line}: not a module: a snippet starts with its imports`);
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const at = source.getLineAndCharacterOfPosition(d.start ?? 0);
      problems.push(`${file}:${s.line + at.line}:${at.character + 1} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
    return { line: s.line, problems };
  });
}
