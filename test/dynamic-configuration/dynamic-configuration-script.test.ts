// The dynamic configuration Job's program, run by python3 against the Python unit tests beside this file (pure
// functions and main() against a simulated cluster). The running-cluster tier runs it against real Patroni.
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DYNAMIC_CONFIGURATION_SCRIPT } from '../../src/private/dynamic-configuration-script';

test('the program passes its Python unit tests (patch planning, value comparison, restart order, the in-place upgrade and its exec client, the Patroni API credentials, main against a simulated cluster)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcs-'));
  try {
    writeFileSync(join(dir, 'dynamic_configuration.py'), DYNAMIC_CONFIGURATION_SCRIPT);
    const run = spawnSync('python3', ['-W', 'error::ResourceWarning', '-m', 'unittest', 'test_dynamic_configuration', 'test_major_upgrade', 'test_patroni_auth', 'test_first_contact'], {
      cwd: __dirname,
      env: { ...process.env, PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1', TMPDIR: dir },
      encoding: 'utf8',
    });
    const report = `${run.stdout}${run.stderr}`;
    if (run.status !== 0) throw new Error(`python3 -m unittest failed:\n${report}`);
    expect(Number(/Ran (\d+) tests/.exec(report)?.[1])).toBeGreaterThanOrEqual(70);
    expect(report).toMatch(/\nOK\s*$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
