"""Unit tests of dump.py (stdlib only: a fake S3 client and a fake pg_dumpall; no boto3, no server)."""
import datetime
import gzip
import os
import stat
import tempfile
import unittest

import dump

UTC = datetime.timezone.utc


def setUpModule():
    dump.log = lambda message: None  # keep the test output (and the image build log) short


def pod(name, role, phase="Running", ip="10.0.0.1", deleting=False):
    meta = {"name": name, "labels": {"cluster-name": "acid-x", "spilo-role": role}}
    if deleting:
        meta["deletionTimestamp"] = "2026-01-01T00:00:00Z"
    return {"metadata": meta, "status": {"phase": phase, "podIP": ip}}


class FakeS3:
    def __init__(self, objects=None):
        self.objects = dict(objects or {})  # key -> (bytes, LastModified)
        self.deleted, self.extra = [], None

    def upload_fileobj(self, fileobj, bucket, key, ExtraArgs=None):
        data = b""
        while True:
            block = fileobj.read(7)
            if not block:
                break
            data += block
        self.extra = ExtraArgs
        self.objects[key] = (data, datetime.datetime.now(UTC))

    def delete_object(self, Bucket, Key):
        self.deleted.append(Key)
        self.objects.pop(Key, None)

    def get_paginator(self, name):
        assert name == "list_objects_v2"
        fake = self

        class Paginator:
            def paginate(self, Bucket, Prefix):
                keys = sorted(k for k in fake.objects if k.startswith(Prefix))
                for i in range(0, len(keys), 2):  # two per page: exercises paging
                    yield {"Contents": [{"Key": k, "LastModified": fake.objects[k][1]} for k in keys[i:i + 2]]}
        return Paginator()


class Config(unittest.TestCase):
    env = {"SCOPE": "acid-x", "LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX": "/1234-uid"}

    def test_key_layout(self):
        self.assertEqual(dump.backup_key(self.env, 1700000000.7), "spilo/acid-x/1234-uid/logical_backups/1700000000.sql.gz")
        env = dict(self.env, LOGICAL_BACKUP_S3_BUCKET_PREFIX="team", LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX="")
        self.assertEqual(dump.backup_prefix(env), "team/acid-x/logical_backups/")

    def test_provider(self):
        dump.check_provider({})
        dump.check_provider({"LOGICAL_BACKUP_PROVIDER": "s3"})
        for p in ("gcs", "az"):
            with self.assertRaises(dump.Failure) as e:
                dump.check_provider({"LOGICAL_BACKUP_PROVIDER": p})
            self.assertEqual(e.exception.code, dump.EXIT_CONFIG)
            self.assertIn(p, str(e.exception))

    def test_retention(self):
        now = datetime.datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
        self.assertIsNone(dump.retention_cutoff("", now))
        self.assertEqual(dump.retention_cutoff("30 days", now), now - datetime.timedelta(days=30))
        self.assertEqual(dump.retention_cutoff("1 day", now), now - datetime.timedelta(days=1))
        self.assertEqual(dump.retention_cutoff("1 week 2 days ago", now), now - datetime.timedelta(days=9))
        self.assertEqual(dump.retention_cutoff("12 hours", now), now - datetime.timedelta(hours=12))
        self.assertEqual(dump.retention_cutoff("1 month", now), datetime.datetime(2026, 2, 28, 12, 0, tzinfo=UTC))
        self.assertEqual(dump.retention_cutoff("3 months", now), datetime.datetime(2025, 12, 31, 12, 0, tzinfo=UTC))
        self.assertEqual(dump.retention_cutoff("1 year", now), datetime.datetime(2025, 3, 31, 12, 0, tzinfo=UTC))
        for bad in ("forever", "30", "3 fortnights and more", "2 eons"):
            with self.assertRaises(dump.Failure, msg=bad) as e:
                dump.retention_cutoff(bad, now)
            self.assertEqual(e.exception.code, dump.EXIT_CONFIG)

    def test_missing_pg_version(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "17", "bin"))
            with self.assertRaises(dump.Failure) as e:
                dump.pg_bin({"PG_VERSION": "16"}, root)
            self.assertEqual(e.exception.code, dump.EXIT_CONFIG)
            self.assertIn("PG_VERSION=16", str(e.exception))


class Pods(unittest.TestCase):
    def test_prefers_running_replica(self):
        pods = [pod("x-0", "master", ip="10.0.0.1"), pod("x-2", "replica", ip="10.0.0.3"),
                pod("x-1", "replica", ip="10.0.0.2")]
        self.assertEqual(dump.choose_pod(pods), ("x-1", "10.0.0.2"))

    def test_falls_back_to_master_or_primary(self):
        pods = [pod("x-1", "replica", phase="Pending"), pod("x-2", "replica", deleting=True), pod("x-0", "master")]
        self.assertEqual(dump.choose_pod(pods), ("x-0", "10.0.0.1"))
        self.assertEqual(dump.choose_pod([pod("x-0", "primary", ip="10.1.1.1")]), ("x-0", "10.1.1.1"))

    def test_none(self):
        self.assertIsNone(dump.choose_pod([]))
        self.assertIsNone(dump.choose_pod([pod("x-0", "master", ip="")]))

    def test_no_api_server(self):
        env = {"SCOPE": "acid-x", "CLUSTER_NAME_LABEL": "cluster-name", "POD_NAMESPACE": "ns"}
        with self.assertRaises(dump.Failure) as e:
            dump.find_host(env)
        self.assertEqual(e.exception.code, dump.EXIT_KUBERNETES)


class Run(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.bin = os.path.join(self.tmp.name, "18", "bin")
        os.makedirs(self.bin)
        self.env = {"SCOPE": "acid-x", "CLUSTER_NAME_LABEL": "cluster-name", "POD_NAMESPACE": "ns",
                    "PG_VERSION": "18", "PGHOST": "10.9.9.9", "PGPASSWORD": "very-secret",
                    "LOGICAL_BACKUP_S3_BUCKET": "backups", "LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX": "/uid",
                    "LOGICAL_BACKUP_S3_SSE": "AES256", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}

    def fake_dumpall(self, script):
        path = os.path.join(self.bin, "pg_dumpall")
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + script)
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)

    def test_dump_upload_retention(self):
        self.fake_dumpall('echo "-- dump of $PGHOST as $PGUSER"; echo "SELECT 1;"\n')
        now = 1_800_000_000
        old = datetime.datetime.fromtimestamp(now, UTC) - datetime.timedelta(days=31)
        recent = datetime.datetime.fromtimestamp(now, UTC) - datetime.timedelta(days=29)
        prefix = "spilo/acid-x/uid/logical_backups/"
        s3 = FakeS3({prefix + "1.sql.gz": (b"", old), prefix + "2.sql.gz": (b"", recent),
                     "spilo/acid-y/uid/logical_backups/3.sql.gz": (b"", old)})
        env = dict(self.env, PGUSER="postgres", LOGICAL_BACKUP_S3_RETENTION_TIME="30 days")
        dump.run(env, client_factory=lambda e: s3, pg_root=self.tmp.name, clock=lambda: now)
        key = f"{prefix}{now}.sql.gz"
        self.assertEqual(gzip.decompress(s3.objects[key][0]), b"-- dump of 10.9.9.9 as postgres\nSELECT 1;\n")
        self.assertEqual(s3.extra, {"ServerSideEncryption": "AES256"})
        self.assertEqual(s3.deleted, [prefix + "1.sql.gz"])
        self.assertIn(prefix + "2.sql.gz", s3.objects)
        self.assertIn("spilo/acid-y/uid/logical_backups/3.sql.gz", s3.objects)

    def test_failed_dump_removes_partial_object(self):
        self.fake_dumpall('echo "partial"; exit 3\n')
        s3 = FakeS3()
        env = dict(self.env, LOGICAL_BACKUP_S3_SSE="")
        with self.assertRaises(dump.Failure) as e:
            dump.run(env, client_factory=lambda e: s3, pg_root=self.tmp.name, clock=lambda: 5)
        self.assertEqual(e.exception.code, dump.EXIT_DUMP)
        self.assertEqual(s3.objects, {})
        self.assertEqual(s3.deleted, ["spilo/acid-x/uid/logical_backups/5.sql.gz"])
        self.assertNotIn("very-secret", str(e.exception))

    def test_failed_upload(self):
        self.fake_dumpall('echo "SELECT 1;"\n')

        class Broken(FakeS3):
            def upload_fileobj(self, *args, **kwargs):
                raise RuntimeError("connection refused")
        with self.assertRaises(dump.Failure) as e:
            dump.run(self.env, client_factory=lambda e: Broken(), pg_root=self.tmp.name)
        self.assertEqual(e.exception.code, dump.EXIT_UPLOAD)

    def test_missing_bucket(self):
        env = dict(self.env)
        del env["LOGICAL_BACKUP_S3_BUCKET"]
        with self.assertRaises(dump.Failure) as e:
            dump.run(env, client_factory=lambda e: FakeS3(), pg_root=self.tmp.name)
        self.assertEqual(e.exception.code, dump.EXIT_CONFIG)


if __name__ == "__main__":
    unittest.main()
