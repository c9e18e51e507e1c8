"""Unit tests for the WAL-G stand-in's layout and deletion rules, on an in-memory store (no boto3 needed)."""
import contextlib
import datetime
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import walg  # noqa: E402

T0 = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)


class MemoryStore:
    def __init__(self):
        self.objects = {}
        self.clock = T0

    def put(self, key, data):
        self.objects[key] = (data, self.clock)
        self.clock += datetime.timedelta(minutes=1)

    def get(self, key):
        return self.objects.get(key, (None,))[0]

    def list(self, prefix):
        return [(k, m, len(d)) for k, (d, m) in sorted(self.objects.items()) if k.startswith(prefix)]

    def delete(self, keys):
        for k in keys:
            del self.objects[k]


def fake_backup(store, segment):
    name = "base_" + segment
    store.put("%s%s/tar_partitions/part_1.tar.lzma" % (walg.BACKUPS, name), b"x")
    store.put(walg.BACKUPS + name + walg.SENTINEL, json.dumps({"FinishTime": "t"}).encode())
    return name


class Layout(unittest.TestCase):
    def test_wal_push_and_fetch_round_trip(self):
        store = MemoryStore()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "000000010000000000000003")
            with open(path, "wb") as f:
                f.write(b"wal bytes")
            with contextlib.redirect_stderr(io.StringIO()):
                walg.main(["wal-push", path], {"WALG_COMPRESSION_METHOD": "lzma"}, store)
                self.assertEqual(list(store.objects), ["wal_005/000000010000000000000003.lzma"])
                walg.main(["wal-fetch", "000000010000000000000003", os.path.join(d, "out")], {}, store)
                with open(os.path.join(d, "out"), "rb") as f:
                    self.assertEqual(f.read(), b"wal bytes")
                with self.assertRaises(SystemExit) as missing:
                    walg.main(["wal-fetch", "000000010000000000000004", os.path.join(d, "x")], {}, store)
            self.assertEqual(missing.exception.code, 74)

    def test_unknown_compression_is_refused(self):
        with self.assertRaisesRegex(walg.Failure, "brotli"):
            walg.method({"WALG_COMPRESSION_METHOD": "brotli"})

    def test_only_backups_with_a_sentinel_count(self):
        store = MemoryStore()
        store.put(walg.BACKUPS + "base_000000010000000000000002/tar_partitions/part_1.tar.lz4", b"half")
        done = fake_backup(store, "000000010000000000000004")
        self.assertEqual([b["name"] for b in walg.backups(store)], [done])


class Delete(unittest.TestCase):
    def test_delete_before_removes_older_backups_and_their_wal(self):
        store = MemoryStore()
        for seg in range(1, 9):
            store.put("wal_005/0000000100000000000000%02X.lz4" % seg, b"w")
        store.put("wal_005/00000002.history.lz4", b"h")
        a = fake_backup(store, "000000010000000000000002")
        b = fake_backup(store, "000000010000000000000005")
        c = fake_backup(store, "000000010000000000000007")
        with contextlib.redirect_stderr(io.StringIO()):
            walg.main(["delete", "before", "FIND_FULL", b], {}, store)  # a dry run
            self.assertEqual(len(walg.backups(store)), 3)
            walg.main(["delete", "before", "FIND_FULL", b, "--confirm"], {}, store)
        self.assertEqual([x["name"] for x in walg.backups(store)], [b, c])
        self.assertFalse(any(k.startswith(walg.BACKUPS + a) for k in store.objects))
        wal = sorted(k for k in store.objects if k.startswith("wal_005/"))
        # History files stay; segments from the kept backup's first one on stay.
        self.assertEqual(wal, ["wal_005/0000000100000000000000%02X.lz4" % s for s in range(5, 9)]
                         + ["wal_005/00000002.history.lz4"])

    def test_retain_keeps_the_newest(self):
        store = MemoryStore()
        names = [fake_backup(store, "0000000100000000000000%02X" % s) for s in (2, 4, 6)]
        with contextlib.redirect_stderr(io.StringIO()):
            walg.main(["delete", "retain", "FULL", "2", "--confirm"], {}, store)
        self.assertEqual([x["name"] for x in walg.backups(store)], names[1:])


if __name__ == "__main__":
    unittest.main()
