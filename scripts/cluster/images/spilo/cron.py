#!/opt/patroni/bin/python3
"""A minimal cron for the postgres crontab Spilo writes (spilo.md 2.8), plus launch.sh's base backup
once this member is primary after a container start (spilo.md 6.1).

Jobs run like cron runs them: `/bin/sh -c` with only PATH (the crontab's first line), HOME,
LOGNAME and SHELL; their output goes to the container log. Fields: minute hour day-of-month month
day-of-week with `*`, lists, ranges and steps; day-of-month and day-of-week match either when both
are restricted (POSIX cron).
"""
import datetime
import os
import subprocess
import sys
import threading
import time
import urllib.request

RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


def field(text, lo, hi):
    values = set()
    for part in text.split(","):
        expr, _, step = part.partition("/")
        if expr == "*":
            a, b = lo, hi
        elif "-" in expr:
            a, b = (int(x) for x in expr.split("-", 1))
        else:
            a = b = int(expr)
            if step:
                b = hi
        if not (lo <= a <= hi and lo <= b <= hi):
            raise ValueError("cron field %r out of range %d-%d" % (text, lo, hi))
        values.update(range(a, b + 1, int(step or 1)))
    return values


def parse(line):
    """`m h dom mon dow command` -> (sets, restricted dom?, restricted dow?, command)."""
    parts = line.split(None, 5)
    if len(parts) < 6:
        raise ValueError("not a cron line: %r" % line)
    sets = [field(p, lo, hi) for p, (lo, hi) in zip(parts[:5], RANGES)]
    if 7 in sets[4]:
        sets[4].add(0)
    return sets, parts[2] != "*", parts[4] != "*", parts[5]


def due(job, t):
    (minute, hour, dom, month, dow), dom_r, dow_r, _ = job
    if t.minute not in minute or t.hour not in hour or t.month not in month:
        return False
    d1, d2 = t.day in dom, (t.isoweekday() % 7) in dow
    return (d1 or d2) if (dom_r and dow_r) else (d1 and d2)


def read_crontab(path):
    env, jobs = {}, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, eq, value = line.partition("=")
            if eq and " " not in name and not name[0].isdigit() and name[0] != "*":
                env[name] = value
            else:
                jobs.append(parse(line))
    return env, jobs


def run(command, env, why):
    print("cron: %s: running %s" % (why, command), file=sys.stderr, flush=True)
    return subprocess.Popen(["/bin/sh", "-c", command], env=env, stdin=subprocess.DEVNULL)


def is_primary(port):
    try:
        return urllib.request.urlopen("http://127.0.0.1:%s/primary" % port, timeout=5).status == 200
    except OSError:
        return False


def backup_when_primary(crontab, command, base, api_port):
    deadline = time.time() + 3600
    while time.time() < deadline:
        if is_primary(api_port):
            env, _ = read_crontab(crontab)
            run(command, dict(base, **env), "primary after start").wait()
            return
        time.sleep(10)


def main(crontab, initial_backup=None, api_port="8008"):
    base = {"HOME": os.environ.get("HOME", "/home/postgres"), "LOGNAME": "postgres", "SHELL": "/bin/sh"}
    children = []
    if initial_backup:
        threading.Thread(target=backup_when_primary, args=(crontab, initial_backup, base, api_port),
                         daemon=True).start()
    last = None
    while True:
        now = datetime.datetime.now().replace(second=0, microsecond=0)
        if now != last:
            last = now
            env, jobs = read_crontab(crontab)
            for job in jobs:
                if due(job, now):
                    children.append(run(job[3], dict(base, **env), "due at " + now.strftime("%H:%M")))
        children = [c for c in children if c.poll() is None]
        time.sleep(max(1.0, 60 - datetime.datetime.now().second - 0.5))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None)
