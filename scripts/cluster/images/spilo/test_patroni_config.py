"""Unit tests for the config building: python3 -m unittest discover scripts/cluster/images/spilo"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import credentials  # noqa: E402
import dcs  # noqa: E402
import memory  # noqa: E402
import patroni_config  # noqa: E402
import pg_hba  # noqa: E402

# The env of the minimal example's StatefulSet (dist/examples/minimal), kubelet values filled in.
MINIMAL = {
    "SCOPE": "acid-minimal-cluster", "PGROOT": "/home/postgres/pgdata/pgroot", "POD_IP": "10.0.0.7",
    "POD_NAMESPACE": "minimal", "PGUSER_SUPERUSER": "postgres", "KUBERNETES_SCOPE_LABEL": "cluster-name",
    "KUBERNETES_ROLE_LABEL": "spilo-role", "PGPASSWORD_SUPERUSER": "su-secret", "PGUSER_STANDBY": "standby",
    "PGPASSWORD_STANDBY": "repl-secret",
    "PAM_OAUTH2": "https://info.example.com/oauth2/tokeninfo?access_token= uid realm=/employees",
    "HUMAN_ROLE": "zalandos", "PGVERSION": "18", "KUBERNETES_LABELS": '{"application":"spilo"}',
    "SPILO_CONFIGURATION": '{"postgresql":{},"bootstrap":{"initdb":[{"auth-host":"scram-sha-256"},'
                           '{"auth-local":"trust"}],"dcs":{"failsafe_mode":false}}}',
    "DCS_ENABLE_KUBERNETES_API": "true", "KUBERNETES_BOOTSTRAP_LABELS": '{"critical-operation":"true"}',
    "KUBERNETES_USE_CONFIGMAPS": "true", "KUBERNETES_BYPASS_API_SERVICE": "false",
    "KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443",
    "KUBERNETES_PORT_443_TCP_ADDR": "10.96.0.1",
}


def build(env, mem_mib=500, data_version=None):
    user = patroni_config.user_config(env, json.loads)
    return patroni_config.build(env, "pod-0", mem_mib, user, data_version)


class MinimalExample(unittest.TestCase):
    def setUp(self):
        self.config = build(MINIMAL)

    def test_identity_and_addresses(self):
        c = self.config
        self.assertEqual((c["scope"], c["name"], c["namespace"]), ("acid-minimal-cluster", "pod-0", "minimal"))
        self.assertEqual(c["restapi"], {"listen": ":8008", "connect_address": "10.0.0.7:8008"})
        self.assertEqual(c["postgresql"]["listen"], "*:5432")
        self.assertEqual(c["postgresql"]["connect_address"], "10.0.0.7:5432")
        self.assertEqual(c["postgresql"]["data_dir"], "/home/postgres/pgdata/pgroot/data")

    def test_api_credentials_merged_as_kubelet_composes_them(self):
        # The library's SPILO_CONFIGURATION with Patroni REST API credentials, after kubelet's $(VAR) expansion
        # (src/spilo/patroni-api.ts): the document as a YAML merge key beside restapi.authentication.
        composed = "{<<: %s, restapi: {authentication: {username: \"patroni\", password: \"Ab3x9\"}}}" % MINIMAL["SPILO_CONFIGURATION"]
        import yaml
        user = patroni_config.user_config(dict(MINIMAL, SPILO_CONFIGURATION=composed), yaml.safe_load)
        c = patroni_config.build(MINIMAL, "pod-0", 500, user, None)
        self.assertEqual(c["restapi"], {"listen": ":8008", "connect_address": "10.0.0.7:8008",
                                        "authentication": {"username": "patroni", "password": "Ab3x9"}})
        self.assertEqual(c["bootstrap"]["dcs"]["failsafe_mode"], False)

    def test_kubernetes_configmaps_mode(self):
        k = self.config["kubernetes"]
        self.assertEqual(k["labels"], {"application": "spilo"})
        self.assertEqual((k["scope_label"], k["role_label"]), ("cluster-name", "spilo-role"))
        self.assertEqual((k["leader_label_value"], k["standby_leader_label_value"]), ("master", "master"))
        self.assertEqual(k["bootstrap_labels"], {"critical-operation": "true"})
        for absent in ("use_endpoints", "pod_ip", "ports", "bypass_api_service", "service_host", "use_configmaps"):
            self.assertNotIn(absent, k)

    def test_user_lists_replace_and_maps_merge(self):
        b = self.config["bootstrap"]
        self.assertEqual(b["initdb"], [{"auth-host": "scram-sha-256"}, {"auth-local": "trust"}])
        self.assertIs(b["dcs"]["failsafe_mode"], False)
        self.assertEqual(b["dcs"]["ttl"], 30)
        self.assertEqual(b["dcs"]["postgresql"]["parameters"]["wal_level"], "hot_standby")

    def test_credentials(self):
        auth = self.config["postgresql"]["authentication"]
        self.assertEqual(auth["superuser"], {"username": "postgres", "password": "su-secret"})
        self.assertEqual(auth["replication"], {"username": "standby", "password": "repl-secret"})
        self.assertNotIn("secret", json.dumps(credentials.redact(self.config)))

    def test_bin_dir_and_memory(self):
        pg = self.config["postgresql"]
        self.assertEqual(pg["bin_dir"], "/usr/lib/postgresql/18/bin")
        self.assertEqual(pg["parameters"]["shared_buffers"], "100MB")
        self.assertEqual(self.config["bootstrap"]["dcs"]["postgresql"]["parameters"]["max_connections"], 100)

    def test_ssl_and_callbacks(self):
        pg = self.config["postgresql"]
        self.assertEqual(pg["parameters"]["ssl"], "on")
        self.assertEqual(pg["parameters"]["ssl_key_file"], "/run/certs/server.key")
        self.assertNotIn("ssl_ca_file", pg["parameters"])
        self.assertEqual(pg["callbacks"], {"on_role_change": '/scripts/on_role_change.sh "zalandos" true'})


class Rules(unittest.TestCase):
    def test_existing_data_pins_version(self):
        self.assertEqual(build(MINIMAL, data_version="17")["postgresql"]["bin_dir"], "/usr/lib/postgresql/17/bin")
        self.assertEqual(build(dict(MINIMAL, PGVERSION="17"))["postgresql"]["bin_dir"], "/usr/lib/postgresql/17/bin")

    def test_user_parameters_win_and_null_keeps_default(self):
        env = dict(MINIMAL, SPILO_CONFIGURATION=json.dumps({
            "postgresql": {"parameters": {"shared_buffers": "1GB", "log_destination": None}},
            "bootstrap": {"dcs": {"postgresql": {"parameters": {"max_connections": "400"}}}}}))
        c = build(env)
        self.assertEqual(c["postgresql"]["parameters"]["shared_buffers"], "1GB")
        self.assertEqual(c["postgresql"]["parameters"]["log_destination"], "csvlog")
        self.assertEqual(c["bootstrap"]["dcs"]["postgresql"]["parameters"]["max_connections"], "400")
        self.assertEqual(c["bootstrap"]["initdb"][2], "data-checksums")

    def test_non_mapping_configuration_is_refused(self):
        with self.assertRaises(ValueError):
            build(dict(MINIMAL, SPILO_CONFIGURATION="[1, 2]"))

    def test_endpoints_mode_and_bypass_default(self):
        env = {k: v for k, v in MINIMAL.items() if k not in ("KUBERNETES_USE_CONFIGMAPS", "KUBERNETES_BYPASS_API_SERVICE")}
        k = build(env)["kubernetes"]
        self.assertEqual((k["use_endpoints"], k["pod_ip"]), (True, "10.0.0.7"))
        self.assertEqual(k["ports"], [{"name": "postgresql", "port": 5432}])
        self.assertIs(k["bypass_api_service"], True)

    def test_no_kubernetes_dcs_without_service_host(self):
        env = {k: v for k, v in MINIMAL.items() if not k.startswith("KUBERNETES_SERVICE")}
        self.assertNotIn("kubernetes", build(env))

    def test_passthrough_and_bad_labels(self):
        env = dict(MINIMAL, KUBERNETES_FOLLOWER_LABEL_VALUE="replica", KUBERNETES_LABELS="{oops")
        k = build(env)["kubernetes"]
        self.assertEqual(k["follower_label_value"], "replica")
        self.assertEqual(k["labels"], dcs.DEFAULT_LABELS)

    def test_memory_numbers(self):
        self.assertEqual(memory.shared_buffers(4096, True), "819MB")
        self.assertEqual(memory.shared_buffers(4096, False), "1024MB")
        self.assertEqual([memory.max_connections(m) for m in (2048, 4096, 24576, 99999)], [100, 136, 819, 1000])
        self.assertEqual(memory.effective_limit_mib(["max\n", "524288000\n"], 8 << 30), 500)
        self.assertEqual(memory.effective_limit_mib(["max"], 1 << 30), 1024)


class PgHba(unittest.TestCase):
    def test_default(self):
        self.assertEqual(pg_hba.default_pg_hba({}), [
            "local all all trust", "host all all 127.0.0.1/32 md5", "host all all ::1/128 md5",
            "local replication standby trust", "hostssl replication standby all md5",
            "hostnossl all all all reject", "hostssl all all all md5"])

    def test_pam_and_nossl(self):
        hba = pg_hba.default_pg_hba({"PAM_OAUTH2": MINIMAL["PAM_OAUTH2"], "ALLOW_NOSSL": "x"})
        self.assertEqual(hba[1:3], ["hostssl all +zalandos 127.0.0.1/32 pam", "host all all 127.0.0.1/32 md5"])
        self.assertEqual(hba[-2:], ["hostssl all +zalandos all pam", "host all all all md5"])
        self.assertNotIn("hostnossl all all all reject", hba)
        self.assertFalse(pg_hba.pam_enabled({"PAM_OAUTH2": "http://x y"}))


if __name__ == "__main__":
    unittest.main()
