"""The in-place upgrade stand-in's checks, argument builders and small tools (inplace_upgrade.py runs the steps).

Pure functions the unit tests call directly, plus the process runner, the Patroni REST client and a wait loop.
"""
import json
import logging
import os
import re
import shlex
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

PATRONI_PYTHON = "/opt/patroni/bin/python3"
PATRONI = "/opt/patroni/bin/patroni"
CONFIG = "/run/postgres.yml"
# launch.py's supervisor starts Patroni again, with a new configuration, when Patroni exits while this exists.
RESTART_REQUEST = "/run/patroni.restart-requested"
SUPERVISOR = "/scripts/launch.py"
SCRIPT = "/scripts/inplace_upgrade.py"
MAX_LAG = 16 * 1024 * 1024
# Debian's PostgreSQL 17.12 stores an internal column option `pg_attver` on every column it creates (its own
# pg_dump leaves it out); 18.6's pg_dump copies it into `ALTER COLUMN ... SET (pg_attver=...)`, which 18.6 rejects,
# so pg_upgrade fails restoring the first table. Removed from the old catalog just before the shutdown (17.12 runs
# without it); other column options stay.
ATTVER_COUNT_SQL = "SELECT count(*) FROM pg_catalog.pg_attribute WHERE attoptions::text LIKE '%pg_attver=%'"
ATTVER_SQL = ("UPDATE pg_catalog.pg_attribute SET attoptions = NULLIF(ARRAY(SELECT o FROM unnest(attoptions) o "
              "WHERE o NOT LIKE 'pg_attver=%'), '{}') WHERE attoptions::text LIKE '%pg_attver=%'")
REPLICA_LOG = "/home/postgres/last_upgrade_replica.log"
LEADER_ROLES = ("leader", "master", "primary")

logger = logging.getLogger("inplace_upgrade")


class Failure(Exception):
    """A reason to stop, as the one line the operator shows."""


# ---------------------------------------------------------------------------------------------- pure parts


def one_line(text, limit=400):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def parse_args(argv):
    """('upgrade', N) or ('reset-replica', pgdata, check_only)."""
    if len(argv) >= 2 and argv[0] == "--reset-replica":
        rest = argv[1:]
        check = "--check" in rest
        paths = [a for a in rest if a != "--check"]
        if len(paths) == 1 and os.path.isabs(paths[0]):
            return ("reset-replica", paths[0], check)
    elif len(argv) == 1 and re.fullmatch(r"[1-9][0-9]*", argv[0]):
        return ("upgrade", int(argv[0]))
    raise Failure("usage: inplace_upgrade.py N (the number of cluster members)")


def upgrade_needed(current, desired):
    """False when the data directory already has the desired major; a downgrade or a bad value is a Failure."""
    if not desired:
        raise Failure("PGVERSION is not set: no target version")
    if not re.fullmatch(r"[0-9]+", str(desired)) or not re.fullmatch(r"[0-9]+", str(current or "")):
        raise Failure("cannot compare versions: data directory %r, PGVERSION %r" % (current, desired))
    if int(desired) == int(current):
        return False
    if int(desired) < int(current):
        raise Failure("PGVERSION %s is older than the data directory's %s: downgrades are not possible"
                      % (desired, current))
    return True


def check_cluster(cluster, me, expected, max_lag=MAX_LAG):
    """Patroni's GET /cluster -> the replicas to handle; a Failure names the first problem found."""
    members = cluster.get("members") or []
    if len(members) != expected:
        raise Failure("the cluster has %d members, but %d were expected: not upgrading" % (len(members), expected))
    if cluster.get("pause"):
        raise Failure("the cluster is in maintenance mode (paused): not upgrading")
    leaders = [m for m in members if m.get("role") in LEADER_ROLES]
    if not leaders:
        if any(m.get("role") == "standby_leader" for m in members):
            raise Failure("this is a standby cluster: upgrade its source cluster instead")
        raise Failure("the cluster has no leader: not upgrading")
    if leaders[0].get("name") != me:
        raise Failure("this member (%s) does not hold the leader lock (%s does)" % (me, leaders[0].get("name")))
    if leaders[0].get("state") != "running":
        raise Failure("the primary is %s, not running" % leaders[0].get("state"))
    replicas = [m for m in members if m is not leaders[0]]
    for m in replicas:
        if m.get("state") != "streaming":
            raise Failure("replica %s is not streaming from the primary (state %s)" % (m.get("name"), m.get("state")))
        lag = m.get("lag")
        if not isinstance(lag, int) or lag > max_lag:
            raise Failure("replica %s lags %s bytes behind the primary (at most %d allowed)"
                          % (m.get("name"), lag, max_lag))
        if not m.get("host") or not m.get("api_url"):
            raise Failure("replica %s has no host or REST API address in Patroni's view" % m.get("name"))
    return replicas


def controldata(text):
    """pg_controldata output -> {label: value}."""
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip()] = value.strip()
    return out


def initdb_args(bin_dir, data, facts, new_major):
    """initdb for the new data directory, matching what pg_upgrade requires of it."""
    args = [bin_dir + "/initdb", "--pgdata=" + data, "--username=" + facts["install_user"],
            "--encoding=" + facts["encoding"], "--locale=" + facts["collate"], "--lc-collate=" + facts["collate"],
            "--lc-ctype=" + facts["ctype"], "--auth-local=trust", "--auth-host=md5",
            "--wal-segsize=%d" % (facts["wal_segment_bytes"] // (1024 * 1024))]
    provider = facts.get("provider") or "c"
    if provider == "i":
        args += ["--locale-provider=icu", "--icu-locale=" + facts["provider_locale"]]
    elif provider == "b":
        args += ["--locale-provider=builtin", "--builtin-locale=" + facts["provider_locale"]]
    if facts["checksums"]:
        args.append("--data-checksums")
    elif int(new_major) >= 18:
        args.append("--no-data-checksums")  # 18's initdb enables them by default; pg_upgrade needs a match
    return args


def pg_upgrade_args(old_bin, new_bin, old_data, new_data, user, jobs, check):
    args = [new_bin + "/pg_upgrade", "--old-bindir=" + old_bin, "--new-bindir=" + new_bin,
            "--old-datadir=" + old_data, "--new-datadir=" + new_data, "--username=" + user,
            "--link", "--jobs=%d" % max(1, jobs)]
    return args + (["--check"] if check else [])


def sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


def reset_replica_sql(pgdata, check=False, python=PATRONI_PYTHON, script=SCRIPT):
    """The statement a replica runs: its program gets everything as arguments (postgres' clean environment)."""
    command = " ".join(shlex.quote(a) for a in [python, script, "--reset-replica", pgdata] + (["--check"] if check else []))
    return "COPY (SELECT 1) TO PROGRAM %s" % sql_literal(command)


def proc_table(root="/proc"):
    """[(pid, ppid, argv)] of the visible processes."""
    rows = []
    for name in os.listdir(root):
        if not name.isdigit():
            continue
        try:
            with open(os.path.join(root, name, "stat")) as f:
                stat = f.read()
            with open(os.path.join(root, name, "cmdline"), "rb") as f:
                argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        rows.append((int(name), ppid, argv))
    return rows


def find_patroni(procs):
    """The PID of the Patroni that launch.py's supervisor (PID 1) runs; a Failure when the container has none."""
    init = [argv for pid, _, argv in procs if pid == 1]
    if not init or not any(a.endswith(SUPERVISOR) for a in init[0]):
        raise Failure("PID 1 is not launch.py's supervisor (%s): this image cannot restart Patroni in place"
                      % (" ".join(init[0]) if init else "not visible"))
    children = [pid for pid, ppid, argv in procs if ppid == 1 and any(a.endswith("/patroni") for a in argv[:2])]
    if len(children) != 1:
        raise Failure("expected one Patroni under the supervisor, found %d" % len(children))
    return children[0]


def base_url(api_url):
    """A member's api_url (http://10.0.0.1:8008/patroni) -> http://10.0.0.1:8008."""
    parts = urllib.parse.urlsplit(api_url)
    return "%s://%s" % (parts.scheme, parts.netloc)


def local_api(config):
    restapi = config.get("restapi") or {}
    port = (restapi.get("listen") or ":8008").rsplit(":", 1)[1]
    return "%s://127.0.0.1:%s" % ("https" if restapi.get("certfile") else "http", port)


def upgrade_dirs(data):
    parent = os.path.dirname(data.rstrip("/"))
    return os.path.join(parent, "data_new"), os.path.join(parent, "data_old")


# ------------------------------------------------------------------------------------------------- effects


def run(args, timeout=600, env=None, cwd=None, check=True):
    logger.debug("running %s", " ".join(args))
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                          timeout=timeout, env=env, cwd=cwd)
    if check and proc.returncode != 0:
        lines = [l for l in proc.stdout.splitlines() if l.strip()]
        raise Failure("%s failed (exit %d): %s" % (os.path.basename(args[0]), proc.returncode,
                                                  one_line(" / ".join(lines[-3:]) or "no output")))
    return proc


class Api:
    """Patroni's REST API (basic auth and TLS as postgres.yml configures them; certificates are not verified)."""

    def __init__(self, config):
        restapi = config.get("restapi") or {}
        auth = restapi.get("authentication") or {}
        self.headers = {"Content-Type": "application/json"}
        if auth.get("username"):
            import base64
            token = base64.b64encode(("%s:%s" % (auth["username"], auth.get("password", ""))).encode()).decode()
            self.headers["Authorization"] = "Basic " + token
        self.context = ssl._create_unverified_context()  # member certificates name pods, not the IPs we call

    def call(self, url, method="GET", body=None, timeout=10):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method, headers=self.headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout, context=self.context) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode(errors="replace")
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def get(self, url, timeout=10):
        """The JSON body whatever the status (Patroni answers 503 with a body), or None when unreachable."""
        try:
            return self.call(url, timeout=timeout)[1]
        except (OSError, ValueError):
            return None


def wait_for(what, timeout, probe, interval=1.0):
    deadline = time.time() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.time() > deadline:
            raise Failure("timed out after %d s waiting for %s" % (timeout, what))
        time.sleep(interval)
