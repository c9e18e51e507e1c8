"""Container entrypoint: what Spilo's launch.sh + configure_spilo.py do for our manifests.

Prepares directories and TLS, writes /run/postgres.yml, prints it without secrets, then becomes
the postgres user and stays PID 1 as a small supervisor: it starts Patroni as its child, forwards
SIGTERM/SIGINT/SIGHUP/SIGQUIT/SIGUSR1/SIGUSR2 to it and reaps every child (cron, orphans). When
Patroni exits, the container exits with Patroni's status (pod deletion -> SIGTERM -> Patroni's fast
shutdown of spilo.md 6.2 -> exit), unless a restart was requested through RESTART_REQUEST (the
in-place major upgrade does that: Patroni reads bin_dir only at start) and the supervisor itself
was not asked to stop: then the configuration is generated again (bin_dir and the WAL prefix from
the data directory's version, or PGVERSION when it is empty), cron is restarted with it, and
Patroni starts again.
"""
import glob
import os
import pwd
import signal
import socket
import sys

import credentials
import log_shipping
import memory
import patroni_config
import reload_ssl
import tls
import wal_e

CONFIG = "/run/postgres.yml"
CRONTAB = "/run/cron/crontabs/postgres"
PATRONI = "/opt/patroni/bin/patroni"
# A file whose existence, when Patroni exits, asks for a new configuration and a new Patroni (not a container exit).
RESTART_REQUEST = "/run/patroni.restart-requested"
FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)
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
    import yaml
    extra = yaml.safe_load(env.get("CRONTAB") or "[]") or []
    return ["PATH=" + env.get("PATH", "/usr/bin:/bin")] + jobs + [str(line) for line in extra]


def start_cron(lines, initial_backup, uid, gid):
    """A cron child running as postgres (the supervisor reaps it); returns its PID."""
    os.makedirs(os.path.dirname(CRONTAB), exist_ok=True)
    with open(CRONTAB, "w") as f:
        f.write("\n".join(lines) + "\n")
    # postgres owns the crontab, so a configuration generated again after dropping root can rewrite it.
    for path in (os.path.dirname(os.path.dirname(CRONTAB)), os.path.dirname(CRONTAB), CRONTAB):
        tls.chown(path, uid, gid)
    pid = os.fork()
    if pid == 0:
        if os.geteuid() == 0:
            os.setgroups(os.getgrouplist("postgres", gid))
            os.setgid(gid)
            os.setuid(uid)
        argv = ["/opt/patroni/bin/python3", "/scripts/cron.py", CRONTAB, initial_backup or ""]
        os.execve(argv[0], argv, {"HOME": "/home/postgres", "PATH": "/usr/bin:/bin"})
    return pid


def configure(env, user, uid, gid, again=False):
    """Everything before Patroni starts: files under /run, directories, TLS; returns (config, Patroni's env,
    cron plan or None). `again` (a requested restart, running as postgres): the TLS material is kept as written
    at the container start (the environment has not changed)."""
    import yaml
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
    if logs:
        write_envdir(logs["envdir"][0], logs["envdir"][1], uid, gid)
    pgdata = config["postgresql"]["data_dir"]
    prepare_dirs(pgdata, uid, gid)
    certs = tls.plan(env)
    if not again:
        tls.apply(certs, uid, gid)
    # Spilo's crontab order: the SSL reload test, the backup, the log upload (CRONTAB lines last).
    ssl_jobs = tls.reload_crontab(env, certs, config["postgresql"]["bin_dir"], pgdata)
    if ssl_jobs:
        # The files PostgreSQL is about to read: only a later change makes the cron job reload it.
        reload_ssl.write_state(tls.RELOAD_STATE, reload_ssl.digest(tls.reload_files(certs)))
        tls.chown(tls.RELOAD_STATE, uid, gid)
    jobs = ssl_jobs + archive["crontab"] + (logs["crontab"] if logs else [])

    fd = os.open(CONFIG, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        yaml.safe_dump(config, f, default_flow_style=False)
    tls.chown(CONFIG, uid, gid)
    link_config(user.pw_dir, uid, gid)
    print(yaml.safe_dump(credentials.redact(config), default_flow_style=False), flush=True)

    lines = crontab_lines(env, jobs)
    # launch.sh's base backup after every start once primary: the crontab's backup command.
    cron = (lines, archive["crontab"][0].split(None, 5)[5] if archive["crontab"] else None) if len(lines) > 1 else None
    child_env = {k: v for k, v in env.items() if k.startswith(KEEP_ENV)}
    child_env.update(HOME=user.pw_dir, USER="postgres", PGDATA=pgdata,
                     PATH="%s:%s" % (config["postgresql"]["bin_dir"], env.get("PATH", "/usr/bin:/bin")))
    return config, child_env, cron


def exit_code(wait_status):
    """A child's wait status as a shell would report it: its exit code, or 128 + the signal that ended it."""
    if os.WIFSIGNALED(wait_status):
        return 128 + os.WTERMSIG(wait_status)
    return os.WEXITSTATUS(wait_status) if os.WIFEXITED(wait_status) else 1


def take_restart_request(path=RESTART_REQUEST):
    """True (and the request consumed) when a restart of Patroni was asked for."""
    try:
        os.remove(path)
        return True
    except FileNotFoundError:
        return False


class Supervisor:
    """PID 1: runs Patroni as a child, forwards signals, reaps every child, restarts Patroni on request.

    start(first) starts Patroni (first: the container start, else a requested restart) and returns its PID.
    """

    def __init__(self, start, request=RESTART_REQUEST, wait=os.wait, kill=os.kill):
        self.start, self.request, self.wait, self.kill = start, request, wait, kill
        self.child = None
        self.stopping = False

    def forward(self, signum, _frame=None):
        if signum in STOP_SIGNALS:
            self.stopping = True
        if self.child:
            try:
                self.kill(self.child, signum)
            except ProcessLookupError:
                pass

    def install(self):
        for sig in FORWARDED:
            signal.signal(sig, self.forward)

    def run(self):
        take_restart_request(self.request)  # a stale request from an earlier container start means nothing
        self.child = self.start(True)
        while True:
            try:
                pid, status = self.wait()
            except ChildProcessError:
                return 1
            if pid != self.child:
                continue  # cron, a backup job, an orphaned postmaster, an exec'd process's leftovers
            requested = take_restart_request(self.request)
            if not requested or self.stopping:
                log("Patroni exited (%d)%s" % (exit_code(status), ", stopping" if self.stopping else ""))
                return exit_code(status)
            log("Patroni exited (%d) on request: configuring and starting it again" % exit_code(status))
            self.child = self.start(False)
            if self.stopping:  # a stop signal that arrived while no Patroni ran
                self.forward(signal.SIGTERM)


def main():
    env = dict(os.environ)
    user = pwd.getpwnam("postgres")
    uid, gid = (user.pw_uid, user.pw_gid) if os.geteuid() == 0 else (os.geteuid(), os.getegid())
    config, child_env, cron = configure(env, user, uid, gid)
    cron_pid = start_cron(cron[0], cron[1], uid, gid) if cron else None
    if os.geteuid() == 0:
        os.setgroups(os.getgrouplist("postgres", gid))
        os.setgid(gid)
        os.setuid(uid)
    os.chdir(user.pw_dir)

    def start(first):
        nonlocal config, child_env, cron, cron_pid
        if not first:
            config, child_env, cron = configure(env, user, uid, gid, again=True)
            if cron_pid:
                try:
                    os.kill(cron_pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            cron_pid = start_cron(cron[0], cron[1], uid, gid) if cron else None
        log("starting Patroni %s as uid %d" % (config["postgresql"]["bin_dir"], os.getuid()))
        pid = os.fork()
        if pid == 0:
            for sig in FORWARDED:
                signal.signal(sig, signal.SIG_DFL)
            os.execve(PATRONI, [PATRONI, CONFIG], child_env)
        return pid

    supervisor = Supervisor(start)
    supervisor.install()
    sys.exit(supervisor.run())


if __name__ == "__main__":
    main()
