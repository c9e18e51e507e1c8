#!/opt/patroni/bin/python3
"""Patroni bootstrap method clone_with_wale (Spilo's name): restore the newest base backup of the
source archive that finished before --recovery-target-time (or the newest at all); Patroni then
replays the archive to the target with the clone's restore_command.

The source prefix ends at /wal/; as in Spilo, the major versions are probed from the newest down,
and the envdir's prefix is completed with the one found so restore_command reads the same place.
Unlike Spilo, a backup of an older major is not upgraded (no maybe_pg_upgrade): it fails.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys

VERSIONS = ["18", "17", "16", "15", "14", "13"]


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--recovery-target-time", default="")
    p.add_argument("--datadir", required=True)
    p.add_argument("--envdir", required=True)
    p.add_argument("--scope")
    args, _ = p.parse_known_args()
    target = parse_time(args.recovery_target_time)
    base = os.environ["WALG_S3_PREFIX"].rstrip("/") + "/"
    for version in VERSIONS:
        env = dict(os.environ, WALG_S3_PREFIX=base + version, WALE_S3_PREFIX=base + version)
        out = subprocess.run(["wal-g", "backup-list", "--detail", "--json"], env=env, capture_output=True, text=True)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            sys.exit(1)
        items = json.loads(out.stdout or "[]")
        if target:
            items = [b for b in items if parse_time(b["finishtime"]) < target]
        if not items:
            continue
        chosen = max(items, key=lambda b: b["finishtime"])
        for name in ("WALG_S3_PREFIX", "WALE_S3_PREFIX"):
            with open(os.path.join(args.envdir, name), "w") as f:
                f.write(base + version)
        print("clone_with_wale: restoring %s of PostgreSQL %s" % (chosen["backup_name"], version), file=sys.stderr)
        sys.exit(subprocess.run(["wal-g", "backup-fetch", args.datadir, chosen["backup_name"]], env=env).returncode)
    print("clone_with_wale: no backup under %s<version> before %r" % (base, args.recovery_target_time), file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    main()
