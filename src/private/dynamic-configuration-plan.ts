/**
 * The first half of the dynamic configuration Job's program (see dynamic-configuration-script.ts): what to send and
 * in which order to restart, as pure functions the unit tests call directly. Python, joined with the second half into
 * one file of the shared scripts ConfigMap.
 */
export const DYNAMIC_CONFIGURATION_PLAN = String.raw`
import base64, hashlib, json, os, re, signal, socket, ssl, struct, subprocess, sys, time, urllib.error, urllib.parse, urllib.request

# Parameters a hot standby must have at least as high as its primary (PostgreSQL refuses to replay otherwise).
REPLICA_MINIMUMS = ("max_connections", "max_locks_per_transaction", "max_prepared_transactions",
                    "max_wal_senders", "max_worker_processes")
LEADER_ROLES = ("leader", "master", "primary", "standby_leader")
# A standby leader (and its replicas) replaying a WAL archive without a primary to stream from reports this state.
HEALTHY_STATES = ("running", "streaming", "in archive recovery")
PRIMARY_ROLES = ("leader", "master", "primary")
# PostgreSQL's defaults, which a replica minimum git does not set falls back to.
MINIMUM_DEFAULTS = {"max_connections": "100", "max_locks_per_transaction": "64", "max_prepared_transactions": "0",
                    "max_wal_senders": "10", "max_worker_processes": "8"}
MEMORY_UNITS = {"b": 1, "kb": 1024, "mb": 1024 ** 2, "gb": 1024 ** 3, "tb": 1024 ** 4}
TIME_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "min": 60000.0, "h": 3600000.0, "d": 86400000.0}
TRUE_WORDS = ("on", "true", "yes", "1", "t", "y")
PATRONI_FORCED = ("hot_standby",)
NOTES = set()


class Failure(Exception):
    """The cluster did not converge: the Job fails with this message (and is retried)."""
    exit_code = 1


class Refusal(Failure):
    """A state no retry changes (the major version): the Job fails at once (podFailurePolicy on exit code 3)."""
    exit_code = 3


def log(msg):
    print("%s %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


# ---- what to send: pure functions ----

def get_path(doc, path):
    for key in path:
        if not isinstance(doc, dict) or key not in doc:
            return None, False
        doc = doc[key]
    return doc, True


def put_path(doc, path, value):
    for key in path[:-1]:
        doc = doc.setdefault(key, {})
    doc[path[-1]] = value


def owned(doc, spec):
    """The keys of a configuration the Job owns: spec["managed"] paths, without spec["keep"] paths."""
    out = {}
    for path in spec["managed"]:
        value, found = get_path(doc, path)
        if found:
            put_path(out, path, json.loads(json.dumps(value)))
    for path in spec.get("keep", []):
        parent, found = get_path(out, path[:-1])
        if found and isinstance(parent, dict):
            parent.pop(path[-1], None)
    return out


def same(have, want):
    if isinstance(have, (dict, list)) or isinstance(want, (dict, list)):
        return have == want
    norm = lambda v: ("on" if v else "off") if isinstance(v, bool) else str(v).strip().lower()
    return norm(have) == norm(want)


def merge_patch(live, desired):
    """The JSON merge patch (RFC 7386) that turns live into desired; {} when nothing differs."""
    patch = {}
    for key in live:
        if key not in desired:
            patch[key] = None
    for key, want in desired.items():
        have = live.get(key)
        if isinstance(want, dict) and isinstance(have, dict):
            sub = merge_patch(have, want)
            if sub:
                patch[key] = sub
        elif key not in live or not same(have, want):
            patch[key] = want
    return patch


def plan_patch(live, spec):
    """The patch, path by managed path: a path git does not have is removed at that path only (a standby's
    standby_cluster.host, never the whole standby_cluster, which would promote it)."""
    have_all, want_all = owned(live, spec), owned(spec["desired"], spec)
    patch = {}
    for path in spec["managed"]:
        have, has = get_path(have_all, path)
        want, wants = get_path(want_all, path)
        if not wants:
            if has:
                put_path(patch, path, None)
        elif not has:
            put_path(patch, path, want)
        elif isinstance(have, dict) and isinstance(want, dict):
            sub = merge_patch(have, want)
            if sub:
                put_path(patch, path, sub)
        elif not same(have, want):
            put_path(patch, path, want)
    return patch


def number(value):
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def lowered_minimums(running, spec):
    """Replica-minimum parameters git wants below what the primary runs with: then the primary restarts first.
    running: the primary's pg_settings values by name; a minimum git does not set falls back to PostgreSQL's default,
    unless the Job keeps it."""
    after = wanted_parameters(spec)
    kept = [p[-1] for p in spec.get("keep", []) if p[:2] == ["postgresql", "parameters"]]
    out = []
    for name in REPLICA_MINIMUMS:
        if name in kept and name not in after:
            continue
        b, a = number(running.get(name)), number(after.get(name, MINIMUM_DEFAULTS[name]))
        if b is not None and a is not None and a < b:
            out.append(name)
    return out


def unit_factor(unit):
    """'8kB' -> (bytes per unit, 'memory'); 'ms' -> (ms per unit, 'time'); '' -> (1, None)."""
    m = re.fullmatch(r"([0-9]*)([a-zA-Z]*)", unit or "")
    count = int(m.group(1) or 1)
    name = m.group(2).lower()
    if name in MEMORY_UNITS:
        return count * MEMORY_UNITS[name], "memory"
    if name in TIME_UNITS:
        return count * TIME_UNITS[name], "time"
    return 1, None


def setting_matches(want, setting, unit, vartype, at_least=False):
    """Whether PostgreSQL's pg_settings row (setting, unit, vartype) holds the value git wants; None: cannot tell."""
    want = str(want).strip()
    if vartype == "bool":
        return (want.lower() in TRUE_WORDS) == (setting == "on")
    if vartype in ("integer", "real"):
        m = re.fullmatch(r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]*)", want)
        if not m:
            return False
        value = float(m.group(1))
        factor, kind = unit_factor(unit)
        if m.group(2):
            suffix = m.group(2).lower()
            table = MEMORY_UNITS if kind == "memory" else TIME_UNITS if kind == "time" else {}
            if suffix not in table:
                return False
            value = value * table[suffix] / factor
        have = number(setting)
        if have is None:
            return False
        if vartype == "integer":
            value = float(round(value))
        if at_least:
            return have >= value - 1e-9
        return abs(have - value) <= 1e-9 * max(1.0, abs(value))
    if want.strip("'").strip().lower() == setting.strip().lower():
        return True
    # Enums have aliases PostgreSQL shows by their canonical name (wal_level hot_standby is replica, wal_compression
    # on is pglz), strings may be canonicalized (time zones): a difference here proves nothing.
    return None


def next_step(members, primary_first, synchronous=False):
    """The next restart: ("restart", member), ("switchover", leader, candidate), or None when none is pending.
    The candidate is None in synchronous mode without a synchronous standby yet: Patroni then picks one."""
    members = sorted(members, key=lambda m: m["name"])
    leaders = [m for m in members if m.get("role") in LEADER_ROLES]
    leader = leaders[0] if leaders else None
    pending = [m for m in members if m.get("pending_restart")]
    if not pending:
        return None
    replicas = [m for m in pending if m is not leader]
    if leader is not None and leader.get("pending_restart"):
        # A standby cluster's leader only replays: restarting it in place interrupts no writes.
        if primary_first or len(members) == 1 or leader["role"] == "standby_leader":
            return ("restart", leader)
        if replicas:
            return ("restart", replicas[-1])
        ready = [m for m in members if m is not leader and m.get("state") in HEALTHY_STATES]
        if not ready:
            return ("restart", leader)
        standbys = [m for m in ready if m.get("role") == "sync_standby"]
        if synchronous and not standbys:
            return ("switchover", leader, None)
        return ("switchover", leader, (standbys or ready)[-1])
    return ("restart", replicas[-1])


`.trimStart();
