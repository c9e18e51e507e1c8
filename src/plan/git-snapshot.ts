import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Manifest, parseManifests } from './manifests';

const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 2 ** 30, stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * The manifests a directory held at a git commit (for repositories that commit their synthesized output): `dir`
 * is a directory of the working tree, `ref` anything `git rev-parse` takes (`origin/main`, a SHA, `HEAD~1`).
 */
export function readManifestsAtRef(ref: string, dir: string): Manifest[] {
  const cwd = fs.existsSync(dir) ? dir : path.dirname(dir);
  let prefix: string;
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    prefix = path.posix.join(git(cwd, ['rev-parse', '--show-prefix']).trim(), fs.existsSync(dir) ? '' : path.basename(dir)).replace(/\/$/, '');
  } catch {
    throw new Error(`'${ref}' is neither a directory nor a git commit of the repository holding ${dir}`);
  }
  const listed = git(cwd, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', ref, '--', prefix || '.']).split('\0').filter(f => /\.ya?ml$/.test(f)).sort();
  if (!listed.length) throw new Error(`no YAML under ${prefix || '.'} at ${ref}: the synthesized output is not committed there; check out ${ref}, synthesize it into a directory and pass that directory`);
  return listed.flatMap(f => parseManifests(git(cwd, ['show', `${ref}:${f}`]), `${ref}:${f}`));
}
