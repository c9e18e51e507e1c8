"""Unit tests of the dynamic configuration Job's program (src/private/dynamic-configuration-script.ts).

The jest test beside this file writes the program as dynamic_configuration.py into a directory on PYTHONPATH.
The pure functions are tested directly; main() runs against a simulated cluster (Patroni's REST answers and each
member's pg_settings) that records every PATCH, restart and switchover, so the ordering rules are checked end to end.
"""
import json
import os
import unittest

import dynamic_configuration as dc

MANAGED = [["ttl"], ["loop_wait"], ["retry_timeout"], ["maximum_lag_on_failover"], ["synchronous_mode"],
           ["synchronous_mode_strict"], ["synchronous_node_count"], ["failsafe_mode"], ["slots"],
           ["postgresql", "use_pg_rewind"], ["postgresql", "use_slots"], ["postgresql", "parameters"], ["standby_cluster"]]


def spec(desired, keep=(), managed=MANAGED):
    return {"desired": desired, "managed": managed, "keep": [list(k) for k in keep]}


class PatchTest(unittest.TestCase):
    def test_equal_configurations_need_no_patch(self):
        live = {"ttl": 30, "postgresql": {"parameters": {"work_mem": "4MB"}}}
        self.assertEqual(dc.plan_patch(live, spec(live)), {})

    def test_values_are_compared_as_patroni_stores_them(self):
        live = {"ttl": "30", "postgresql": {"parameters": {"max_connections": "100", "archive_mode": True}}}
        desired = {"ttl": 30, "postgresql": {"parameters": {"max_connections": 100, "archive_mode": "on"}}}
        self.assertEqual(dc.plan_patch(live, spec(desired)), {})

    def test_changed_added_and_removed_parameters(self):
        live = {"postgresql": {"parameters": {"work_mem": "4MB", "log_statement": "ddl", "old": "x"}}}
        desired = {"postgresql": {"parameters": {"work_mem": "8MB", "log_statement": "ddl", "new": "y"}}}
        self.assertEqual(dc.plan_patch(live, spec(desired)),
                         {"postgresql": {"parameters": {"work_mem": "8MB", "old": None, "new": "y"}}})

    def test_slots_removed_and_changed(self):
        live = {"slots": {"keep_me": {"type": "physical"}, "drop_me": {"type": "physical"},
                          "retype": {"type": "logical", "database": "app", "plugin": "pgoutput"}}}
        desired = {"slots": {"keep_me": {"type": "physical"}, "retype": {"type": "physical"}}}
        self.assertEqual(dc.plan_patch(live, spec(desired)),
                         {"slots": {"drop_me": None, "retype": {"type": "physical", "database": None, "plugin": None}}})

    def test_standby_cluster_removed_promotes(self):
        live = {"ttl": 30, "standby_cluster": {"host": "src", "port": 5432}}
        self.assertEqual(dc.plan_patch(live, spec({"ttl": 30})), {"standby_cluster": None})

    def test_standby_cluster_of_a_standby_is_not_managed(self):
        live = {"standby_cluster": {"host": "src", "port": 5432}}
        managed = [p for p in MANAGED if p != ["standby_cluster"]]
        self.assertEqual(dc.plan_patch(live, spec({}, managed=managed)), {})

    def test_a_standby_follows_its_new_source_and_keeps_its_archive_settings(self):
        managed = [p for p in MANAGED if p != ["standby_cluster"]] + [["standby_cluster", k] for k in ("host", "port", "primary_slot_name")]
        live = {"standby_cluster": {"host": "old.svc", "port": "5432", "restore_command": "envdir x restore %f %p",
                                    "create_replica_methods": ["bootstrap_standby_with_wale", "basebackup_fast_xlog"]}}
        moved = {"standby_cluster": {"host": "new.svc", "port": "5433"}}
        self.assertEqual(dc.plan_patch(live, spec(moved, managed=managed)), {"standby_cluster": {"host": "new.svc", "port": "5433"}})
        # The archive only: no more streaming, the restore command stays.
        self.assertEqual(dc.plan_patch(live, spec({}, managed=managed)), {"standby_cluster": {"host": None, "port": None}})

    def test_patroni_settings_git_no_longer_sets_are_removed(self):
        live = {"synchronous_mode": True, "synchronous_node_count": 2, "ttl": 30}
        self.assertEqual(dc.plan_patch(live, spec({"ttl": 30})), {"synchronous_mode": None, "synchronous_node_count": None})

    def test_keys_the_job_does_not_own_are_left_alone(self):
        live = {"check_timeline": True, "postgresql": {"pg_hba": ["x"], "parameters": {}}, "ttl": 30}
        self.assertEqual(dc.plan_patch(live, spec({"ttl": 40, "postgresql": {"parameters": {}}})), {"ttl": 40})

    def test_kept_paths_are_neither_set_nor_removed(self):
        live = {"postgresql": {"parameters": {"max_connections": "803", "work_mem": "4MB"}}}
        desired = {"postgresql": {"parameters": {"work_mem": "4MB"}}}
        keep = [["postgresql", "parameters", "max_connections"]]
        self.assertEqual(dc.plan_patch(live, spec(desired, keep)), {})
        self.assertEqual(dc.plan_patch(live, spec(desired)), {"postgresql": {"parameters": {"max_connections": None}}})

    def test_empty_live_configuration_gets_everything(self):
        desired = {"ttl": 30, "slots": {"a": {"type": "physical"}}}
        self.assertEqual(dc.plan_patch({}, spec(desired)), desired)

    def test_merge_patch_of_scalar_over_map_and_back(self):
        self.assertEqual(dc.merge_patch({"a": {"b": 1}}, {"a": 2}), {"a": 2})
        self.assertEqual(dc.merge_patch({"a": 2}, {"a": {"b": 1}}), {"a": {"b": 1}})


class LoweredMinimumsTest(unittest.TestCase):
    def params(self, **p):
        return {"postgresql": {"parameters": p}}

    def test_lowering_below_what_the_primary_runs_is_detected(self):
        s = spec(self.params(max_connections="100", max_worker_processes="8"))
        self.assertEqual(dc.lowered_minimums({"max_connections": "200", "max_worker_processes": "8"}, s), ["max_connections"])

    def test_raising_or_equal_is_not(self):
        s = spec(self.params(max_connections="300", max_worker_processes="8"))
        self.assertEqual(dc.lowered_minimums({"max_connections": "200", "max_worker_processes": "8"}, s), [])

    def test_a_minimum_removed_from_git_falls_back_to_the_postgresql_default(self):
        # max_locks_per_transaction 128 running, git no longer sets it: PostgreSQL's 64 is lower.
        self.assertEqual(dc.lowered_minimums({"max_locks_per_transaction": "128"}, spec(self.params())), ["max_locks_per_transaction"])

    def test_a_kept_minimum_is_not_compared(self):
        keep = [["postgresql", "parameters", "max_connections"]]
        self.assertEqual(dc.lowered_minimums({"max_connections": "800"}, spec(self.params(), keep)), [])


class SettingMatchesTest(unittest.TestCase):
    def test_memory_in_pages_kilobytes_and_megabytes(self):
        self.assertTrue(dc.setting_matches("128MB", "16384", "8kB", "integer"))
        self.assertTrue(dc.setting_matches("8MB", "8192", "kB", "integer"))
        self.assertTrue(dc.setting_matches("1GB", "1024", "MB", "integer"))
        self.assertTrue(dc.setting_matches("8192", "8192", "kB", "integer"))
        self.assertFalse(dc.setting_matches("4MB", "8192", "kB", "integer"))

    def test_time_units(self):
        self.assertTrue(dc.setting_matches("1800s", "1800", "s", "integer"))
        self.assertTrue(dc.setting_matches("30min", "1800", "s", "integer"))
        self.assertTrue(dc.setting_matches("500", "500", "ms", "integer"))
        self.assertTrue(dc.setting_matches("1h", "60", "min", "integer"))
        self.assertFalse(dc.setting_matches("1s", "500", "ms", "integer"))

    def test_reals_booleans_enums_and_strings(self):
        self.assertTrue(dc.setting_matches("0.9", "0.9", "", "real"))
        self.assertTrue(dc.setting_matches(0.05, "0.05", "", "real"))
        self.assertTrue(dc.setting_matches("on", "on", "", "bool"))
        self.assertTrue(dc.setting_matches("true", "on", "", "bool"))
        self.assertTrue(dc.setting_matches("off", "off", "", "bool"))
        self.assertFalse(dc.setting_matches("on", "off", "", "bool"))
        self.assertTrue(dc.setting_matches("DDL", "ddl", "", "enum"))
        self.assertTrue(dc.setting_matches("%t [%p]: ", "%t [%p]: ", "", "string"))
        # An enum alias or a canonicalized string cannot be told apart from a difference: not compared.
        self.assertIsNone(dc.setting_matches("all", "ddl", "", "enum"))
        self.assertIsNone(dc.setting_matches("hot_standby", "replica", "", "enum"))
        self.assertIsNone(dc.setting_matches("on", "pglz", "", "enum"))

    def test_wrong_unit_or_garbage_does_not_match(self):
        self.assertFalse(dc.setting_matches("10s", "10", "kB", "integer"))
        self.assertFalse(dc.setting_matches("lots", "10", "", "integer"))

    def test_at_least_for_replica_minimums(self):
        self.assertTrue(dc.setting_matches("100", "200", "", "integer", at_least=True))
        self.assertFalse(dc.setting_matches("300", "200", "", "integer", at_least=True))


def member(name, role="replica", pending=False, state="streaming"):
    return {"name": name, "role": role, "pending_restart": pending, "state": "running" if role == "leader" else state}


class NextStepTest(unittest.TestCase):
    def step(self, members, primary_first=False, synchronous=False):
        s = dc.next_step(members, primary_first, synchronous)
        return None if s is None else (s[0],) + tuple(m["name"] if m else None for m in s[1:])

    def test_synchronous_mode_without_a_synchronous_standby(self):
        ms = [member("c-0", "leader", True), member("c-1")]
        self.assertEqual(self.step(ms, synchronous=True), ("switchover", "c-0", None))
        ms = [member("c-0", "leader", True), member("c-1", "sync_standby"), member("c-2")]
        self.assertEqual(self.step(ms, synchronous=True), ("switchover", "c-0", "c-1"))

    def test_archive_recovery_counts_as_healthy(self):
        self.assertIn("in archive recovery", dc.HEALTHY_STATES)

    def test_nothing_pending(self):
        self.assertIsNone(self.step([member("c-0", "leader"), member("c-1")]))

    def test_replicas_first_highest_name_first(self):
        ms = [member("c-0", "leader", True), member("c-1", pending=True), member("c-2", pending=True)]
        self.assertEqual(self.step(ms), ("restart", "c-2"))

    def test_then_a_switchover_to_a_healthy_replica(self):
        ms = [member("c-0", "leader", True), member("c-1"), member("c-2")]
        self.assertEqual(self.step(ms), ("switchover", "c-0", "c-2"))

    def test_switchover_prefers_a_synchronous_standby(self):
        ms = [member("c-0", "leader", True), member("c-1", "sync_standby"), member("c-2")]
        self.assertEqual(self.step(ms), ("switchover", "c-0", "c-1"))

    def test_switchover_never_to_a_replica_that_is_not_streaming(self):
        ms = [member("c-0", "leader", True), member("c-1", state="starting"), member("c-2")]
        self.assertEqual(self.step(ms), ("switchover", "c-0", "c-2"))

    def test_no_healthy_replica_restarts_the_primary_in_place(self):
        ms = [member("c-0", "leader", True), member("c-1", state="stopped")]
        self.assertEqual(self.step(ms), ("restart", "c-0"))

    def test_only_replicas_pending(self):
        ms = [member("c-0", "leader"), member("c-1", pending=True)]
        self.assertEqual(self.step(ms), ("restart", "c-1"))

    def test_lowered_minimum_restarts_the_primary_first(self):
        ms = [member("c-0", "leader", True), member("c-1", pending=True)]
        self.assertEqual(self.step(ms, primary_first=True), ("restart", "c-0"))

    def test_single_member_restarts_in_place(self):
        self.assertEqual(self.step([member("c-0", "leader", True)]), ("restart", "c-0"))

    def test_standby_leader_restarts_in_place(self):
        ms = [member("c-0", "standby_leader", True), member("c-1")]
        self.assertEqual(self.step(ms), ("restart", "c-0"))


class FakeCluster:
    """Members with settings and pending restarts; Patroni's REST API and psql answered from them."""

    def __init__(self, live, settings, names=("c-0", "c-1", "c-2"), leader="c-0", standby=False, pending_on_patch=(),
                 controldata=False):
        self.config = json.loads(json.dumps(live))
        self.ips = {n: "10.0.0.%d" % (i + 1) for i, n in enumerate(names)}
        self.by_ip = {ip: n for n, ip in self.ips.items()}
        self.leader = leader
        self.standby = standby
        self.pending = set()
        self.pending_on_patch = set(pending_on_patch)
        self.settings = {n: dict(settings) for n in names}
        self.loaded = {n: 0 for n in names}
        self.started = {n: 0 for n in names}
        self.calls = []
        self.major = 18
        # Patroni on a replica keeps a replica minimum at the primary's value (pg_controldata) until the replica
        # replays the primary's lower one: only then is its restart pending.
        self.controldata = controldata
        self.leader_restarted = False

    def role(self, name):
        if name == self.leader:
            return "standby_leader" if self.standby else "leader"
        return "replica"

    def members(self):
        # stale_cluster: the DCS keeps a member's pending restart after it happened (Patroni publishes its status
        # once a loop); only the member's own GET /patroni is current.
        self.ever_pending = getattr(self, "ever_pending", set()) | self.pending
        shown = self.ever_pending if getattr(self, "stale_cluster", False) else self.pending
        return [{"name": n, "role": self.role(n), "state": "running" if n == self.leader else "streaming",
                 "pending_restart": n in shown, **({} if n == self.leader else {"lag": getattr(self, "lag", 0)})}
                for n in sorted(self.ips)]

    def to_setting(self, name, key, value):
        """pg_settings' form of a value: memory in the setting's kB unit, anything else as written."""
        value = str(value)
        if self.settings[name][key][1] == "kB" and value.endswith("MB"):
            return str(int(value[:-2]) * 1024)
        return value

    def apply(self, name):
        """The member's Patroni applies the DCS parameters: reloadable ones at once, the others pending a restart."""
        params = (self.config.get("postgresql") or {}).get("parameters") or {}
        changed = False
        for key, value in params.items():
            if key in self.settings[name] and self.settings[name][key][0] != self.to_setting(name, key, value):
                lower = float(self.to_setting(name, key, value)) < float(self.settings[name][key][0]) if key in dc.REPLICA_MINIMUMS else False
                if self.controldata and lower and name != self.leader and not self.leader_restarted:
                    continue
                if key in self.pending_on_patch:
                    self.pending.add(name)
                else:
                    self.settings[name][key] = (self.to_setting(name, key, value),) + self.settings[name][key][1:]
                changed = True
        if changed:
            self.loaded[name] += 1

    def restart(self, name):
        if name == self.leader:
            self.leader_restarted = True
            # The replicas replay the primary's new value, and their Patroni sees the restart pending (later).
            self.replay_later = [n for n in self.ips if n != name]
        params = (self.config.get("postgresql") or {}).get("parameters") or {}
        for key, value in params.items():
            if key in self.settings[name]:
                self.settings[name][key] = (self.to_setting(name, key, value),) + self.settings[name][key][1:]
        self.pending.discard(name)
        self.started[name] += 1

    def patroni(self, ip, path, method="GET", body=None, timeout=30):
        name = self.by_ip[ip]
        if path == "/cluster":
            later = getattr(self, "replay_later", [])
            if later and self.controldata:
                # One answer after the restart Patroni's loop on the replicas notices.
                if getattr(self, "replay_polls", 0) >= 2:
                    for n in later:
                        self.apply(n)
                    self.replay_later = []
                self.replay_polls = getattr(self, "replay_polls", 0) + 1
            return 200, {"members": self.members()}
        if path == "/config" and method == "GET":
            return 200, json.loads(json.dumps(self.config))
        if path == "/config" and method == "PATCH":
            self.calls.append(("patch", name, body))
            self.config = merge(self.config, body)
            if "standby_cluster" in body and body["standby_cluster"] is None:
                self.standby = False
            for n in self.ips:
                self.apply(n)
            return 200, self.config
        if path == "/patroni":
            return 200, {"pending_restart": name in self.pending}
        if path == "/restart":
            self.calls.append(("restart", name))
            if name not in self.pending:
                return 503, "restart conditions are not satisfied"
            self.restart(name)
            return 200, "restarted successfully"
        if path == "/switchover":
            self.calls.append(("switchover", body["leader"], body.get("candidate")))
            old = self.leader
            # Without a candidate Patroni picks the synchronous standby (here: the first other member).
            self.leader = body.get("candidate") or [n for n in sorted(self.ips) if n != old][0]
            # The old primary restarts as a replica: it picks up pending settings.
            self.restart(old)
            return 200, "Successfully switched over"
        raise AssertionError("unexpected %s %s" % (method, path))

    def pod_exec(self, cluster, pod, argv, echo=False, timeout=600, stdout_only=False):
        """Spilo's image as root; its upgrade script moves every member to the pods' PGVERSION (or fails)."""
        self.calls.append(("exec", pod, tuple(argv)))
        if argv[-1] == "/usr/bin/id -u":
            return 0, "0\n"
        if "inplace_upgrade.py" in argv[-1]:
            if getattr(self, "stream_lost", False):
                raise dc.ExecLost("exec into %s: the stream ended without an exit status" % pod)
            if getattr(self, "upgrade_fails", None):
                return 1, "inplace_upgrade ERROR: " + self.upgrade_fails
            self.major = int(os.environ["PGVERSION"])
            return 0, "upgraded"
        if argv[-1] == "tail -n 1 last_upgrade.log":
            return 0, "2026-12-06 10:00:00 inplace_upgrade ERROR: %s\n" % self.upgrade_fails
        raise AssertionError("unexpected exec %s" % (argv,))

    def label_members(self, cluster, pods, value):
        self.calls.append(("label", tuple(pods), value))
        for pod in pods:
            self.labels = getattr(self, "labels", {})
            self.labels[pod] = value

    def member_pods(self):
        labels = getattr(self, "labels", {})
        return [{"metadata": {"name": n, "labels": {"critical-operation": labels[n]} if labels.get(n) else {}}} for n in sorted(self.ips)]

    def psql(self, ip, query):
        name = self.by_ip[ip]
        if "pg_conf_load_time" in query:
            return [[str(self.loaded[name]), str(self.started[name])]]
        if "server_version_num" in query:
            return [[str(self.major)]]
        rows = []
        for key, (setting, unit, vartype) in self.settings[name].items():
            if "'%s'" % key.lower() in query:
                rows.append([key, setting, unit, vartype, "t" if name in self.pending and key in self.pending_on_patch else "f"])
        return rows


def merge(doc, patch):
    out = dict(doc)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


class MainTest(unittest.TestCase):
    def run_main(self, fake, desired, keep=(), managed=MANAGED, version="18", env=None):
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "dcs-spec-%d.json" % id(fake))
        with open(path, "w") as f:
            json.dump(spec(desired, keep, managed), f)
        saved = (dc.patroni, dc.psql, dc.Cluster, dc.time.sleep, dc.log, dict(os.environ), dc.pod_exec, dc.label_members)
        logs = []

        class Cluster:
            def __init__(self, env):
                self.name, self.timeout, self.upgrade_timeout = "c", 2, 5

            def settled(self):
                return dict(fake.ips)

            def member_pods(self):
                return fake.member_pods()

            def member_versions(self):
                return {n: getattr(fake, "pod_versions", {}).get(n, os.environ["PGVERSION"]) for n in fake.ips}

        dc.patroni, dc.psql, dc.Cluster = fake.patroni, fake.psql, Cluster
        dc.pod_exec, dc.label_members = fake.pod_exec, fake.label_members
        dc.time.sleep = lambda s: None
        dc.log = logs.append
        os.environ.update({"DESIRED_CONFIGURATION": path, "PGVERSION": version}, **(env or {}))
        try:
            dc.main()
        finally:
            dc.patroni, dc.psql, dc.Cluster, dc.time.sleep, dc.log = saved[:5]
            dc.pod_exec, dc.label_members = saved[6:]
            os.environ.clear()
            os.environ.update(saved[5])
            os.remove(path)
        return logs

    def settings(self, **extra):
        s = {"work_mem": ("4096", "kB", "integer"), "max_connections": ("100", "", "integer"),
             "log_statement": ("ddl", "", "enum")}
        s.update(extra)
        return s

    def live(self, **params):
        p = {"work_mem": "4MB", "max_connections": "100", "log_statement": "ddl"}
        p.update(params)
        return {"ttl": 30, "postgresql": {"parameters": p}}

    def test_a_reloadable_change_restarts_nothing(self):
        fake = FakeCluster(self.live(), self.settings())
        self.run_main(fake, {"ttl": 30, "postgresql": {"parameters": {"work_mem": "8MB", "max_connections": "100", "log_statement": "ddl"}}})
        self.assertEqual(fake.calls, [("patch", "c-0", {"postgresql": {"parameters": {"work_mem": "8MB"}}})])
        self.assertEqual(fake.settings["c-2"]["work_mem"][0], "8192")

    def test_nothing_to_do_sends_nothing(self):
        fake = FakeCluster(self.live(), self.settings())
        logs = self.run_main(fake, self.live())
        self.assertEqual(fake.calls, [])
        self.assertIn("the live configuration already is git's", logs)

    def test_raising_max_connections_restarts_replicas_then_one_switchover(self):
        fake = FakeCluster(self.live(), self.settings(), pending_on_patch=["max_connections"])
        self.run_main(fake, self.live(max_connections="200"))
        self.assertEqual([c for c in fake.calls if c[0] != "patch"],
                         [("restart", "c-2"), ("restart", "c-1"), ("switchover", "c-0", "c-2")])
        self.assertEqual({n: s["max_connections"][0] for n, s in fake.settings.items()}, {"c-0": "200", "c-1": "200", "c-2": "200"})
        self.assertEqual(fake.pending, set())

    def test_a_stale_pending_restart_in_the_dcs_restarts_nobody_twice(self):
        fake = FakeCluster(self.live(), self.settings(), pending_on_patch=["max_connections"])
        fake.stale_cluster = True
        self.run_main(fake, self.live(max_connections="200"))
        self.assertEqual([c for c in fake.calls if c[0] != "patch"],
                         [("restart", "c-2"), ("restart", "c-1"), ("switchover", "c-0", "c-2")])

    def test_lowering_max_connections_restarts_the_primary_first_without_switchover(self):
        fake = FakeCluster(self.live(max_connections="200"), self.settings(max_connections=("200", "", "integer")),
                           pending_on_patch=["max_connections"])
        self.run_main(fake, self.live(max_connections="100"))
        self.assertEqual([c for c in fake.calls if c[0] != "patch"], [("restart", "c-0"), ("restart", "c-2"), ("restart", "c-1")])

    def test_lowered_minimum_waits_for_replicas_to_replay_before_restarting_them(self):
        fake = FakeCluster(self.live(max_connections="200"), self.settings(max_connections=("200", "", "integer")),
                           pending_on_patch=["max_connections"], controldata=True)
        self.run_main(fake, self.live(max_connections="100"))
        self.assertEqual([c for c in fake.calls if c[0] != "patch"], [("restart", "c-0"), ("restart", "c-2"), ("restart", "c-1")])
        self.assertEqual({n: s["max_connections"][0] for n, s in fake.settings.items()}, {"c-0": "100", "c-1": "100", "c-2": "100"})

    def test_a_replica_that_stays_pending_fails_after_two_restarts_naming_it(self):
        fake = FakeCluster(self.live(), self.settings(), pending_on_patch=["max_connections"])
        real_restart = fake.restart
        fake.restart = lambda name: None if name == "c-2" else real_restart(name)  # c-2 never leaves its pending state
        with self.assertRaises(dc.Failure) as err:
            self.run_main(fake, self.live(max_connections="200"))
        self.assertIn("c-2 still reports a pending restart after two restarts", str(err.exception))
        self.assertEqual([c for c in fake.calls if c[0] == "restart"], [("restart", "c-2"), ("restart", "c-2")])

    def test_synchronous_mode_without_a_synchronous_standby_lets_patroni_pick(self):
        live = dict(self.live(), synchronous_mode=True)
        fake = FakeCluster(live, self.settings(), names=("c-0", "c-1"), pending_on_patch=["max_connections"])
        desired = dict(self.live(max_connections="200"), synchronous_mode=True)
        self.run_main(fake, desired)
        self.assertIn(("switchover", "c-0", None), fake.calls)

    def test_removing_standby_cluster_promotes(self):
        live = dict(self.live(), standby_cluster={"host": "src", "port": 5432})
        fake = FakeCluster(live, self.settings(), standby=True)
        logs = self.run_main(fake, self.live())
        self.assertEqual(fake.calls, [("patch", "c-0", {"standby_cluster": None})])
        self.assertIn("promoted: the cluster is no longer a standby", logs)
        self.assertEqual(fake.role("c-0"), "leader")

    def test_only_the_changed_parameters_are_checked_at_the_end(self):
        # wal_level shows as replica for Spilo's hot_standby: unchanged, it is not compared.
        fake = FakeCluster(dict(self.live(), postgresql={"parameters": dict(self.live()["postgresql"]["parameters"], wal_level="hot_standby")}),
                           self.settings(wal_level=("replica", "", "enum")))
        desired = self.live(work_mem="8MB")
        desired["postgresql"]["parameters"]["wal_level"] = "hot_standby"
        logs = self.run_main(fake, desired)
        self.assertTrue(any("parameters checked" in line for line in logs), logs)

    def test_hot_standby_is_patronis_and_not_compared(self):
        # A primary made by a point-in-time clone may show hot_standby off (pending a restart) after its recovery.
        fake = FakeCluster(dict(self.live(), postgresql={"parameters": dict(self.live()["postgresql"]["parameters"], hot_standby="on")}),
                           self.settings(hot_standby=("off", "", "bool")), names=("c-0",))
        desired = self.live()
        desired["postgresql"]["parameters"]["hot_standby"] = "on"
        self.run_main(fake, desired)

    def test_a_member_that_never_gets_the_value_fails_naming_it(self):
        fake = FakeCluster(self.live(), self.settings())
        fake.apply = lambda name: None  # Patroni never applies anything
        with self.assertRaises(dc.Failure) as err:
            self.run_main(fake, self.live(work_mem="8MB"))
        self.assertEqual(err.exception.exit_code, 1)
        self.assertIn("c-0: PostgreSQL has not reloaded: work_mem=4096kB (want 8MB)", str(err.exception))

    def test_a_major_version_git_raised_is_refused_before_anything_is_sent(self):
        fake = FakeCluster(self.live(), self.settings())
        fake.major = 17
        with self.assertRaises(dc.Refusal) as err:
            self.run_main(fake, self.live(work_mem="8MB"))
        self.assertIn("runs PostgreSQL 17, git says 18", str(err.exception))
        self.assertEqual(err.exception.exit_code, 3)
        self.assertEqual(fake.calls, [])

    def test_a_major_version_git_lowered_fails(self):
        fake = FakeCluster(self.live(), self.settings())
        with self.assertRaises(dc.Refusal) as err:
            self.run_main(fake, self.live(), version="17")
        self.assertIn("a major version cannot go down", str(err.exception))

    def test_single_member_restarts_in_place(self):
        fake = FakeCluster(self.live(), self.settings(), names=("c-0",), pending_on_patch=["max_connections"])
        self.run_main(fake, self.live(max_connections="300"))
        self.assertEqual([c for c in fake.calls if c[0] != "patch"], [("restart", "c-0")])


if __name__ == "__main__":
    unittest.main()
