"""Unit tests for the in-place upgrade's pure parts and launch.py's supervisor (stdlib only):
python3 -m unittest discover scripts/cluster/images/spilo"""
import os
import shlex
import signal
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import inplace_upgrade as iu  # noqa: E402
import launch  # noqa: E402


def member(name, role="replica", state="streaming", lag=0, host="10.0.0.2"):
    return {"name": name, "role": role, "state": state, "lag": lag, "host": host, "port": 5432,
            "api_url": "http://%s:8008/patroni" % host}


LEADER = member("db-0", role="leader", state="running", host="10.0.0.1")


class Arguments(unittest.TestCase):
    def test_members(self):
        self.assertEqual(iu.parse_args(["2"]), ("upgrade", 2))

    def test_bad(self):
        for argv in ([], ["0"], ["two"], ["2", "3"], ["-1"], ["--reset-replica"], ["--reset-replica", "rel/path"]):
            with self.assertRaises(iu.Failure, msg=argv):
                iu.parse_args(argv)

    def test_reset_replica(self):
        self.assertEqual(iu.parse_args(["--reset-replica", "/d"]), ("reset-replica", "/d", False))
        self.assertEqual(iu.parse_args(["--reset-replica", "/d", "--check"]), ("reset-replica", "/d", True))


class Versions(unittest.TestCase):
    def test_same_is_not_required(self):
        self.assertFalse(iu.upgrade_needed("17", "17"))

    def test_newer(self):
        self.assertTrue(iu.upgrade_needed("17", "18"))
        self.assertTrue(iu.upgrade_needed("9", "13"))  # numbers, not strings

    def test_downgrade_and_garbage(self):
        for current, desired in (("18", "17"), ("17", None), ("17", ""), ("17", "18beta"), (None, "18")):
            with self.assertRaises(iu.Failure):
                iu.upgrade_needed(current, desired)


class ClusterChecks(unittest.TestCase):
    def test_healthy(self):
        replica = member("db-1")
        self.assertEqual(iu.check_cluster({"members": [LEADER, replica]}, "db-0", 2), [replica])

    def test_single_member(self):
        self.assertEqual(iu.check_cluster({"members": [LEADER]}, "db-0", 1), [])

    def test_problems(self):
        cases = [
            ({"members": [LEADER, member("db-1")]}, "db-0", 3, "has 2 members, but 3"),
            ({"members": [LEADER, member("db-1")], "pause": True}, "db-0", 2, "paused"),
            ({"members": [LEADER, member("db-1")]}, "db-1", 2, "does not hold the leader lock (db-0 does)"),
            ({"members": [member("db-0", role="replica"), member("db-1")]}, "db-0", 2, "no leader"),
            ({"members": [member("db-0", role="standby_leader", state="streaming")]}, "db-0", 1, "standby cluster"),
            ({"members": [LEADER, member("db-1", state="stopped")]}, "db-0", 2, "not streaming"),
            ({"members": [LEADER, member("db-1", lag=16 * 1024 * 1024 + 1)]}, "db-0", 2, "lags 16777217 bytes"),
            ({"members": [LEADER, member("db-1", lag="unknown")]}, "db-0", 2, "lags unknown"),
            ({"members": [dict(LEADER, state="stopped"), member("db-1")]}, "db-0", 2, "primary is stopped"),
        ]
        for cluster, me, n, message in cases:
            with self.assertRaises(iu.Failure, msg=message) as ctx:
                iu.check_cluster(cluster, me, n)
            self.assertIn(message, str(ctx.exception))

    def test_lag_at_the_limit_is_fine(self):
        iu.check_cluster({"members": [LEADER, member("db-1", lag=16 * 1024 * 1024)]}, "db-0", 2)


FACTS = {"collate": "en_US.UTF-8", "ctype": "en_US.UTF-8", "encoding": "UTF8", "provider": "c",
         "provider_locale": "", "install_user": "postgres", "checksums": True, "wal_segment_bytes": 16777216}


class Commands(unittest.TestCase):
    def test_initdb_matches_the_old_cluster(self):
        args = iu.initdb_args("/usr/lib/postgresql/18/bin", "/pg/data_new", FACTS, "18")
        self.assertEqual(args[0], "/usr/lib/postgresql/18/bin/initdb")
        for a in ("--pgdata=/pg/data_new", "--username=postgres", "--encoding=UTF8", "--lc-collate=en_US.UTF-8",
                  "--lc-ctype=en_US.UTF-8", "--wal-segsize=16", "--data-checksums"):
            self.assertIn(a, args)
        self.assertNotIn("--no-data-checksums", args)

    def test_checksums_off(self):
        facts = dict(FACTS, checksums=False)
        self.assertIn("--no-data-checksums", iu.initdb_args("/b", "/d", facts, "18"))
        # 17's initdb has them off by default (and no --no-data-checksums before 18)
        self.assertFalse([a for a in iu.initdb_args("/b", "/d", facts, "17") if "checksums" in a])

    def test_locale_providers(self):
        icu = iu.initdb_args("/b", "/d", dict(FACTS, provider="i", provider_locale="und"), "18")
        self.assertIn("--locale-provider=icu", icu)
        self.assertIn("--icu-locale=und", icu)
        builtin = iu.initdb_args("/b", "/d", dict(FACTS, provider="b", provider_locale="C.UTF-8"), "18")
        self.assertIn("--builtin-locale=C.UTF-8", builtin)

    def test_pg_upgrade(self):
        args = iu.pg_upgrade_args("/o", "/n", "/pg/data", "/pg/data_new", "postgres", 2, check=True)
        self.assertEqual(args[:2], ["/n/pg_upgrade", "--old-bindir=/o"])
        self.assertIn("--link", args)
        self.assertIn("--jobs=2", args)
        self.assertEqual(args[-1], "--check")
        self.assertNotIn("--check", iu.pg_upgrade_args("/o", "/n", "/d", "/e", "postgres", 0, check=False))

    def test_reset_replica_statement(self):
        def program(sql):
            prefix = "COPY (SELECT 1) TO PROGRAM '"
            self.assertTrue(sql.startswith(prefix) and sql.endswith("'"))
            return shlex.split(sql[len(prefix):-1].replace("''", "'"))
        self.assertEqual(program(iu.reset_replica_sql("/home/postgres/pgdata/pgroot/data", check=True)),
                         [iu.PATRONI_PYTHON, iu.SCRIPT, "--reset-replica", "/home/postgres/pgdata/pgroot/data",
                          "--check"])
        # a quote survives the shell quoting inside the SQL literal
        self.assertEqual(program(iu.reset_replica_sql("/data/it's"))[-1], "/data/it's")

    def test_controldata(self):
        text = "pg_control version number:            1800\nDatabase system identifier:           7512\n" \
               "Database cluster state:               shut down\nData page checksum version:           1\n"
        ctl = iu.controldata(text)
        self.assertEqual(ctl["Database cluster state"], "shut down")
        self.assertEqual(ctl["Database system identifier"], "7512")

    def test_dirs_and_urls(self):
        self.assertEqual(iu.upgrade_dirs("/home/postgres/pgdata/pgroot/data"),
                         ("/home/postgres/pgdata/pgroot/data_new", "/home/postgres/pgdata/pgroot/data_old"))
        self.assertEqual(iu.base_url("http://10.244.1.5:8008/patroni"), "http://10.244.1.5:8008")
        self.assertEqual(iu.local_api({"restapi": {"listen": ":8008"}}), "http://127.0.0.1:8008")
        self.assertEqual(iu.local_api({"restapi": {"listen": "0.0.0.0:8443", "certfile": "/c"}}),
                         "https://127.0.0.1:8443")

    def test_one_line(self):
        self.assertEqual(iu.one_line("a\n  b\tc"), "a b c")
        self.assertEqual(len(iu.one_line("x" * 1000, 50)), 50)


class Processes(unittest.TestCase):
    SUPERVISED = [(1, 0, ["/opt/patroni/bin/python3", "/scripts/launch.py"]),
                  (7, 1, ["/opt/patroni/bin/python3", "/opt/patroni/bin/patroni", "/run/postgres.yml"]),
                  (8, 1, ["/opt/patroni/bin/python3", "/scripts/cron.py", "/run/cron/crontabs/postgres"]),
                  (30, 7, ["postgres", "-D", "/home/postgres/pgdata/pgroot/data"])]

    def test_patroni_under_the_supervisor(self):
        self.assertEqual(iu.find_patroni(self.SUPERVISED), 7)

    def test_patroni_as_pid_1_cannot_restart(self):
        procs = [(1, 0, ["/opt/patroni/bin/python3", "/opt/patroni/bin/patroni", "/run/postgres.yml"])]
        with self.assertRaises(iu.Failure) as ctx:
            iu.find_patroni(procs)
        self.assertIn("not launch.py's supervisor", str(ctx.exception))

    def test_no_patroni(self):
        with self.assertRaises(iu.Failure):
            iu.find_patroni(self.SUPERVISED[:1])

    @unittest.skipUnless(os.path.exists("/proc/self/stat"), "no /proc here")
    def test_proc_table_reads_this_process(self):
        rows = {pid: (ppid, argv) for pid, ppid, argv in iu.proc_table()}
        self.assertEqual(rows[os.getpid()][0], os.getppid())


class Supervisor(unittest.TestCase):
    """launch.Supervisor with fake wait/kill/start: restart only on request and when not stopping."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.request = os.path.join(self.dir.name, "restart")
        self.started, self.killed = [], []

    def tearDown(self):
        self.dir.cleanup()

    def supervisor(self, events):
        """events: list of (pid, status, action) where action runs before wait returns."""
        pids = iter(range(100, 200))
        queue = list(events)

        def start(first):
            pid = next(pids)
            self.started.append((pid, first))
            return pid

        def wait():
            if not queue:
                raise ChildProcessError
            pid, status, action = queue.pop(0)
            if action:
                action(sup)
            return pid, status
        sup = launch.Supervisor(start, request=self.request, wait=wait, kill=lambda p, s: self.killed.append((p, s)))
        return sup

    def touch(self, _sup=None):
        open(self.request, "w").close()

    def test_constants_agree(self):
        self.assertEqual(launch.RESTART_REQUEST, iu.RESTART_REQUEST)

    def test_exit_passes_patronis_status(self):
        sup = self.supervisor([(55, 0, None), (100, 3 << 8, None)])  # a reaped orphan first
        self.assertEqual(sup.run(), 3)
        self.assertEqual(self.started, [(100, True)])

    def test_requested_restart(self):
        sup = self.supervisor([(100, 0, self.touch), (101, 0, None)])
        self.assertEqual(sup.run(), 0)
        self.assertEqual(self.started, [(100, True), (101, False)])
        self.assertFalse(os.path.exists(self.request))

    def test_stop_wins_over_a_request(self):
        def stop_and_request(sup):
            self.touch()
            sup.forward(signal.SIGTERM)
        sup = self.supervisor([(100, 0, stop_and_request)])
        self.assertEqual(sup.run(), 0)
        self.assertEqual(self.started, [(100, True)])
        self.assertEqual(self.killed, [(100, signal.SIGTERM)])

    def test_forwarding(self):
        def hup(sup):
            sup.forward(signal.SIGHUP)
        sup = self.supervisor([(55, 0, hup), (100, signal.SIGKILL, None)])
        self.assertEqual(sup.run(), 128 + signal.SIGKILL)
        self.assertEqual(self.killed, [(100, signal.SIGHUP)])
        self.assertFalse(sup.stopping)

    def test_stale_request_is_ignored(self):
        self.touch()
        sup = self.supervisor([(100, 1 << 8, None)])
        self.assertEqual(sup.run(), 1)
        self.assertEqual(len(self.started), 1)

    def test_exit_code(self):
        self.assertEqual(launch.exit_code(0), 0)
        self.assertEqual(launch.exit_code(2 << 8), 2)
        self.assertEqual(launch.exit_code(signal.SIGTERM), 128 + signal.SIGTERM)


if __name__ == "__main__":
    unittest.main()
