"""Unit tests for archive, clone, standby, log shipping and cron settings (wal_e, log_shipping, cron)."""
import datetime
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cron  # noqa: E402
import log_shipping  # noqa: E402
import wal_e  # noqa: E402

# backups-and-logs' ledger-db and payments-db (dist/examples), with kubelet's values filled in.
LEDGER = {"SCOPE": "ledger-db", "POD_NAMESPACE": "payments", "PGVERSION": "18", "WAL_S3_BUCKET": "ledger-wal",
          "WAL_BUCKET_SCOPE_SUFFIX": "", "WAL_BUCKET_SCOPE_PREFIX": "", "USE_WALG_BACKUP": "true",
          "USE_WALG_RESTORE": "true", "BACKUP_SCHEDULE": "0 3 * * *", "BACKUP_NUM_TO_RETAIN": "14",
          "AWS_REGION": "us-east-1", "AWS_ENDPOINT": "https://minio.storage.svc:9000",
          "AWS_ACCESS_KEY_ID": "AKIA1", "AWS_SECRET_ACCESS_KEY": "s3cret", "PGDATA": "/home/postgres/pgdata/pgroot/data"}
PAYMENTS = {"SCOPE": "payments-db", "POD_NAMESPACE": "payments", "PGVERSION": "17", "WAL_S3_BUCKET": "acme-pg-wal",
            "WAL_BUCKET_SCOPE_SUFFIX": "/efd12e58-5786-11e8-b5a7-06148230260c", "WAL_BUCKET_SCOPE_PREFIX": "",
            "USE_WALG_BACKUP": "true", "USE_WALG_RESTORE": "true", "BACKUP_SCHEDULE": "0 2 * * *",
            "WALG_COMPRESSION_METHOD": "zstd", "AWS_REGION": "eu-central-1",
            "LOG_S3_BUCKET": "acme-pg-logs", "LOG_BUCKET_SCOPE_SUFFIX": "/efd12e58-5786-11e8-b5a7-06148230260c",
            "LOG_BUCKET_SCOPE_PREFIX": "", "LOG_S3_TAGS": '{"data-class":"LOG_S3_TAG_DATA_CLASS","team":"LOG_S3_TAG_TEAM"}',
            "LOG_S3_TAG_DATA_CLASS": "restricted", "LOG_S3_TAG_TEAM": "payments", "LOG_SHIP_HOURLY": "true"}


class Archive(unittest.TestCase):
    def test_operator_prefix_and_static_keys(self):
        plan = wal_e.plan(LEDGER, "18", cpus=2)
        env = plan["envdirs"]["/run/etc/wal-e.d/env"]
        self.assertEqual(env["WALG_S3_PREFIX"], "s3://ledger-wal/spilo/ledger-db/wal/18")
        self.assertEqual(env["WALE_S3_ENDPOINT"], "https+path://minio.storage.svc:9000")
        self.assertEqual((env["AWS_S3_FORCE_PATH_STYLE"], env["WALG_DISABLE_S3_SSE"]), ("true", "true"))
        self.assertNotIn("WALG_S3_SSE", env)
        self.assertEqual((env["AWS_ACCESS_KEY_ID"], env["BACKUP_NUM_TO_RETAIN"]), ("AKIA1", "14"))
        self.assertNotIn("AWS_INSTANCE_PROFILE", env)
        pg = plan["config"]["postgresql"]
        self.assertEqual(pg["parameters"]["archive_command"], 'envdir "/run/etc/wal-e.d/env" wal-g wal-push "%p"')
        self.assertIn("/scripts/restore_command.sh", pg["recovery_conf"]["restore_command"])
        self.assertEqual(pg["create_replica_method"], ["wal_e", "basebackup_fast_xlog"])
        self.assertEqual(plan["crontab"], ['0 3 * * * envdir "/run/etc/wal-e.d/env" /scripts/postgres_backup.sh '
                                           '"/home/postgres/pgdata/pgroot/data"'])

    def test_uid_suffix_sse_and_compression(self):
        env = wal_e.plan(PAYMENTS, "17")["envdirs"]["/run/etc/wal-e.d/env"]
        self.assertEqual(env["WALG_S3_PREFIX"], "s3://acme-pg-wal/spilo/payments-db/efd12e58-5786-11e8-b5a7-06148230260c/wal/17")
        self.assertEqual((env["WALG_S3_SSE"], env["AWS_INSTANCE_PROFILE"]), ("AES256", "true"))
        self.assertEqual(env["WALG_COMPRESSION_METHOD"], "zstd")

    def test_namespace_prefix_when_unset(self):
        env = dict(LEDGER)
        del env["WAL_BUCKET_SCOPE_PREFIX"]
        self.assertEqual(wal_e.s3_target(env, version="18"), "s3://ledger-wal/spilo/payments-ledger-db/wal/18")

    def test_no_target_keeps_bin_true(self):
        plan = wal_e.plan({"SCOPE": "x"}, "18")
        self.assertEqual((plan["envdirs"], plan["crontab"], plan["config"]["postgresql"]), ({}, [], {}))

    def test_gcs_is_refused(self):
        with self.assertRaisesRegex(ValueError, "only S3"):
            wal_e.plan({"SCOPE": "x", "WAL_GS_BUCKET": "b"}, "18")


class Clone(unittest.TestCase):
    def test_clone_with_wale(self):
        env = {"SCOPE": "restore", "CLONE_SCOPE": "src", "CLONE_METHOD": "CLONE_WITH_WALE", "CLONE_WAL_S3_BUCKET": "b",
               "CLONE_WAL_BUCKET_SCOPE_SUFFIX": "/uid-1", "CLONE_WAL_BUCKET_SCOPE_PREFIX": "",
               "CLONE_TARGET_TIME": "2026-12-05T10:00:00+00:00", "CLONE_AWS_ENDPOINT": "http://s3.storage.svc:9000",
               "CLONE_AWS_ACCESS_KEY_ID": "k", "CLONE_AWS_SECRET_ACCESS_KEY": "s"}
        plan = wal_e.plan(env, "18")
        clone = plan["envdirs"]["/run/etc/wal-e.d/env-clone-src"]
        self.assertEqual(clone["WALG_S3_PREFIX"], "s3://b/spilo/src/uid-1/wal/")
        self.assertEqual(clone["AWS_ENDPOINT"], "http://s3.storage.svc:9000")
        boot = plan["config"]["bootstrap"]
        self.assertEqual(boot["method"], "clone_with_wale")
        rc = boot["clone_with_wale"]["recovery_conf"]
        self.assertEqual((rc["recovery_target_time"], rc["recovery_target_action"], rc["recovery_target_timeline"],
                          rc["recovery_target_inclusive"]), ("2026-12-05T10:00:00+00:00", "promote", "latest", True))
        self.assertIn("env-clone-src", rc["restore_command"])

    def test_clone_with_basebackup(self):
        env = {"SCOPE": "copy", "CLONE_SCOPE": "src", "CLONE_METHOD": "CLONE_WITH_BASEBACKUP", "CLONE_HOST": "src",
               "CLONE_USER": "standby", "CLONE_PASSWORD": "pw"}
        plan = wal_e.plan(env, "18")
        self.assertEqual(plan["pgpass"], ("/home/postgres/.pgpass_src", "src:5432:*:standby:pw"))
        self.assertIn("--host=src --port=5432", plan["config"]["bootstrap"]["clone_with_basebackup"]["command"])
        del env["CLONE_PASSWORD"]
        with self.assertRaisesRegex(ValueError, "CLONE_PASSWORD"):
            wal_e.plan(env, "18")

    def test_standby_from_archive_and_primary(self):
        env = {"SCOPE": "dr", "STANDBY_HOST": "src.ns.svc", "STANDBY_PORT": "5432",
               "STANDBY_WALE_S3_PREFIX": "s3://b/spilo/src/uid/wal/18", "STANDBY_AWS_REGION": "eu-west-1"}
        plan = wal_e.plan(env, "18")
        standby = plan["config"]["bootstrap"]["dcs"]["standby_cluster"]
        self.assertEqual((standby["host"], standby["port"]), ("src.ns.svc", "5432"))
        self.assertEqual(standby["create_replica_methods"], ["bootstrap_standby_with_wale", "basebackup_fast_xlog"])
        self.assertEqual(plan["envdirs"]["/run/etc/wal-e.d/env-standby-"]["WALG_S3_PREFIX"], "s3://b/spilo/src/uid/wal/18")
        self.assertIn("wale_restore.sh", plan["config"]["postgresql"]["bootstrap_standby_with_wale"]["command"])


class LogShipping(unittest.TestCase):
    def test_hourly_key_tags_and_schedule(self):
        plan = log_shipping.plan(PAYMENTS, "payments-db-0")
        path, env = plan["envdir"]
        self.assertEqual(path, "/run/etc/log.d/env")
        self.assertEqual(env["LOG_S3_KEY"], "spilo/payments-db/efd12e58-5786-11e8-b5a7-06148230260c/log/payments-db-0/")
        self.assertEqual(env["LOG_S3_TAGS"], "data-class=restricted&team=payments")
        self.assertEqual(env["LOG_AWS_REGION"], "eu-central-1")
        self.assertTrue(plan["crontab"][0].startswith('1 */1 * * * nice -n 5 envdir "/run/etc/log.d/env" '))

    def test_disabled_without_bucket(self):
        self.assertIsNone(log_shipping.plan({"SCOPE": "x"}, "x-0"))


class Cron(unittest.TestCase):
    def at(self, text):
        return datetime.datetime.fromisoformat(text)

    def test_fields(self):
        job = cron.parse("0 2 * * * backup")
        self.assertTrue(cron.due(job, self.at("2026-12-05T02:00")))
        self.assertFalse(cron.due(job, self.at("2026-12-05T02:01")))
        hourly = cron.parse("1 */1 * * * upload")
        self.assertTrue(all(cron.due(hourly, self.at("2026-12-05T%02d:01" % h)) for h in range(24)))
        steps = cron.parse("*/15 8-10 * * 1-5 x")
        self.assertTrue(cron.due(steps, self.at("2026-12-07T09:45")))   # a Monday
        self.assertFalse(cron.due(steps, self.at("2026-12-06T09:45")))  # a Sunday

    def test_day_of_month_or_week(self):
        job = cron.parse("0 0 1 * 0 x")  # the 1st, or any Sunday
        self.assertTrue(cron.due(job, self.at("2026-12-06T00:00")))
        self.assertTrue(cron.due(job, self.at("2026-12-01T00:00")))
        self.assertFalse(cron.due(job, self.at("2026-12-02T00:00")))
        self.assertTrue(cron.due(cron.parse("0 0 * * 7 x"), self.at("2026-12-06T00:00")))

    def test_bad_lines(self):
        for line in ("61 * * * * x", "* * * *", "0 25 * * * x"):
            with self.assertRaises(ValueError):
                cron.parse(line)


if __name__ == "__main__":
    unittest.main()
