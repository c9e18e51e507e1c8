"""Container entrypoint: what Spilo's launch.sh + configure_spilo.py do for our manifests.

Prepares directories and TLS, writes /run/postgres.yml, prints it without secrets, then becomes
the postgres user and execs Patroni. Patroni is then PID 1 and handles SIGTERM itself (as PID 1
it forks a child and forwards signals, reaping zombies), so the fast shutdown of spilo.md 6.2
happens without a supervisor.
"""
import glob
import os
import pwd
import socket
import sys

import yaml

import credentials
import log_shipping
import memory
import patroni_config
import tls
import wal_e

CONFIG = "/run/postgres.yml"
CRONTAB = "/run/cron/crontabs/postgres"
PATRONI = "/opt/patroni/bin/patroni"
# Patroni gets only these variables, like Spilo's runit script (spilo.md 0.1): no passwords.
KEEP_ENV = ("KUBERNETES_SERVICE", "KUBERNETES_PORT", "KUBERNETES_ROLE", "POD_IP", "POD_NAMESPACE",
            "HOSTNAME", "PGHOME", "LC_ALL", "ENABLE_PG_MON")


def log(msg):
    print("launch: " + msg, file=sys.stderr, flush=True)


def installed_versions():
    return [os.path.basename(os.path.dirname(p)) for p in glob.glob("/usr/lib/postgresql/*/bin")]


def data_version(pgdata):
    try:
        with open(os.path.join(pgdata, "PG_VERSION")) as f:
            return f.read().strip()
    except OSError:
        return None


def prepare_dirs(pgdata, uid, gid):
    pgroot = os.path.dirname(pgdata)
    tmp = os.path.join(os.path.dirname(pgroot), "tmp")
    os.makedirs(pgroot, exist_ok=True)
    if os.geteuid() == 0 and os.stat(pgroot).st_uid != uid:
        chown_tree(pgroot, uid, gid)  # a fresh (root-owned) volume: walk it once, not at every start
    for path, mode in ((pgroot, 0o755), (pgdata, 0o700), (os.path.join(pgroot, "pg_log"), 0o755),
                       (tmp, 0o1777), ("/run/postgresql", 0o2775), (tls.CERT_DIR, 0o755)):
        os.makedirs(path, exist_ok=True)
        tls.chown(path, uid, gid)
        # kubelet's recursive fsGroup change can leave PGDATA group-accessible; Postgres refuses that.
        if os.geteuid() in (0, os.stat(path).st_uid):
            os.chmod(path, mode)


def chown_tree(top, uid, gid):
    for root, dirs, files in os.walk(top):
        for name in [root] + [os.path.join(root, n) for n in dirs + files]:
            os.lchown(name, uid, gid)


def link_config(home, uid, gid):
    """Where Spilo puts the config: Patroni reads ~/postgres.yml, patronictl its default path."""
    for path in (os.path.join(home, "postgres.yml"), os.path.join(home, ".config/patroni/patronictl.yaml"),
                 "/root/.config/patroni/patronictl.yaml"):
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if os.path.lexists(path):
                os.remove(path)
            os.symlink(CONFIG, path)
        except OSError:
            pass  # e.g. /root when not started as root


def write_private(path, text, uid, gid):
    os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    tls.chown(path, uid, gid)


def write_envdir(path, values, uid, gid):
    """One file per variable (an empty file makes envdir remove the variable, as in Spilo)."""
    os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
    os.makedirs(path, mode=0o700, exist_ok=True)
    for name in os.listdir(path):
        os.remove(os.path.join(path, name))
    for name, value in values.items():
        write_private(os.path.join(path, name), value, uid, gid)
    tls.chown(path, uid, gid)


def crontab_lines(env, jobs):
    extra = yaml.safe_load(env.get("CRONTAB") or "[]") or []
    return ["PATH=" + env.get("PATH", "/usr/bin:/bin")] + jobs + [str(line) for line in extra]


def start_cron(lines, initial_backup, uid, gid):
    """A cron child running as postgres; Patroni (PID 1 after the exec) reaps it."""
    os.makedirs(os.path.dirname(CRONTAB), exist_ok=True)
    with open(CRONTAB, "w") as f:
        f.write("\n".join(lines) + "\n")
    if os.fork() == 0:
        if os.geteuid() == 0:
            os.setgroups(os.getgrouplist("postgres", gid))
            os.setgid(gid)
            os.setuid(uid)
        argv = ["/opt/patroni/bin/python3", "/scripts/cron.py", CRONTAB, initial_backup or ""]
        os.execve(argv[0], argv, {"HOME": "/home/postgres", "PATH": "/usr/bin:/bin"})


def main():
    env = dict(os.environ)
    user = pwd.getpwnam("postgres")
    uid, gid = (user.pw_uid, user.pw_gid) if os.geteuid() == 0 else (os.geteuid(), os.getegid())
    hostname = socket.gethostname()
    pg_version = data_version(patroni_config.data_dir(env))
    archive = wal_e.plan(env, pg_version or env.get("PGVERSION") or max(installed_versions(), key=int))
    logs = log_shipping.plan(env, hostname)
    config = patroni_config.build(env, hostname, memory.read_limit_mib(),
                                  patroni_config.user_config(env, yaml.safe_load),
                                  pg_version, installed_versions(), fragments=[archive["config"]])
    for path, values in archive["envdirs"].items():
        write_envdir(path, values, uid, gid)
    if archive["pgpass"]:
        write_private(archive["pgpass"][0], archive["pgpass"][1] + "\n", uid, gid)
    jobs = archive["crontab"] + (logs["crontab"] if logs else [])
    if logs:
        write_envdir(logs["envdir"][0], logs["envdir"][1], uid, gid)
    pgdata = config["postgresql"]["data_dir"]
    prepare_dirs(pgdata, uid, gid)
    tls.apply(tls.plan(env), uid, gid)

    fd = os.open(CONFIG, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        yaml.safe_dump(config, f, default_flow_style=False)
    tls.chown(CONFIG, uid, gid)
    link_config(user.pw_dir, uid, gid)
    print(yaml.safe_dump(credentials.redact(config), default_flow_style=False), flush=True)

    lines = crontab_lines(env, jobs)
    if len(lines) > 1:
        # launch.sh's base backup after every start once primary: the crontab's backup command.
        start_cron(lines, archive["crontab"][0].split(None, 5)[5] if archive["crontab"] else None,
                   uid, gid)
    child_env = {k: v for k, v in env.items() if k.startswith(KEEP_ENV)}
    child_env.update(HOME=user.pw_dir, USER="postgres", PGDATA=pgdata,
                     PATH="%s:%s" % (config["postgresql"]["bin_dir"], env.get("PATH", "/usr/bin:/bin")))
    if os.geteuid() == 0:
        os.setgroups(os.getgrouplist("postgres", gid))
        os.setgid(gid)
        os.setuid(uid)
    os.chdir(user.pw_dir)
    log("starting Patroni %s as uid %d" % (config["postgresql"]["bin_dir"], os.getuid()))
    os.execve(PATRONI, [PATRONI, CONFIG], child_env)


if __name__ == "__main__":
    main()
