#!/usr/bin/env python3
"""In-place major upgrade of a running Patroni cluster, started in its primary: our stand-in for Spilo's
/scripts/inplace_upgrade.py, with the same command line and contract as far as the operator can see.

    inplace_upgrade.py N        N = the number of cluster members; the target major is $PGVERSION

Exit 0: upgraded (or nothing to do); exit 1: not upgraded or not finished, and the last log line says why.
Log lines: `<asctime> inplace_upgrade <LEVEL>: <message>` on stderr (the operator tees them to last_upgrade.log).

Steps: sanity checks (versions, members, pause, leader lock, replicas streaming with little lag, every replica
reachable as superuser and able to restart its Patroni), initdb of `data_new` with the old cluster's encoding,
locale, checksums and WAL segment size, `pg_upgrade --check`, pause Patroni, clean shutdown of the primary,
`pg_upgrade --link`, `data` -> `data_old` and `data_new` -> `data`, Patroni restarted here (bin_dir is read only at
start; launch.py's supervisor regenerates the configuration), the DCS `initialize` key removed (the system
identifier changed), PostgreSQL started through `POST /restart` (writes work again from here), replicas:
PostgreSQL stopped, data directory moved away and Patroni restarted (over `COPY ... TO PROGRAM`; each becomes a
new replica from the upgraded primary once the cluster resumes), resume, extensions updated, analyze, `data_old`
removed, and the replicas awaited.

Internal mode, run on a replica by the primary through `COPY (SELECT 1) TO PROGRAM`:
    inplace_upgrade.py --reset-replica PGDATA [--check]
"""
import json
import logging
import os
import re
import shutil
import signal
import sys
import time

# The checks, argument builders and tools (also what the unit tests call through this module).
from upgrade_steps import (
    PATRONI_PYTHON,
    PATRONI,
    CONFIG,
    RESTART_REQUEST,
    SUPERVISOR,
    SCRIPT,
    MAX_LAG,
    ATTVER_COUNT_SQL,
    ATTVER_SQL,
    REPLICA_LOG,
    LEADER_ROLES,
    logger,
    Failure,
    one_line,
    parse_args,
    upgrade_needed,
    check_cluster,
    controldata,
    initdb_args,
    pg_upgrade_args,
    sql_literal,
    reset_replica_sql,
    proc_table,
    find_patroni,
    base_url,
    local_api,
    upgrade_dirs,
    run,
    Api,
    wait_for,
)


class Upgrade:
    def __init__(self, members, env, config):
        self.members = members
        self.env = env
        self.config = config
        pg = config["postgresql"]
        self.name = config["name"]
        self.data = pg["data_dir"]
        self.old_bin = pg["bin_dir"]
        self.data_new, self.data_old = upgrade_dirs(self.data)
        self.workdir = os.path.dirname(self.data_new)  # pg_upgrade's sockets and scripts
        su = (pg.get("authentication") or {}).get("superuser") or {}
        self.su_user = env.get("PGUSER_SUPERUSER") or su.get("username") or "postgres"
        self.su_password = env.get("PGPASSWORD_SUPERUSER") or su.get("password") or ""
        self.api = Api(config)
        self.local = local_api(config)
        self.dcs = None
        # What happened so far, for the cleanup after a failure.
        self.paused = self.stopped = self.linked = self.swapped = False

    # --- helpers
    def current_version(self, data=None):
        with open(os.path.join(data or self.data, "PG_VERSION")) as f:
            return f.read().strip()

    def socket_dir_and_port(self):
        """From postmaster.pid: line 4 the port, line 5 the socket directory."""
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                lines = f.read().splitlines()
            return lines[4] or "/var/run/postgresql", lines[3]
        except (OSError, IndexError):
            return "/var/run/postgresql", "5432"

    def psql_local(self, sql, bin_dir=None, db="postgres"):
        host, port = self.socket_dir_and_port()
        return run([(bin_dir or self.old_bin) + "/psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1",
                    "-h", host, "-p", port, "-U", self.su_user, "-d", db, "-c", sql], timeout=300).stdout.strip()

    def attver_databases(self):
        """Databases whose columns carry the `pg_attver` option, when the new pg_dump would copy it (see
        ATTVER_SQL); empty when nothing needs it removed."""
        with open(self.new_bin + "/pg_dump", "rb") as f:
            if b"pg_attver" in f.read():
                return []  # the new pg_dump knows the option and leaves it out, as 17's does
        out = []
        for db in self.psql_local("SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1").splitlines():
            if int(self.psql_local(ATTVER_COUNT_SQL, db=db)):
                out.append(db)
        return out

    def psql_remote(self, member, sql, timeout=60):
        conninfo = "host=%s port=%s dbname=postgres user=%s sslmode=require connect_timeout=10" % (
            member["host"], member.get("port") or 5432, self.su_user)
        env = dict(os.environ, PGPASSWORD=self.su_password, PGCONNECT_TIMEOUT="10")
        return run([self.new_bin + "/psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql, conninfo],
                   timeout=timeout, env=env).stdout.strip()

    def cluster(self):
        body = self.api.get(self.local + "/cluster")
        if not isinstance(body, dict):
            raise Failure("Patroni's REST API on this member does not answer")
        return body

    def get_dcs(self):
        if self.dcs is None:
            from patroni.dcs import get_dcs
            cfg = json.loads(json.dumps(self.config))
            cfg.update(patronictl=True)
            for key, value in (("ttl", 30), ("loop_wait", 10), ("retry_timeout", 10)):
                cfg.setdefault(key, ((cfg.get("bootstrap") or {}).get("dcs") or {}).get(key, value))
            self.dcs = get_dcs(cfg)
        return self.dcs

    def set_pause(self, value):
        status, body = self.api.call(self.local + "/config", "PATCH", {"pause": value}, timeout=30)
        if status != 200:
            raise Failure("PATCH /config pause=%s answered %s: %s" % (value, status, one_line(body)))

    def request_patroni_restart(self):
        pid = find_patroni(proc_table())
        with open(RESTART_REQUEST, "w") as f:
            f.write("inplace_upgrade %s\n" % time.strftime("%Y-%m-%dT%H:%M:%S"))
        os.kill(pid, signal.SIGTERM)
        return pid

    # --- the steps
    def run(self):
        t0 = time.time()
        current = self.current_version()
        desired = self.env.get("PGVERSION")
        if not upgrade_needed(current, desired):
            logger.info("the data directory already is PostgreSQL %s: upgrade is not required", current)
            return
        self.new_major = desired
        self.new_bin = "/usr/lib/postgresql/%s/bin" % desired
        logger.info("upgrading PostgreSQL %s to %s (%s -> %s), %d members", current, desired, self.old_bin,
                    self.new_bin, self.members)
        if not os.path.exists(self.new_bin + "/pg_upgrade"):
            raise Failure("PostgreSQL %s is not installed in this image (%s/pg_upgrade)" % (desired, self.new_bin))
        if not os.path.exists(self.old_bin + "/postgres"):
            raise Failure("the running major's binaries are missing (%s)" % self.old_bin)

        # Sanity checks: nothing is changed until they pass.
        dcs_cluster = self.get_dcs().get_cluster()
        if not dcs_cluster.initialize:
            raise Failure("the cluster is not initialized (no initialize key in the DCS)")
        replicas = check_cluster(self.cluster(), self.name, self.members)
        me = self.api.get(self.local + "/patroni") or {}
        if me.get("state") != "running" or me.get("role") != "primary":
            raise Failure("Patroni here is not a healthy primary (state %s, role %s)" % (me.get("state"), me.get("role")))
        find_patroni(proc_table())
        if os.path.exists(self.data_old):
            raise Failure("%s exists (a previous upgrade's old data?): remove it first" % self.data_old)
        for m in replicas:
            try:
                self.psql_remote(m, reset_replica_sql(self.data, check=True))
            except Failure as e:
                raise Failure("replica %s cannot be reset for the upgrade: %s" % (m["name"], e))
        logger.info("sanity checks passed: %d replica(s) streaming, lag within %d bytes", len(replicas), MAX_LAG)

        facts = self.old_cluster_facts()
        if os.path.exists(self.data_new):
            shutil.rmtree(self.data_new)
        run(initdb_args(self.new_bin, self.data_new, facts, desired), timeout=600)
        logger.info("initdb of %s done (encoding %s, locale %s, checksums %s)", self.data_new, facts["encoding"],
                    facts["collate"], "on" if facts["checksums"] else "off")
        self.pg_upgrade(facts, check=True)
        logger.info("pg_upgrade --check passed")

        self.set_pause(True)
        self.paused = True
        wait_for("every member to report the pause", 60, lambda: all(
            (self.api.get(base_url(m["api_url"]) + "/patroni") or {}).get("pause")
            for m in self.cluster().get("members") or []))
        logger.info("Patroni paused on every member")
        # The replicas must still be close: the primary's last changes reach them before the shutdown.
        check_cluster(self.cluster() | {"pause": False}, self.name, self.members)

        attver = self.attver_databases()
        for db in attver:
            self.psql_local(ATTVER_SQL, db=db)
        if attver:
            logger.info("removed the column option pg_attver (PostgreSQL 17.12's, unknown to %s's pg_dump) in %s",
                        desired, ", ".join(attver))
        self.psql_local("CHECKPOINT")
        t_down = time.time()
        run([self.old_bin + "/pg_ctl", "stop", "-D", self.data, "-m", "fast", "-w", "-t", "600"], timeout=660)
        self.stopped = True
        state = controldata(run([self.old_bin + "/pg_controldata", self.data]).stdout).get("Database cluster state")
        if state != "shut down":
            raise Failure("the primary did not shut down cleanly (cluster state %r)" % state)
        logger.info("primary stopped cleanly")

        self.pg_upgrade(facts, check=False)
        self.linked = True
        new_sysid = controldata(run([self.new_bin + "/pg_controldata", self.data_new]).stdout)["Database system identifier"]
        os.rename(self.data, self.data_old)
        os.rename(self.data_new, self.data)
        self.swapped = True
        self.carry_over_config()
        logger.info("pg_upgrade --link done; %s is the new data directory (system identifier %s)", self.data, new_sysid)

        # Patroni first: the old one could still write its cached system identifier into a missing initialize key.
        self.request_patroni_restart()
        logger.info("restarting Patroni here with the %s binaries", desired)
        wait_for("Patroni to come back with the new data directory", 180, lambda: str(
            (self.api.get(self.local + "/patroni") or {}).get("database_system_identifier")) == new_sysid)
        if not self.get_dcs().cancel_initialization():
            raise Failure("could not remove the initialize key from the DCS")
        logger.info("removed the DCS initialize key (the system identifier changed)")
        status, body = self.api.call(self.local + "/restart", "POST", {}, timeout=660)
        if status != 200:
            raise Failure("POST /restart answered %s: %s" % (status, one_line(body)))

        def leader_again():
            c = self.cluster()
            lead = [m for m in c.get("members") or [] if m.get("role") in LEADER_ROLES]
            return bool(lead) and lead[0].get("name") == self.name and lead[0].get("state") == "running"
        wait_for("this member to hold the leader lock on %s" % desired, 120, leader_again)
        t_up = time.time()
        logger.info("PostgreSQL %s runs as the primary (%.1f s after the shutdown)", desired, t_up - t_down)
        # Replicas after the primary runs (their reset is no write downtime), but before the resume: a replica whose
        # old data meets the new initialize key outside a pause makes its Patroni exit.
        for m in replicas:
            self.reset_replica(m)
        wait_for("Patroni to write the new initialize key", 60,
                 lambda: str(self.get_dcs().get_cluster().initialize) == new_sysid)

        self.set_pause(False)
        self.paused = False
        logger.info("Patroni resumed")
        self.update_extensions()
        self.analyze()
        shutil.rmtree(self.data_old)
        for name in ("delete_old_cluster.sh", "delete_old_cluster.bat"):  # pg_upgrade's, for data_old
            if os.path.exists(os.path.join(self.workdir, name)):
                os.remove(os.path.join(self.workdir, name))
        logger.info("removed %s", self.data_old)

        def replicas_streaming():
            c = self.cluster()
            ms = c.get("members") or []
            return len(ms) == self.members and all(m.get("state") in ("streaming", "running") and
                                                   (m.get("role") in LEADER_ROLES or m.get("state") == "streaming")
                                                   for m in ms)
        if replicas:
            wait_for("the replicas to stream from the upgraded primary", 900, replicas_streaming, interval=3)
        logger.info("upgrade from %s to %s complete in %.0f s", current, desired, time.time() - t0)

    def old_cluster_facts(self):
        version = int(self.psql_local("SHOW server_version_num"))
        locale_col = "datlocale" if version >= 170000 else ("daticulocale" if version >= 150000 else "NULL")
        provider_col = "datlocprovider" if version >= 150000 else "'c'"
        row = self.psql_local(
            "SELECT concat_ws('|', datcollate, datctype, pg_encoding_to_char(encoding), %s, coalesce(%s, ''), "
            "(SELECT rolname FROM pg_authid WHERE oid = 10)) FROM pg_database WHERE datname = 'template1'"
            % (provider_col, locale_col))
        collate, ctype, encoding, provider, provider_locale, user = row.split("|")
        ctl = controldata(run([self.old_bin + "/pg_controldata", self.data]).stdout)
        return {"collate": collate, "ctype": ctype, "encoding": encoding, "provider": provider,
                "provider_locale": provider_locale, "install_user": user,
                "checksums": ctl.get("Data page checksum version", "0") != "0",
                "wal_segment_bytes": int(ctl.get("Bytes per WAL segment", str(16 * 1024 * 1024)))}

    def pg_upgrade(self, facts, check):
        workdir = self.workdir
        args = pg_upgrade_args(self.old_bin, self.new_bin, self.data, self.data_new, facts["install_user"],
                               os.cpu_count() or 1, check)
        proc = run(args, timeout=3600, cwd=workdir, check=False)
        for line in proc.stdout.splitlines():
            if line.strip():
                logger.info("pg_upgrade: %s", line.rstrip())
        if proc.returncode != 0:
            errors = []
            for root, _, files in os.walk(os.path.join(self.data_new, "pg_upgrade_output.d")):
                for name in sorted(files):
                    with open(os.path.join(root, name), errors="replace") as f:
                        text = f.read()
                    if name.endswith(".txt"):  # what a failed check found
                        logger.info("pg_upgrade %s: %s", name, one_line(text, 2000))
                        errors.append("%s: %s" % (name, one_line(text, 200)))
                    for line in text.splitlines():
                        if re.search(r"\b(ERROR|FATAL|error):", line):
                            logger.info("pg_upgrade %s: %s", name, line.strip())
                            errors.append(line.strip())
            lines = [l.strip() for l in proc.stdout.splitlines() if l.strip() and not l.startswith("Failure")]
            why = errors[0] if errors else (lines[-1] if lines else "no output")
            raise Failure("pg_upgrade%s failed (exit %d): %s" % (" --check" if check else "", proc.returncode,
                                                                one_line(why)))

    def carry_over_config(self):
        """ALTER SYSTEM settings live in postgresql.auto.conf, which pg_upgrade does not copy."""
        old = os.path.join(self.data_old, "postgresql.auto.conf")
        if os.path.exists(old):
            with open(old) as f:
                text = f.read()
            if any(l.strip() and not l.lstrip().startswith("#") for l in text.splitlines()):
                shutil.copy2(old, os.path.join(self.data, "postgresql.auto.conf"))
                logger.info("copied postgresql.auto.conf from the old data directory")

    def reset_replica(self, member):
        """Its PostgreSQL stopped, its data moved away and removed, its Patroni restarted with the new binaries."""
        url = base_url(member["api_url"])
        try:
            self.psql_remote(member, reset_replica_sql(self.data))
        except Failure as e:
            raise Failure("could not reset replica %s: %s" % (member["name"], e))
        wait_for("replica %s's Patroni to run without data" % member["name"], 180,
                 lambda: (self.api.get(url + "/patroni") or {}).get("role") == "uninitialized", interval=0.5)
        logger.info("replica %s: PostgreSQL stopped, data moved away, Patroni restarted", member["name"])

    def update_extensions(self):
        """pg_upgrade writes update_extensions.sql when an extension has a newer version in the new major."""
        path = os.path.join(self.workdir, "update_extensions.sql")
        if not os.path.exists(path):
            return
        host, port = self.socket_dir_and_port()
        proc = run([self.new_bin + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port,
                    "-U", self.su_user, "-d", "postgres", "-f", path], timeout=600, check=False)
        if proc.returncode == 0:
            os.remove(path)
            logger.info("extensions updated (pg_upgrade's update_extensions.sql)")
        else:
            logger.warning("updating extensions failed (exit %d), %s kept: %s", proc.returncode, path,
                           one_line(proc.stdout))

    def analyze(self):
        host, port = self.socket_dir_and_port()
        args = [self.new_bin + "/vacuumdb", "--all", "--analyze-in-stages", "-h", host, "-p", port, "-U", self.su_user]
        if int(self.new_major) >= 18:
            args.append("--missing-stats-only")  # 18's pg_upgrade carries the optimizer statistics over
        proc = run(args, timeout=3600, check=False)
        if proc.returncode == 0:
            logger.info("analyze done")
        else:
            logger.warning("analyze failed (exit %d): %s", proc.returncode, one_line(proc.stdout))

    def cleanup(self):
        """After a failure: undo what can be undone, start the old primary again, resume the cluster."""
        if self.stopped and not self.swapped:
            control = os.path.join(self.data, "global", "pg_control")
            if os.path.exists(control + ".old") and not os.path.exists(control):
                os.rename(control + ".old", control)  # pg_upgrade --link disables the old cluster this way
                logger.info("re-enabled the old data directory (global/pg_control.old)")
            status, body = self.api.call(self.local + "/restart", "POST", {}, timeout=660)
            logger.info("started the old primary again: %s %s", status, one_line(body))
        if not self.linked and os.path.exists(self.data_new):
            shutil.rmtree(self.data_new, ignore_errors=True)
        if self.paused:
            try:
                self.set_pause(False)
                logger.info("Patroni resumed")
            except Exception as e:  # the reason for the failure is logged last, not this
                logger.warning("could not resume Patroni: %s", one_line(e))


# --------------------------------------------------------------------------------------- replica side


def reset_replica(pgdata, check):
    """Runs under a replica's postmaster (COPY ... TO PROGRAM): the checks here, the work detached."""
    try:
        sys.stdin.read()  # COPY's one row: read it, so PostgreSQL never writes into a closed pipe
    except (OSError, ValueError):
        pass
    procs = proc_table()
    patroni = find_patroni(procs)
    if not os.path.isfile(os.path.join(pgdata, "PG_VERSION")):
        raise Failure("%s is not a data directory" % pgdata)
    if check:
        return
    if os.fork() > 0:
        return  # COPY returns; the work goes on in a new session (a fast shutdown signals the backend's group)
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    fd = os.open(REPLICA_LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    code = 0
    try:
        time.sleep(1)  # let the COPY statement finish
        with open(os.path.join(pgdata, "PG_VERSION")) as f:
            bin_dir = "/usr/lib/postgresql/%s/bin" % f.read().strip()
        if os.path.exists(os.path.join(pgdata, "postmaster.pid")):
            proc = run([bin_dir + "/pg_ctl", "stop", "-D", pgdata, "-m", "fast", "-w", "-t", "300"], timeout=360,
                       check=False)
            logger.info("pg_ctl stop: exit %d %s", proc.returncode, one_line(proc.stdout))
        old = os.path.join(os.path.dirname(pgdata.rstrip("/")), "data_old")
        if os.path.exists(old):
            shutil.rmtree(old)
        os.rename(pgdata, old)
        logger.info("moved %s to %s", pgdata, old)
        with open(RESTART_REQUEST, "w") as f:
            f.write("inplace_upgrade replica reset\n")
        os.kill(patroni, signal.SIGTERM)
        logger.info("asked Patroni (%d) to restart", patroni)
        shutil.rmtree(old)
        logger.info("removed %s", old)
    except Exception as e:
        logger.error("replica reset failed: %s", one_line(e))
        code = 1
    os._exit(code)


# ---------------------------------------------------------------------------------------------------- main


def main(argv):
    logging.basicConfig(format="%(asctime)s inplace_upgrade %(levelname)s: %(message)s", level=logging.INFO,
                        stream=sys.stderr)
    try:
        args = parse_args(argv)
    except Failure as e:
        logger.error("%s", e)
        return 1
    if args[0] == "reset-replica":
        try:
            reset_replica(args[1], args[2])
            return 0
        except Failure as e:
            logger.error("%s", e)
            print(str(e), file=sys.stderr)
            return 1
    import yaml
    with open(CONFIG) as f:
        config = yaml.safe_load(f)
    upgrade = Upgrade(args[1], dict(os.environ), config)
    try:
        upgrade.run()
        return 0
    except Exception as e:
        reason = one_line(e) if isinstance(e, Failure) else "unexpected error: %s: %s" % (type(e).__name__, one_line(e))
        if not isinstance(e, Failure):
            logger.debug("traceback", exc_info=True)
        try:
            upgrade.cleanup()
        except Exception as c:
            logger.warning("cleanup failed: %s", one_line(c))
        logger.error("%s", reason)
        return 1


if __name__ == "__main__":
    # Patroni's library (DCS access) and PyYAML are in Patroni's venv; the operator starts us with /usr/bin/python3.
    if sys.prefix != "/opt/patroni" and os.path.exists(PATRONI_PYTHON):
        os.execv(PATRONI_PYTHON, [PATRONI_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])
    sys.exit(main(sys.argv[1:]))
