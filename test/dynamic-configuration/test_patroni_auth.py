"""The dynamic configuration Job's requests to Patroni carry the REST API credentials (src/spilo/patroni-api.ts).

Run by the jest test beside this file, with the program on PYTHONPATH as dynamic_configuration.py.
"""
import os
import unittest

import dynamic_configuration as dc


class PatroniAuthTest(unittest.TestCase):
    """Unsafe requests carry the Patroni REST API credentials from the Job's env (the cluster's Secret); GETs none."""

    def setUp(self):
        self.sent, self.saved = [], (dc.request, dict(os.environ))
        dc.request = lambda url, method="GET", body=None, headers=None, **kw: self.sent.append((method, headers)) or (200, "{}")

    def tearDown(self):
        dc.request = self.saved[0]
        os.environ.clear()
        os.environ.update(self.saved[1])

    def test_credentials_on_unsafe_requests_only(self):
        os.environ.update(PATRONI_RESTAPI_USERNAME="patroni", PATRONI_RESTAPI_PASSWORD="Secret42")
        dc.patroni("10.0.0.1", "/config", "PATCH", {"ttl": 30})
        dc.patroni("10.0.0.1", "/switchover", "POST", {"leader": "a"})
        dc.patroni("10.0.0.1", "/config")
        basic = {"Authorization": "Basic cGF0cm9uaTpTZWNyZXQ0Mg=="}
        self.assertEqual(self.sent, [("PATCH", basic), ("POST", basic), ("GET", None)])

    def test_none_without_credentials(self):
        os.environ.pop("PATRONI_RESTAPI_USERNAME", None)
        os.environ.pop("PATRONI_RESTAPI_PASSWORD", None)
        dc.patroni("10.0.0.1", "/restart", "POST", {})
        self.assertEqual(self.sent, [("POST", {})])


if __name__ == "__main__":
    unittest.main()
