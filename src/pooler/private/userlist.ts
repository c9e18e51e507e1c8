/*
 * PgBouncer's auth_file without a password in git. The operator's image (pooler/pgbouncer.ini.tmpl)
 * sets `auth_user = $PGUSER` and `auth_file = /etc/pgbouncer/userlist.txt`: PgBouncer takes the
 * auth_user's password from that file to run `auth_query` (pooler.user_lookup) for every other
 * user, so the file is required even with auth_query. The operator writes it into a Secret
 * `<pooler>-u` with the plain password; here an init container renders it at pod start from the
 * pooler's credentials Secret (env secretKeyRefs) into a memory-backed emptyDir, which the
 * `connection-pooler` container mounts read-only at the same path as the operator's Secret.
 */
import { k8s } from 'cdk8s-plus-28';

export const USERLIST_VOLUME = 'userlist';
export const USERLIST_MOUNT_PATH = '/etc/pgbouncer/userlist.txt';
const RENDER_DIR = '/userlist';

/**
 * Writes `"<user>" "<password>"` (PgBouncer doubles a `"` inside a field) to the file named by $1,
 * readable by the pod's user only; fails on a missing or empty key. printf is a shell builtin: the
 * password is never in an argv.
 */
export const USERLIST_SCRIPT = [
  'set -eu',
  'umask 077',
  ': "${PGUSER:?is missing or empty}" "${PGPASSWORD:?is missing or empty}"',
  'field() { printf \'"%s"\' "$(printf \'%s\' "$1" | sed \'s/"/""/g\')"; }',
  'printf \'%s %s\\n\' "$(field "$PGUSER")" "$(field "$PGPASSWORD")" > "$1"',
].join('\n');

/**
 * With a rotated password: fail (the kubelet retries the init container) until the credentials Job has written the
 * password for the current rotation label, so a pooler pod never starts with the old one.
 */
const ROTATION_CHECK = '[ "${PGROTATION:-}" = "$EXPECTED_ROTATION" ] || { echo "the pooler Secret does not hold the password rotated for $EXPECTED_ROTATION yet"; exit 1; }';

export interface UserlistInput {
  readonly image: string;
  /** A rotated password: the label the Secret's `rotation` key must hold before the file is written. */
  readonly awaitRotation?: string;
  readonly secretName: string;
  readonly usernameKey: string;
  readonly passwordKey: string;
  /** In JSON form (quantities as strings). */
  readonly resources: { readonly requests: Record<string, string>; readonly limits: Record<string, string> };
  readonly securityContext: k8s.SecurityContext;
}

/** The volume in JSON form (the Deployment renders as a plain ApiObject). */
export function userlistVolume() {
  // Memory-backed, so the rendered password never reaches the node's disk (as a Secret volume).
  return { name: USERLIST_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } };
}

export function userlistMount(): k8s.VolumeMount {
  return { name: USERLIST_VOLUME, mountPath: USERLIST_MOUNT_PATH, subPath: 'userlist.txt', readOnly: true };
}

/** The init container in JSON form; it uses the pooler image (sh and sed) and the pooler's resources. */
export function userlistInitContainer(input: UserlistInput) {
  const secretEnv = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: input.secretName, key } } });
  return {
    name: 'userlist',
    image: input.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', input.awaitRotation ? `${ROTATION_CHECK}\n${USERLIST_SCRIPT}` : USERLIST_SCRIPT, 'userlist', `${RENDER_DIR}/userlist.txt`],
    env: [
      secretEnv('PGUSER', input.usernameKey), secretEnv('PGPASSWORD', input.passwordKey),
      ...(input.awaitRotation ? [
        { name: 'PGROTATION', valueFrom: { secretKeyRef: { name: input.secretName, key: 'rotation', optional: true } } },
        { name: 'EXPECTED_ROTATION', value: input.awaitRotation },
      ] : []),
    ],
    resources: input.resources,
    securityContext: input.securityContext,
    volumeMounts: [{ name: USERLIST_VOLUME, mountPath: RENDER_DIR }],
  };
}
