"""Unit tests for the SSL reload test (tls.reload_*, reload_ssl.py): when it is on, its crontab line, and that it
reloads exactly when a file changed, also when kubelet swaps a Secret volume's files through its `..data` link."""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cron  # noqa: E402
import reload_ssl  # noqa: E402
import tls  # noqa: E402

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reload_ssl.py")
# What our manifests set for `tls` (src/resolve/tls.ts): the files in the Secret mounted at /tls.
TLS_ENV = {"SSL_CERTIFICATE_FILE": "/tls/tls.crt", "SSL_PRIVATE_KEY_FILE": "/tls/tls.key", "SSL_CA_FILE": "/tls/ca.crt"}


class Enabled(unittest.TestCase):
    def test_default_follows_the_key_file_variable(self):
        self.assertTrue(tls.reload_enabled(TLS_ENV))
        self.assertTrue(tls.reload_enabled({"SSL_PRIVATE_KEY_FILE": ""}))
        # Without tls: Spilo's self-signed pair, nothing to reload.
        self.assertFalse(tls.reload_enabled({}))
        self.assertFalse(tls.reload_enabled({"SSL_CERTIFICATE_FILE": "/tls/tls.crt"}))

    def test_explicit_value_wins(self):
        self.assertFalse(tls.reload_enabled(dict(TLS_ENV, SSL_TEST_RELOAD="")))
        self.assertTrue(tls.reload_enabled({"SSL_TEST_RELOAD": "1"}))
        # Non-empty is on, whatever it says (Spilo's template truthiness).
        self.assertTrue(tls.reload_enabled(dict(TLS_ENV, SSL_TEST_RELOAD="false")))


class Crontab(unittest.TestCase):
    def test_line_every_five_minutes_over_the_configured_files(self):
        plan = tls.plan(TLS_ENV)
        [line] = tls.reload_crontab(TLS_ENV, plan, "/usr/lib/postgresql/17/bin", "/home/postgres/pgdata/pgroot/data")
        self.assertEqual(line, "*/5 * * * * /scripts/reload_ssl.py --state /run/certs/reload_ssl.sha256 "
                               "--pg-ctl /usr/lib/postgresql/17/bin/pg_ctl --pgdata /home/postgres/pgdata/pgroot/data "
                               "/tls/tls.crt /tls/tls.key /tls/ca.crt")
        (minutes, hours, _, _, _), _, _, _ = job = cron.parse(line)
        self.assertEqual(sorted(minutes), list(range(0, 60, 5)))
        self.assertEqual(len(hours), 24)
        self.assertTrue(all(cron.due(job, datetime.datetime(2026, 12, 6, h, m)) for h in (0, 13) for m in (0, 5, 55)))
        self.assertFalse(cron.due(job, datetime.datetime(2026, 12, 6, 13, 7)))

    def test_crl_and_quoting(self):
        env = dict(TLS_ENV, SSL_CRL_FILE="/tls/my crl.pem")
        [line] = tls.reload_crontab(env, tls.plan(env), "/bin", "/data")
        self.assertTrue(line.endswith("/tls/ca.crt '/tls/my crl.pem'"), line)

    def test_off_without_tls(self):
        self.assertEqual(tls.reload_crontab({}, tls.plan({}), "/bin", "/data"), [])


class Reload(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)
        self.state = os.path.join(self.dir, "state")
        self.calls = os.path.join(self.dir, "calls")
        # A pg_ctl stand-in: records its arguments, fails while the file "down" exists (PostgreSQL not running).
        self.pg_ctl = os.path.join(self.dir, "pg_ctl")
        with open(self.pg_ctl, "w") as f:
            f.write('#!/bin/sh\necho "$@" >> "%s"\nif [ -e "%s/down" ]; then echo "no server running"; exit 1; fi\n'
                    'echo "server signaled"\n' % (self.calls, self.dir))
        os.chmod(self.pg_ctl, 0o755)
        # A Secret volume as kubelet writes it: files behind ..data -> a timestamped directory.
        self.mount = os.path.join(self.dir, "tls")
        os.makedirs(self.mount)
        self.publish({"tls.crt": "cert 1", "tls.key": "key 1", "ca.crt": "ca"}, "..v1")
        for name in ("tls.crt", "tls.key", "ca.crt"):
            os.symlink(os.path.join("..data", name), os.path.join(self.mount, name))
        self.files = [os.path.join(self.mount, n) for n in ("tls.crt", "tls.key", "ca.crt")]

    def publish(self, contents, version):
        """kubelet's atomic update: a new directory, then ..data switched to it by a rename."""
        os.makedirs(os.path.join(self.mount, version))
        for name, text in contents.items():
            with open(os.path.join(self.mount, version, name), "w") as f:
                f.write(text)
        tmp = os.path.join(self.mount, "..data_tmp")
        os.symlink(version, tmp)
        os.replace(tmp, os.path.join(self.mount, "..data"))

    def run_script(self):
        r = subprocess.run([sys.executable, SCRIPT, "--state", self.state, "--pg-ctl", self.pg_ctl, "--pgdata", "/pgdata"]
                           + self.files, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        calls = []
        if os.path.exists(self.calls):
            with open(self.calls) as f:
                calls = f.read().splitlines()
            os.remove(self.calls)
        return r.returncode, r.stderr, calls

    def test_reloads_once_per_change(self):
        reload_ssl.write_state(self.state, reload_ssl.digest(self.files))  # launch.py, at the container start
        self.assertEqual(self.run_script(), (0, "", []))
        self.publish({"tls.crt": "cert 2", "tls.key": "key 2", "ca.crt": "ca"}, "..v2")
        code, err, calls = self.run_script()
        self.assertEqual((code, calls), (0, ["reload -D /pgdata"]))
        self.assertIn("reloaded: server signaled", err)
        self.assertEqual(self.run_script(), (0, "", []))

    def test_each_file_counts(self):
        reload_ssl.write_state(self.state, reload_ssl.digest(self.files))
        self.publish({"tls.crt": "cert 1", "tls.key": "key 1", "ca.crt": "new ca"}, "..v2")
        self.assertEqual(self.run_script()[2], ["reload -D /pgdata"])
        os.remove(os.path.join(self.mount, "..v2", "tls.key"))
        self.assertEqual(self.run_script()[2], ["reload -D /pgdata"])

    def test_failed_reload_is_tried_again(self):
        reload_ssl.write_state(self.state, reload_ssl.digest(self.files))
        self.publish({"tls.crt": "cert 2", "tls.key": "key 2", "ca.crt": "ca"}, "..v2")
        open(os.path.join(self.dir, "down"), "w").close()
        code, err, calls = self.run_script()
        self.assertEqual((code, calls), (1, ["reload -D /pgdata"]))
        self.assertIn("failed: no server running", err)
        os.remove(os.path.join(self.dir, "down"))
        code, _, calls = self.run_script()
        self.assertEqual((code, calls), (0, ["reload -D /pgdata"]))
        self.assertEqual(self.run_script(), (0, "", []))

    def test_without_state_reloads(self):
        self.assertEqual(self.run_script()[2], ["reload -D /pgdata"])
        self.assertTrue(os.path.exists(self.state))


if __name__ == "__main__":
    unittest.main()
