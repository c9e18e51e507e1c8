import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Credentials } from '../../src';
import { USERLIST_SCRIPT } from '../../src/pooler/private/userlist';
import { byKind } from '../util';
import { buildPooler, POOLER_SECRET } from './fixtures';

/** Runs the init container's script with /bin/sh (dash here, busybox ash in the image) and returns the file. */
function render(user: string, password: string): { content: string; mode: string } {
  const dir = mkdtempSync(join(tmpdir(), 'userlist-'));
  try {
    const file = join(dir, 'userlist.txt');
    const r = spawnSync('/bin/sh', ['-c', USERLIST_SCRIPT, 'userlist', file], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PGUSER: user, PGPASSWORD: password }, encoding: 'utf8',
    });
    expect({ status: r.status, stderr: r.stderr, stdout: r.stdout }).toEqual({ status: 0, stderr: '', stdout: '' });
    return { content: readFileSync(file, 'utf8'), mode: statSync(file).mode.toString(8).slice(-3) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('userlist.txt without a password in git', () => {
  test('an init container renders it from the pooler credentials Secret into a memory emptyDir; the pooler mounts it where the image reads it', () => {
    // GIVEN / WHEN
    const { pod, container } = buildPooler();

    // THEN
    expect(pod.volumes).toEqual([{ name: 'userlist', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } }]);
    expect(container.volumeMounts).toEqual([{ name: 'userlist', mountPath: '/etc/pgbouncer/userlist.txt', subPath: 'userlist.txt', readOnly: true }]);
    expect(pod.initContainers).toHaveLength(1);
    const init = pod.initContainers[0];
    expect(init).toMatchObject({
      name: 'userlist',
      image: container.image,
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/sh', '-c', USERLIST_SCRIPT, 'userlist', '/userlist/userlist.txt'],
      env: [
        { name: 'PGUSER', valueFrom: { secretKeyRef: { name: POOLER_SECRET, key: 'username' } } },
        { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: POOLER_SECRET, key: 'password' } } },
      ],
      volumeMounts: [{ name: 'userlist', mountPath: '/userlist' }],
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
  });

  test('no Secret object, no -pooler-u Secret, no literal password anywhere in the output', () => {
    // GIVEN / WHEN both poolers
    const { objects } = buildPooler({ replica: true });

    // THEN
    expect(byKind(objects, 'Secret')).toEqual([]);
    expect(JSON.stringify(objects)).not.toMatch(/pooler-u\b|pooler-repl-u\b|stringData/);
    for (const d of byKind(objects, 'Deployment')) {
      for (const c of [...d.spec.template.spec.initContainers, ...d.spec.template.spec.containers]) {
        const password = c.env.find((e: any) => e.name === 'PGPASSWORD');
        expect(password).toEqual({ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: POOLER_SECRET, key: 'password' } } });
      }
    }
  });

  test('an existing Secret with its own keys is used by both containers', () => {
    // GIVEN the pooler's credentials from the user's Secret
    const { pod, container } = buildPooler({}, {
      userCredentials: { pooler: Credentials.fromSecret('my-pooler', { usernameKey: 'user', passwordKey: 'pass' }) },
    });

    // THEN
    for (const c of [container, pod.initContainers[0]]) {
      expect(c.env.filter((e: any) => e.valueFrom).map((e: any) => [e.name, e.valueFrom.secretKeyRef])).toEqual([
        ['PGUSER', { name: 'my-pooler', key: 'user' }],
        ['PGPASSWORD', { name: 'my-pooler', key: 'pass' }],
      ]);
    }
  });

  test.each([
    ['plain', 'pooler', 'abcXYZ0123', '"pooler" "abcXYZ0123"\n'],
    ['double quotes are doubled', 'pooler', 'p"w""x', '"pooler" "p""w""""x"\n'],
    ['shell and printf specials stay literal', 'pooler', "a b $HOME `id` \\n %s '", '"pooler" "a b $HOME `id` \\n %s \'"\n'],
    ['leading and trailing spaces kept', 'pgb_auth', '  x  ', '"pgb_auth" "  x  "\n'],
    ['a 64-character generated password', 'pooler', 'A'.repeat(32) + 'z9'.repeat(16), `"pooler" "${'A'.repeat(32) + 'z9'.repeat(16)}"\n`],
  ])('the script writes PgBouncer\'s format: %s', (_name, user, password, expected) => {
    // GIVEN / WHEN
    const { content, mode } = render(user, password);

    // THEN one line, readable by the pod's user only
    expect(content).toBe(expected);
    expect(mode).toBe('600');
  });

  test('the script fails when the Secret lacks a key (the pod does not start with an empty userlist)', () => {
    // GIVEN / WHEN PGPASSWORD unset
    const r = spawnSync('/bin/sh', ['-c', USERLIST_SCRIPT, 'userlist', join(tmpdir(), 'never-written.txt')], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PGUSER: 'pooler' }, encoding: 'utf8',
    });

    // THEN
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('PGPASSWORD');
  });
});
