#!/usr/bin/python3
"""The SSL reload test of Spilo's cron (spilo.md 1.8, `SSL_TEST_RELOAD`): when the TLS files (certificate, key, CA,
CRL) differ from what the last run saw, PostgreSQL is told to reload (pg_ctl reload), so that a renewed certificate
in a mounted Secret (kubelet swaps the files in place) serves new connections without a restart.

  reload_ssl.py --state FILE --pg-ctl PATH --pgdata DIR FILE...

The state file holds one digest over the files' contents. launch.py writes it at the container start, before
PostgreSQL reads the files; afterwards only a successful reload rewrites it, so a failed one is tried again next time.
A missing or unreadable file counts as a content of its own: its appearance or disappearance is a change too.
"""
import argparse
import hashlib
import os
import subprocess
import sys


def digest(paths):
    """One hex digest over each file's name and content (or the fact that it cannot be read)."""
    total = hashlib.sha256()
    for path in paths:
        try:
            with open(path, "rb") as f:
                content = hashlib.sha256(f.read()).hexdigest()
        except OSError:
            content = "unreadable"
        total.update(("%s\0%s\n" % (path, content)).encode())
    return total.hexdigest()


def read_state(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def write_state(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(value + "\n")
    os.replace(tmp, path)


def check(paths, state, reload):
    """Reloads when the files changed since the state was written; returns "unchanged", "reloaded" or "failed".

    `reload` is a callable returning (ok, output)."""
    now = digest(paths)
    if read_state(state) == now:
        return "unchanged", ""
    ok, output = reload()
    if not ok:
        return "failed", output
    write_state(state, now)
    return "reloaded", output


def pg_ctl_reload(pg_ctl, pgdata):
    def run():
        r = subprocess.run([pg_ctl, "reload", "-D", pgdata], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, universal_newlines=True)
        return r.returncode == 0, r.stdout.strip()
    return run


def main(argv):
    parser = argparse.ArgumentParser(description="reload PostgreSQL when its TLS files changed")
    parser.add_argument("--state", required=True)
    parser.add_argument("--pg-ctl", required=True)
    parser.add_argument("--pgdata", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    outcome, output = check(args.files, args.state, pg_ctl_reload(args.pg_ctl, args.pgdata))
    if outcome == "unchanged":
        return 0
    print("reload_ssl: TLS files changed (%s): %s%s" % (", ".join(args.files), outcome,
                                                      ": " + output if output else ""), file=sys.stderr, flush=True)
    return 0 if outcome == "reloaded" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
