"""Unit tests of the dynamic configuration Job's in-place major upgrade (src/private/major-upgrade-script.ts): main()
against the simulated cluster of test_dynamic_configuration, the operator's checks and command, and the exec client
against a local WebSocket server speaking the API server's side of v4.channel.k8s.io.
"""
import json
import unittest

import dynamic_configuration as dc
import test_dynamic_configuration as tdc


class UpgradeMainTest(unittest.TestCase):
    run_main, settings, live = tdc.MainTest.run_main, tdc.MainTest.settings, tdc.MainTest.live

    def test_a_raised_major_version_is_upgraded_in_place_first(self):
        fake = tdc.FakeCluster(self.live(), self.settings())
        fake.major = 17
        logs = self.run_main(fake, self.live(work_mem="8MB"), env={"MAJOR_VERSION_UPGRADE": "manual"})
        command = "set -o pipefail && /usr/bin/python3 /scripts/inplace_upgrade.py 3 2>&1 | tee last_upgrade.log"
        self.assertEqual(fake.calls[:4], [
            ("label", ("c-0", "c-1", "c-2"), "true"),
            ("exec", "c-0", ("/bin/bash", "-c", "/usr/bin/id -u")),
            ("exec", "c-0", ("/bin/su", "postgres", "-c", command)),
            ("label", ("c-0", "c-1", "c-2"), None)])
        self.assertEqual(fake.calls[4], ("patch", "c-0", {"postgresql": {"parameters": {"work_mem": "8MB"}}}))
        self.assertTrue(any("upgraded c to PostgreSQL 18" in line for line in logs), logs)
        self.assertTrue(logs[-1].endswith("PostgreSQL 18"), logs[-1])

    def test_the_upgrade_runs_on_the_current_primary(self):
        fake = tdc.FakeCluster(self.live(), self.settings(), leader="c-1")
        fake.major = 16
        self.run_main(fake, self.live(), env={"MAJOR_VERSION_UPGRADE": "manual"})
        self.assertEqual({c[1] for c in fake.calls if c[0] == "exec"}, {"c-1"})

    def test_a_failed_upgrade_fails_at_once_with_spilos_last_line_and_removes_the_label(self):
        fake = tdc.FakeCluster(self.live(), self.settings())
        fake.major, fake.upgrade_fails = 17, "pg_upgrade --check failed, more details in the data_new/pg_upgrade_output.d"
        with self.assertRaises(dc.Refusal) as err:
            self.run_main(fake, self.live(work_mem="8MB"), env={"MAJOR_VERSION_UPGRADE": "manual"})
        self.assertEqual(err.exception.exit_code, 3)
        self.assertIn("failed on c-0 (exit code 1): 2026-12-06 10:00:00 inplace_upgrade ERROR: pg_upgrade --check failed", str(err.exception))
        self.assertEqual(fake.calls[-1], ("label", ("c-0", "c-1", "c-2"), None))
        self.assertNotIn("patch", [c[0] for c in fake.calls])

    def test_a_lost_exec_stream_stops_without_retry_and_keeps_the_label(self):
        fake = tdc.FakeCluster(self.live(), self.settings())
        fake.major, fake.stream_lost = 17, True
        with self.assertRaises(dc.Refusal) as err:
            self.run_main(fake, self.live(), env={"MAJOR_VERSION_UPGRADE": "manual"})
        self.assertIn("the upgrade's outcome is unknown", str(err.exception))
        # Spilo's script may still run: the members stay protected from eviction.
        self.assertEqual([c for c in fake.calls if c[0] == "label"], [("label", ("c-0", "c-1", "c-2"), "true")])

    def test_members_on_the_old_template_are_not_upgraded(self):
        fake = tdc.FakeCluster(self.live(), self.settings())
        fake.major, fake.pod_versions = 17, {"c-2": "17"}
        with self.assertRaises(dc.Refusal) as err:
            self.run_main(fake, self.live(), env={"MAJOR_VERSION_UPGRADE": "manual"})
        self.assertIn("c-2 still runs with PGVERSION other than 18", str(err.exception))
        self.assertEqual(fake.calls, [])

    def test_a_stale_critical_operation_label_is_removed_once_the_cluster_is_healthy(self):
        fake = tdc.FakeCluster(self.live(), self.settings())
        fake.labels = {"c-1": "true"}
        logs = self.run_main(fake, self.live(), env={"MAJOR_VERSION_UPGRADE": "manual"})
        self.assertEqual(fake.calls, [("label", ("c-1",), None)])
        self.assertIn("a stale critical-operation label on c-1: removing it", logs)
        # With upgrades off the Job may not patch pods: it leaves them alone.
        fake = tdc.FakeCluster(self.live(), self.settings())
        fake.labels = {"c-1": "true"}
        self.run_main(fake, self.live(), env={"MAJOR_VERSION_UPGRADE": "off"})
        self.assertEqual(fake.calls, [])

    def test_no_upgrade_while_a_replica_lags_more_than_16_mib(self):
        fake = tdc.FakeCluster(self.live(), self.settings())
        fake.major, fake.lag = 17, 16 * 1024 * 1024 + 1
        with self.assertRaises(dc.Failure) as err:
            self.run_main(fake, self.live(), env={"MAJOR_VERSION_UPGRADE": "manual"})
        self.assertEqual(err.exception.exit_code, 1)
        self.assertIn("c-1 lags 16777217 bytes behind the primary", str(err.exception))
        self.assertEqual(fake.calls, [])

    def test_mode_off_refuses_the_upgrade(self):
        fake = tdc.FakeCluster(self.live(), self.settings())
        fake.major = 17
        with self.assertRaises(dc.Refusal) as err:
            self.run_main(fake, self.live(), env={"MAJOR_VERSION_UPGRADE": "off"})
        self.assertIn("majorVersionUpgrade.mode is off", str(err.exception))
        self.assertEqual(fake.calls, [])

    def test_a_standby_cluster_is_not_upgraded(self):
        fake = tdc.FakeCluster(self.live(), self.settings(), standby=True)
        fake.major = 17
        with self.assertRaises(dc.Refusal) as err:
            self.run_main(fake, self.live(), env={"MAJOR_VERSION_UPGRADE": "manual"})
        self.assertIn("a standby is not upgraded in place", str(err.exception))
        self.assertEqual(fake.calls, [])


class UpgradeChecksTest(unittest.TestCase):
    def test_a_streaming_cluster_may_upgrade(self):
        ms = [{"name": "c-0", "role": "leader", "state": "running"}, {"name": "c-1", "role": "replica", "state": "streaming", "lag": 0}]
        self.assertEqual(dc.upgrade_blockers(ms, 2), [])

    def test_what_blocks_an_upgrade(self):
        ms = [{"name": "c-0", "role": "leader", "state": "running"},
              {"name": "c-1", "role": "replica", "state": "running", "lag": "unknown"},
              {"name": "c-2", "role": "sync_standby", "state": "streaming", "lag": 16 * 1024 * 1024}]
        self.assertEqual(dc.upgrade_blockers(ms, 4), [
            "3 of 4 members in Patroni", "c-1 is running, not streaming from the primary",
            "c-1 lags unknown bytes behind the primary (at most 16777216)"])
        self.assertEqual(dc.upgrade_blockers([{"name": "c-0", "role": "replica", "state": "streaming", "lag": 0}], 1), ["0 primaries"])

    def test_the_operators_command(self):
        command = "set -o pipefail && /usr/bin/python3 /scripts/inplace_upgrade.py 2 2>&1 | tee last_upgrade.log"
        self.assertEqual(dc.upgrade_argv("0\n", 2), ["/bin/su", "postgres", "-c", command])
        self.assertEqual(dc.upgrade_argv("101", 2), ["/bin/bash", "-c", command])

    def test_exit_status(self):
        self.assertEqual(dc.exec_status({"status": "Success"}), 0)
        self.assertEqual(dc.exec_status({"status": "Failure", "reason": "NonZeroExitCode",
                                         "details": {"causes": [{"reason": "ExitCode", "message": "7"}]}}), 7)
        self.assertIsNone(dc.exec_status({"status": "Failure", "reason": "InternalError", "message": "container not found"}))


class ExecTest(unittest.TestCase):
    """pod_exec against a local WebSocket server speaking the API server's side of v4.channel.k8s.io."""

    def serve(self, answer):
        import socket, threading
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        seen = {}

        def run():
            conn, _ = server.accept()
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(4096)
                seen["request"] = data.decode()
                answer(conn, seen)
            server.close()

        thread = threading.Thread(target=run)
        thread.start()

        class Cluster:
            ns, name, token, api_host = "ns", "c", "tok", "127.0.0.1"
            api_port = server.getsockname()[1]

            class ctx:
                @staticmethod
                def wrap_socket(sock, server_hostname=None):
                    return sock
        return Cluster, thread, seen

    @staticmethod
    def frame(opcode, payload, fin=True):
        return bytes([(0x80 if fin else 0) | opcode, len(payload)]) + payload

    def test_output_exit_code_and_pings(self):
        def answer(conn, seen):
            key = [line.split(": ", 1)[1] for line in seen["request"].split("\r\n") if line.startswith("Sec-WebSocket-Key: ")][0]
            conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         b"Sec-WebSocket-Accept: " + dc.accept_key(key).encode() + b"\r\n"
                         b"Sec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n")
            status = json.dumps({"status": "Failure", "reason": "NonZeroExitCode",
                                 "details": {"causes": [{"reason": "ExitCode", "message": "2"}]}}).encode()
            conn.sendall(self.frame(2, b"\x01") + self.frame(2, b"\x01line one\nline") + self.frame(9, b"hi")
                         + self.frame(2, b"\x02 two\n", fin=False) + self.frame(0, b"more")
                         + self.frame(2, b"\x03" + status[:10]) + self.frame(2, b"\x03" + status[10:]) + self.frame(8, b"\x03\xe8"))
            got = b""
            conn.settimeout(5)
            try:
                while len(got) < 12:
                    chunk = conn.recv(100)
                    if not chunk:
                        break
                    got += chunk
            except OSError:
                pass
            seen["reply"] = got

        cluster, thread, seen = self.serve(answer)
        logs, saved = [], dc.log
        dc.log = logs.append
        try:
            code, out = dc.pod_exec(cluster, "c-0", ["/bin/bash", "-c", "id -u"], echo=True, timeout=5)
        finally:
            dc.log = saved
        thread.join()
        self.assertEqual(code, 2)
        self.assertEqual(out, "line one\nline two\nmore")
        # Lines per channel: stdout's unfinished "line" is logged when the stream ends.
        self.assertEqual(logs, ["c-0| line one", "c-0|  two", "c-0| line", "c-0| more"])
        request = seen["request"]
        self.assertTrue(request.startswith("GET /api/v1/namespaces/ns/pods/c-0/exec?container=postgres&stdout=true&stderr=true"
                                           "&command=%2Fbin%2Fbash&command=-c&command=id+-u HTTP/1.1\r\n"), request)
        self.assertIn("Authorization: Bearer tok\r\n", request)
        self.assertIn("Sec-WebSocket-Protocol: v4.channel.k8s.io\r\n", request)
        # The pong, masked, with the ping's payload.
        reply = seen["reply"]
        self.assertEqual(reply[0], 0x8A)
        self.assertEqual(reply[1], 0x80 | 2)
        self.assertEqual(bytes(b ^ reply[2 + i % 4] for i, b in enumerate(reply[6:8])), b"hi")

    def test_the_rfc_6455_accept_key(self):
        # The example of RFC 6455 section 1.3.
        self.assertEqual(dc.accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")

    def test_a_server_without_the_channel_protocol_is_refused(self):
        def answer(conn, seen):
            conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")

        cluster, thread, _ = self.serve(answer)
        with self.assertRaises(dc.Failure) as err:
            dc.pod_exec(cluster, "c-0", ["true"])
        thread.join()
        self.assertIn("without the v4.channel.k8s.io WebSocket protocol", str(err.exception))

    def test_a_stream_cut_mid_frame_is_a_lost_exec(self):
        def answer(conn, seen):
            key = [line.split(": ", 1)[1] for line in seen["request"].split("\r\n") if line.startswith("Sec-WebSocket-Key: ")][0]
            conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: " + dc.accept_key(key).encode()
                         + b"\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n" + bytes([0x82, 20]) + b"\x01only part")

        cluster, thread, _ = self.serve(answer)
        with self.assertRaises(dc.ExecLost) as err:
            dc.pod_exec(cluster, "c-0", ["sleep", "1"], timeout=5)
        thread.join()
        self.assertIn("the stream ended without an exit status", str(err.exception))

    def test_forbidden_names_the_role(self):
        def answer(conn, seen):
            body = b'{"kind":"Status","reason":"Forbidden"}'
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: %d\r\n\r\n" % len(body) + body)

        cluster, thread, _ = self.serve(answer)
        with self.assertRaises(dc.Refusal) as err:
            dc.pod_exec(cluster, "c-1", ["true"])
        thread.join()
        self.assertIn("forbidden: exec into c-1; the Role c-dcs", str(err.exception))


if __name__ == "__main__":
    unittest.main()
