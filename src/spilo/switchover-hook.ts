import { k8s } from 'cdk8s-plus-28';
import { PATRONI_AUTH_PYTHON } from './patroni-api';

/**
 * The Spilo container's preStop hook: when the member being stopped is the leader, it hands the leader lock over
 * through Patroni's REST API before kubelet sends SIGTERM (a drain, a deleted pod, or a rollout under
 * SpiloUpdateStrategy.ROLLING_UPDATE; the rollout Job switches over before it evicts), to the replica a StatefulSet
 * rolling update has already replaced. A StatefulSet rolls from the highest ordinal down whatever the roles, so a replica with a higher ordinal
 * than the leader runs the new pod template: handing over to it (instead of letting the replicas race for the lock
 * after shutdown) makes a rollout cost one switchover while the leader is not the highest ordinal. When it is, every
 * other member is still to be rolled and no choice avoids a second switchover; Patroni then picks the candidate.
 * In synchronous mode only a synchronous standby can take over, so the candidate is one of those.
 * Replicas, single members and an unreachable Patroni fall through to Patroni's own graceful shutdown.
 * Runs with the image's python3 (as the credentials Job); output goes to the container log. The switchover carries
 * the Patroni REST API credentials from the container's env, when the cluster has them.
 */
export const SWITCHOVER_HOOK_SCRIPT = `
import base64, json, os, re, sys, urllib.error, urllib.request
API = os.environ.get("CDK8S_PG_PATRONI_API", "http://127.0.0.1:8008")  # overridable for tests

def log(msg):
    try:
        with open("/proc/1/fd/1", "w") as out:
            out.write("cdk8s-postgres preStop: %s\\n" % msg)
    except OSError:
        pass

${PATRONI_AUTH_PYTHON.trim()}

def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    headers = dict({"Content-Type": "application/json"}, **(patroni_auth() if method != "GET" else {}))
    req = urllib.request.Request(API + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read().decode(errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")

def ordinal(name):
    m = re.search(r"-(\\d+)$", name)
    return int(m.group(1)) if m else -1

try:
    status, body = call("GET", "/patroni")
    me = json.loads(body)
    cluster = json.loads(call("GET", "/cluster")[1])
except Exception as err:
    log("Patroni not answering (%s); nothing to hand over" % err)
    sys.exit(0)
if me.get("role") not in ("master", "primary"):
    sys.exit(0)
name = os.environ.get("HOSTNAME") or me.get("patroni", {}).get("name", "")
members = [m for m in cluster.get("members", []) if m.get("state") in ("streaming", "running")
           and not (m.get("tags") or {}).get("nofailover")]
# In synchronous mode Patroni hands over only to a synchronous standby.
synchronous = [m for m in members if m.get("role") in ("sync_standby", "quorum_standby")]
eligible = synchronous or [m for m in members if m.get("role") == "replica"]
updated = sorted((m["name"] for m in eligible if ordinal(m["name"]) > ordinal(name)), key=ordinal)
requests = [{"leader": name, "candidate": updated[-1]}] if updated else []
requests.append({"leader": name})
for request in requests:
    status, body = call("POST", "/switchover", request)
    log("switchover %s: HTTP %s %s" % (json.dumps(request), status, body.strip()[:200]))
    if status == 200:
        break
`.trim() + '\n';

/** Where the postgres container mounts the hooks ConfigMap, and the volume's name. */
export const HOOKS_DIR = '/etc/cdk8s-postgres/hooks';
export const HOOKS_VOLUME = 'postgres-hooks';
export const SWITCHOVER_HOOK_FILE = 'switchover.py';

/**
 * The hooks ConfigMap's data. It holds the hook alone, so its content-hashed name (and with it the pod template)
 * changes exactly when the hook does, as when the hook was written into the pod template.
 */
export const HOOK_FILES: Readonly<Record<string, string>> = Object.freeze({ [SWITCHOVER_HOOK_FILE]: SWITCHOVER_HOOK_SCRIPT });

/** The preStop handler of the Spilo container: the hook from the namespace's hooks ConfigMap. */
export function switchoverHook(): k8s.Lifecycle {
  // -I: isolated mode, nothing from the environment or the script's directory on the module path.
  return { preStop: { exec: { command: ['python3', '-I', `${HOOKS_DIR}/${SWITCHOVER_HOOK_FILE}`] } } };
}
