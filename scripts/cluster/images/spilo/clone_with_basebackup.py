#!/opt/patroni/bin/python3
"""Patroni bootstrap method clone_with_basebackup (Spilo's name): pg_basebackup of a running cluster
with the source's replication user; the password comes from the pgpass file launch.py wrote."""
import argparse
import os
import sys


def main():
    p = argparse.ArgumentParser()
    for name in ("--pgpass", "--host", "--port", "--user", "--datadir"):
        p.add_argument(name, required=True)
    args, _ = p.parse_known_args()
    env = dict(os.environ, PGPASSFILE=args.pgpass)
    cmd = ["pg_basebackup", "--pgdata=" + args.datadir, "--wal-method=stream", "--checkpoint=fast",
           "--host=" + args.host, "--port=" + args.port, "--username=" + args.user, "--no-password"]
    print("clone_with_basebackup: " + " ".join(cmd), file=sys.stderr, flush=True)
    os.execvpe(cmd[0], cmd, env)


if __name__ == "__main__":
    main()
