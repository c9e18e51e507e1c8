"""The dynamic configuration Job's first requests to Patroni (src/private/dynamic-configuration-script.ts).

Run by the jest test beside this file, with the program on PYTHONPATH as dynamic_configuration.py.
"""
import unittest

import dynamic_configuration as dc
import test_dynamic_configuration as t


class FirstContactTest(unittest.TestCase):
    """A Job's new pod is refused until the network plugin admits it in the members' NetworkPolicy: the Job waits."""

    run_main, settings, live = t.MainTest.run_main, t.MainTest.settings, t.MainTest.live

    def refusing(self, fake, refusals):
        answer, self.refused = fake.patroni, 0

        def patroni(ip, path, method="GET", body=None, timeout=30):
            if self.refused < refusals:
                self.refused += 1
                return 0, "<urlopen error [Errno 111] Connection refused>"
            return answer(ip, path, method, body, timeout)
        fake.patroni = patroni
        return fake

    def test_refused_first_requests_are_waited_for(self):
        fake = self.refusing(t.FakeCluster(self.live(), self.settings()), 4)
        self.run_main(fake, self.live(work_mem="8MB"))
        self.assertEqual(self.refused, 4)
        self.assertEqual(fake.calls, [("patch", "c-0", {"postgresql": {"parameters": {"work_mem": "8MB"}}})])

    def test_a_patroni_that_never_answers_fails_naming_it(self):
        fake = self.refusing(t.FakeCluster(self.live(), self.settings()), 10 ** 9)
        with self.assertRaises(dc.Failure) as err:
            self.run_main(fake, self.live(work_mem="8MB"))
        self.assertIn("every member running with one leader: not reached after 2 s: "
                      "no member's Patroni answers GET /cluster", str(err.exception))
        self.assertEqual(fake.calls, [])


if __name__ == "__main__":
    unittest.main()
