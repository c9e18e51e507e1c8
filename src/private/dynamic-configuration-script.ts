/**
 * The dynamic configuration Job's program (python3 from the Spilo image): what the operator does when the
 * `bootstrap.dcs` part of a manifest changes, done by a Job named after the desired configuration.
 *
 * 1. Waits until the StatefulSet has settled (every member ready; on the update revision when a rollout runs).
 * 2. Reads the live configuration (`GET /config`) and sends the JSON merge patch that makes every key the library
 *    owns equal to git (`PATCH /config`): values set, keys git no longer has removed (slots, `standby_cluster`,
 *    parameters), keys it leaves to the cluster (`keep`) untouched.
 * 3. Waits until every member has it: its Patroni serves it, and its PostgreSQL reloaded, restarted, reports a
 *    pending restart, or already has the values.
 * 4. Restarts members with a pending restart, one at a time: replicas first, then one switchover to a healthy
 *    replica (which restarts the old primary as a replica); the primary first when a parameter a replica must not
 *    have lower than its primary (`max_connections`, ...) goes down.
 * 5. Checks that nothing is pending and every member has every value; otherwise fails with the member and the reason.
 * Before 2, a server major below git's is upgraded in place (major-upgrade-script.ts); one above git's is refused.
 * Idempotent: a rerun finds nothing to patch or restart.
 */
import { DYNAMIC_CONFIGURATION_PLAN } from './dynamic-configuration-plan';
import { MAJOR_UPGRADE_FUNCTIONS } from './major-upgrade-script';
import { PATRONI_AUTH_PYTHON } from '../spilo/patroni-api';

/** Its file name in the shared scripts ConfigMap. */
export const DYNAMIC_CONFIGURATION_SCRIPT_FILE = 'dynamic-configuration.py';

/** The whole program: the plan (pure functions), then the cluster access and main(). */
export const DYNAMIC_CONFIGURATION_SCRIPT = (DYNAMIC_CONFIGURATION_PLAN + MAJOR_UPGRADE_FUNCTIONS + String.raw`# ---- talking to the cluster ----

def request(url, method="GET", body=None, headers=None, context=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=dict({"Content-Type": "application/json"}, **(headers or {})))
    try:
        with urllib.request.urlopen(req, context=context, timeout=timeout) as resp:
            return resp.status, resp.read().decode(errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")
    except (urllib.error.URLError, OSError) as err:
        return 0, str(err)


class Cluster:
    def __init__(self, env):
        sa = "/var/run/secrets/kubernetes.io/serviceaccount"
        self.api_host, self.api_port = env["KUBERNETES_SERVICE_HOST"], int(env["KUBERNETES_SERVICE_PORT"])
        self.api = "https://%s:%s" % (self.api_host, self.api_port)
        self.ns = open(os.path.join(sa, "namespace")).read().strip()
        self.token = open(os.path.join(sa, "token")).read().strip()
        self.ctx = ssl.create_default_context(cafile=os.path.join(sa, "ca.crt"))
        self.name, self.selector = env["CLUSTER"], env["SELECTOR"]
        self.wait_for_revision = env.get("WAIT_FOR_REVISION") == "true"
        self.timeout = int(env.get("TIMEOUT_SECONDS") or "900")
        # Spilo's upgrade script may print nothing for long (pg_upgrade of a large catalog): the Job's deadline bounds it.
        self.upgrade_timeout = int(env.get("UPGRADE_TIMEOUT_SECONDS") or "21600")

    def kube(self, path):
        status, text = request(self.api + path, headers={"Authorization": "Bearer " + self.token}, context=self.ctx)
        if status == 403:
            raise Failure("forbidden: GET %s; the Role %s-dcs needs it" % (path, self.name))
        if status != 200:
            raise Failure("GET %s: HTTP %s %s" % (path, status, text[:200]))
        return json.loads(text)

    def member_pods(self):
        """The StatefulSet's member pods that are not being deleted."""
        pods = self.kube("/api/v1/namespaces/%s/pods?labelSelector=%s" % (self.ns, urllib.parse.quote(self.selector)))["items"]
        return [p for p in pods if re.fullmatch(re.escape(self.name) + r"-[0-9]+", p["metadata"]["name"])
                and not p["metadata"].get("deletionTimestamp")]

    def member_versions(self):
        """The PGVERSION of each member's postgres container (the template it was created from)."""
        return {p["metadata"]["name"]: pgversion_of(p) for p in self.member_pods()}

    def settled(self):
        """Pod IPs by member name, once every member is ready (and on the update revision, with a rollout)."""
        deadline = time.time() + self.timeout
        while True:
            sts = self.kube("/apis/apps/v1/namespaces/%s/statefulsets/%s" % (self.ns, self.name))
            pods = self.kube("/api/v1/namespaces/%s/pods?labelSelector=%s" % (self.ns, urllib.parse.quote(self.selector)))["items"]
            members = [p for p in pods if re.fullmatch(re.escape(self.name) + r"-[0-9]+", p["metadata"]["name"])]
            st = sts.get("status", {})
            ready = lambda p: not p["metadata"].get("deletionTimestamp") and p.get("status", {}).get("podIP") and any(
                c["type"] == "Ready" and c["status"] == "True" for c in p.get("status", {}).get("conditions", []))
            current = lambda p: not self.wait_for_revision or p["metadata"]["labels"].get("controller-revision-hash") == st.get("updateRevision")
            if (st.get("observedGeneration", 0) >= sts["metadata"]["generation"] and len(members) == sts["spec"]["replicas"]
                    and all(ready(p) and current(p) for p in members)):
                return {p["metadata"]["name"]: p["status"]["podIP"] for p in members}
            if time.time() > deadline:
                raise Failure("the StatefulSet %s did not settle in %s s: %s of %s members ready%s" % (
                    self.name, self.timeout, len([p for p in members if ready(p)]), sts["spec"]["replicas"],
                    " on revision %s" % st.get("updateRevision") if self.wait_for_revision else ""))
            time.sleep(3)


${PATRONI_AUTH_PYTHON.trim()}


def patroni(ip, path, method="GET", body=None, timeout=30):
    status, text = request("http://%s:8008%s" % (ip, path), method, body, patroni_auth() if method != "GET" else None, timeout=timeout)
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def psql(ip, query):
    conninfo = "host=%s port=5432 dbname=postgres user=%s sslmode=%s connect_timeout=5 application_name=cdk8s-postgres-dcs" % (
        ip, os.environ.get("PGUSER", "postgres"), os.environ.get("PGSSLMODE", "require"))
    out = subprocess.run(["psql", "-XAtq", "-F", chr(31), "-c", query, conninfo], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise Failure("psql on %s: %s" % (ip, out.stderr.strip()[:300]))
    return [line.split(chr(31)) for line in out.stdout.splitlines() if line]


def server_state(ip):
    """(config load time, postmaster start time) of the member's PostgreSQL."""
    row = psql(ip, "SELECT pg_conf_load_time()::text, pg_postmaster_start_time()::text")[0]
    return tuple(row)


def settings(ip, names):
    """pg_settings rows by lower-case name (PostgreSQL shows TimeZone, DateStyle, ... in mixed case)."""
    if not names:
        return {}
    quoted = ",".join("'%s'" % n.lower().replace("'", "''") for n in names)
    rows = psql(ip, "SELECT lower(name), setting, coalesce(unit, ''), vartype, pending_restart FROM pg_settings WHERE lower(name) IN (%s)" % quoted)
    return {r[0]: {"setting": r[1], "unit": r[2], "vartype": r[3], "pending": r[4] == "t"} for r in rows}


def compare(ip, role, wanted):
    """Per parameter: "match", "unknown" (cannot tell), "pending" (restart pending) or what the member has instead."""
    have = settings(ip, list(wanted))
    out = {}
    for name, want in sorted(wanted.items()):
        if name in PATRONI_FORCED:
            # Patroni sets it on the command line; a primary made from a clone's recovery may still show another
            # value (with pending_restart) without any effect on a primary.
            out[name] = "match"
            continue
        row = have.get(name.lower())
        if row is None:
            # A custom (dotted) setting of a library not loaded yet is not in pg_settings: nothing to compare.
            out[name] = "unknown" if "." in name else "%s unknown to the server" % name
            continue
        # Replicas, and a standby cluster's leader, keep a minimum at least at their source's value (pg_controldata).
        at_least = role not in PRIMARY_ROLES and name in REPLICA_MINIMUMS
        match = setting_matches(want, row["setting"], row["unit"], row["vartype"], at_least)
        if match is None:
            NOTES.add("%s: PostgreSQL shows %s=%s for git's %s (an alias or canonical form; not compared)" % (ip, name, row["setting"], want))
            out[name] = "unknown"
        elif match:
            out[name] = "match"
        elif row["pending"]:
            out[name] = "pending"
        else:
            out[name] = "%s=%s%s (want %s)" % (name, row["setting"], row["unit"], want)
    return out


def mismatches(ip, role, wanted, pending_ok):
    """Parameters the member does not have, as 'name=have (want x)'; pending restarts count as had when pending_ok."""
    ok = ("match", "unknown", "pending") if pending_ok else ("match", "unknown")
    return [v if v != "pending" else "%s pending a restart" % k for k, v in compare(ip, role, wanted).items() if v not in ok]


def wanted_parameters(spec):
    return (owned(spec["desired"], spec).get("postgresql") or {}).get("parameters") or {}


def replicas_behind(ips, ms, lowered):
    """Replicas whose lowered minimums are not git's yet, as 'member: name=have (want x)'."""
    if not lowered:
        return []
    out = []
    for m in ms:
        if m.get("role") not in LEADER_ROLES:
            # Compared as on the primary: exactly git's value.
            missing = mismatches(ips[m["name"]], "leader", lowered, pending_ok=False)
            if missing:
                out.append("%s: %s" % (m["name"], ", ".join(missing)))
    return out


def members(ips):
    """Patroni's view of the cluster (GET /cluster), with each member's own pending restart (GET /patroni): the
    members' status in the DCS lags up to a loop behind."""
    for ip in ips.values():
        status, body = patroni(ip, "/cluster")
        if status == 200 and isinstance(body, dict):
            ms = body.get("members", [])
            for m in ms:
                if m.get("name") in ips:
                    status, me = patroni(ips[m["name"]], "/patroni")
                    if status == 200 and isinstance(me, dict):
                        m["pending_restart"] = bool(me.get("pending_restart"))
            return ms
    raise Failure("no member's Patroni answers GET /cluster")


def until(what, timeout, check):
    deadline = time.time() + timeout
    while True:
        problem = check()
        if not problem:
            return
        if time.time() > deadline:
            raise Failure("%s: not reached after %s s: %s" % (what, timeout, problem))
        time.sleep(2)


def healthy(ips):
    try:
        ms = members(ips)
    except Failure as err:
        # Waited for like any other problem: the Job's new pod is refused until the network plugin has admitted it in
        # the members' NetworkPolicy (about a second), and a member may be restarting.
        return str(err)
    leaders = [m for m in ms if m.get("role") in LEADER_ROLES]
    sick = ["%s is %s" % (m["name"], m.get("state")) for m in ms if m.get("state") not in HEALTHY_STATES]
    if len(leaders) != 1:
        sick.append("%s leaders" % len(leaders))
    if len(ms) != len(ips):
        sick.append("%s of %s members in Patroni" % (len(ms), len(ips)))
    return "; ".join(sick)


def leader_of(ips):
    leaders = [m for m in members(ips) if m.get("role") in LEADER_ROLES]
    if not leaders:
        raise Failure("no leader among the members")
    return leaders[0]


def check_version(cluster, major, want):
    """Refuses before anything is sent when the server's major version is above git's (no downgrade exists)."""
    if major > want:
        raise Refusal("%s runs PostgreSQL %s, git says %s: a major version cannot go down; set the version back to %s" % (
            cluster.name, major, want, major))


def main():
    with open(os.environ["DESIRED_CONFIGURATION"]) as f:
        spec = json.load(f)
    cluster = Cluster(os.environ)
    ips = cluster.settled()
    until("every member running with one leader", cluster.timeout, lambda: healthy(ips))
    leader = leader_of(ips)
    major, want = server_major(ips[leader["name"]]), int(os.environ["PGVERSION"])
    check_version(cluster, major, want)
    if major < want:
        major = upgrade_in_place(cluster, ips, leader, major, want)
        leader = leader_of(ips)
    if os.environ.get("MAJOR_VERSION_UPGRADE") == "manual":
        # Every member is healthy on git's major: no critical operation runs, and a label left by a killed Job would
        # keep the critical-operation budget blocking every drain.
        stale = stale_critical_operation(cluster.member_pods())
        if stale:
            log("a stale %s label on %s: removing it" % (CRITICAL_OPERATION_LABEL, ", ".join(stale)))
            label_members(cluster, stale, None)
    status, live = patroni(ips[leader["name"]], "/config")
    if status != 200:
        raise Failure("GET /config on %s: HTTP %s %s" % (leader["name"], status, live))
    patch = plan_patch(live, spec)
    params = (patch.get("postgresql") or {}).get("parameters") or {}
    changed = sorted(k for k, v in params.items() if v is not None)
    removed = sorted(k for k, v in params.items() if v is None)
    before = {name: server_state(ip) for name, ip in ips.items()} if params else {}
    if patch:
        log("PATCH /config on %s: %s" % (leader["name"], json.dumps(patch, sort_keys=True)))
        status, body = patroni(ips[leader["name"]], "/config", "PATCH", patch)
        if status != 200:
            raise Failure("PATCH /config on %s: HTTP %s %s" % (leader["name"], status, body))
    else:
        log("the live configuration already is git's")
    wanted = {k: v for k, v in wanted_parameters(spec).items() if k in changed}
    roles = {m["name"]: m.get("role") for m in members(ips)}

    def applied():
        waiting = []
        for name, ip in ips.items():
            status, config = patroni(ip, "/config")
            if status != 200 or plan_patch(config, spec):
                waiting.append("%s: Patroni does not serve the new configuration yet" % name)
                continue
            if not params:
                continue
            _, me = patroni(ip, "/patroni")
            pending = isinstance(me, dict) and bool(me.get("pending_restart"))
            state = compare(ip, roles.get(name), wanted)
            # PostgreSQL's own pending flag counts once Patroni reports the restart too (it does a moment later).
            missing = [v if v != "pending" else "%s pending a restart" % k for k, v in state.items() if v not in ("match", "unknown")]
            reloaded = server_state(ip) != before[name]
            if missing and not pending:
                waiting.append("%s: PostgreSQL has not reloaded: %s" % (name, ", ".join(missing)))
            elif ("unknown" in state.values() or removed) and not pending and not reloaded:
                waiting.append("%s: PostgreSQL has not reloaded yet" % name)
        return "; ".join(waiting)

    until("every member has the configuration", cluster.timeout, applied)
    if patch.get("standby_cluster", 0) is None:
        until("the standby cluster promoted", cluster.timeout, lambda: "" if any(
            m.get("role") in PRIMARY_ROLES for m in members(ips)) else "its leader is still a standby leader")
        log("promoted: the cluster is no longer a standby")
    leader = leader_of(ips)
    running = {k: v["setting"] for k, v in settings(ips[leader["name"]], list(REPLICA_MINIMUMS)).items()}
    primary_first = lowered_minimums(running, spec)
    if primary_first:
        log("lowered %s: the primary restarts first" % ", ".join(primary_first))
    lowered = {k: wanted_parameters(spec).get(k, MINIMUM_DEFAULTS[k]) for k in primary_first}
    synchronous = bool(((patroni(ips[leader["name"]], "/config")[1]) or {}).get("synchronous_mode"))
    restarted = {}
    deadline = time.time() + cluster.timeout
    while True:
        ms = members(ips)
        step = next_step(ms, bool(primary_first), synchronous)
        if step is None:
            # A replica keeps a minimum above git's until it has replayed the primary's lower value; Patroni then
            # reports its restart as pending.
            behind = replicas_behind(ips, ms, lowered)
            if not behind:
                break
            if time.time() > deadline:
                raise Failure("replicas keep a higher value than git's after the primary restarted: %s" % "; ".join(behind))
            time.sleep(2)
            continue
        m = step[1]
        restarted[m["name"]] = restarted.get(m["name"], 0) + 1
        if restarted[m["name"]] > 2:
            _, me = patroni(ips[m["name"]], "/patroni")
            reason = me.get("pending_restart_reason") if isinstance(me, dict) else None
            raise Failure("%s still reports a pending restart after two restarts%s" % (
                m["name"], ": %s" % json.dumps(reason, sort_keys=True) if reason else ""))
        if step[0] == "restart":
            log("restart %s (%s): pending restart" % (m["name"], m.get("role")))
            status, body = patroni(ips[m["name"]], "/restart", "POST", {"restart_pending": True}, timeout=cluster.timeout)
            if status == 503 and "conditions are not satisfied" in str(body):
                log("restart %s: no longer pending" % m["name"])
            elif status != 200:
                raise Failure("restart of %s: HTTP %s %s" % (m["name"], status, str(body).strip()[:300]))
        else:
            new = step[2]
            body = {"leader": m["name"]}
            if new is not None:
                body["candidate"] = new["name"]
            log("switchover from %s to %s (the primary has a pending restart; a replica takes over)" % (
                m["name"], new["name"] if new else "Patroni's synchronous standby"))
            status, answer = patroni(ips[m["name"]], "/switchover", "POST", body, timeout=cluster.timeout)
            if status != 200:
                raise Failure("switchover from %s: HTTP %s %s" % (m["name"], status, str(answer).strip()[:300]))
            until("a new leader after the switchover", cluster.timeout, lambda: "" if any(
                x["name"] != m["name"] and x.get("role") in LEADER_ROLES for x in members(ips)) else "not yet")
        until("every member running with one leader", cluster.timeout, lambda: healthy(ips))
    final = members(ips)
    pending = [x["name"] for x in final if x.get("pending_restart")]
    if pending:
        raise Failure("still pending a restart: %s" % ", ".join(pending))
    roles = {x["name"]: x.get("role") for x in final}
    # Every parameter git states (a retry checks what an earlier attempt applied); removed ones go back to
    # PostgreSQL's defaults, which git does not state, but must not wait for a restart.
    wanted = wanted_parameters(spec)
    for name, ip in sorted(ips.items()):
        missing = mismatches(ip, roles.get(name), wanted, pending_ok=False)
        left = [k for k, v in settings(ip, removed).items() if v["pending"]]
        if missing or left:
            raise Failure("%s does not have the configuration: %s" % (name, ", ".join(missing + ["%s pending a restart" % k for k in left])))
    for note in sorted(NOTES):
        log(note)
    log("every member of %s has the configuration (%s parameters checked), PostgreSQL %s" % (cluster.name, len(wanted), major))


if __name__ == "__main__":
    # A deleted, evicted or timed-out Job pod: unwind, so that finally blocks (the critical-operation label) run.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        main()
    except Failure as err:
        log("FAILED: %s" % err)
        sys.exit(err.exit_code)
    except Exception as err:  # a bug or an answer nobody expected: say what, then the traceback for a report
        log("FAILED: unexpected %s: %s" % (type(err).__name__, err))
        import traceback
        traceback.print_exc()
        sys.exit(1)
`).trim() + '\n';
