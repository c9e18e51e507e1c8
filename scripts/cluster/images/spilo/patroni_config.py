"""Builds Patroni's configuration the way Spilo does (spilo.md 2.2-2.5). Pure: no I/O.

WAL archiving, clone and standby come from wal_e.plan() as fragments for build(); the user's
SPILO_CONFIGURATION is merged last, as in Spilo.
"""
import credentials
import dcs
import memory
import pg_hba
import tls

PGHOME = "/home/postgres"
SCRIPTS = "/scripts"


def dcs_parameters(max_connections):
    return {
        "archive_mode": "on", "archive_timeout": "1800s", "wal_level": "hot_standby",
        "wal_log_hints": "on", "wal_compression": "on", "max_wal_senders": 10,
        "max_connections": max_connections, "max_replication_slots": 10, "hot_standby": "on",
        "tcp_keepalives_idle": 900, "tcp_keepalives_interval": 100,
        "log_line_prefix": "%t [%p]: [%l-1] %c %x %d %u %a %h ",
        "log_checkpoints": "on", "log_lock_waits": "on", "log_min_duration_statement": 500,
        "log_autovacuum_min_duration": 0, "log_connections": "on", "log_disconnections": "on",
        "log_statement": "ddl", "log_temp_files": 0, "track_functions": "all",
        "checkpoint_completion_target": 0.9, "autovacuum_max_workers": 5,
        "autovacuum_vacuum_scale_factor": 0.05, "autovacuum_analyze_scale_factor": 0.02,
    }


def local_parameters(env, mem_mib, tls_plan):
    hourly = (env.get("LOG_SHIP_HOURLY") or "").lower() == "true"
    params = {
        # Without an archive target Spilo archives to /bin/true (archive_mode stays on); wal_e.plan()
        # replaces it when there is one.
        "archive_command": "/bin/true",
        "shared_buffers": memory.shared_buffers(mem_mib, bool(env.get("KUBERNETES_SERVICE_HOST"))),
        "logging_collector": "on", "log_destination": "csvlog", "log_directory": "../pg_log",
        "log_filename": "postgresql-%u-%H.log" if hourly else "postgresql-%u.log",
        "log_file_mode": "0644", "log_rotation_age": "1h" if hourly else "1d",
        "log_truncate_on_rotation": "on",
        # Only contrib is installed: Spilo's bg_mon, pgextwlist, pg_auth_mon, set_user... are not.
        "shared_preload_libraries": "pg_stat_statements",
        "pg_stat_statements.track_utility": "off",
    }
    params.update(tls.parameters(tls_plan))
    return params


def bin_dir(env, data_version, user_config, installed_versions):
    """An existing data dir pins its version; then a user bin_dir; then PGVERSION; then the newest."""
    if data_version:
        return "/usr/lib/postgresql/%s/bin" % data_version
    user_bin = (user_config.get("postgresql") or {}).get("bin_dir")
    if user_bin:
        return user_bin
    version = env.get("PGVERSION") or max(installed_versions, key=int)
    return "/usr/lib/postgresql/%s/bin" % version


def data_dir(env):
    return env.get("PGDATA") or (env.get("PGROOT") or PGHOME + "/pgdata/pgroot") + "/data"


def address(host, port):
    return "[%s]:%s" % (host, port) if ":" in host else "%s:%s" % (host, port)


def generated_config(env, hostname, mem_mib, tls_plan):
    pod_ip = env.get("POD_IP") or hostname
    pgport = env.get("PGPORT") or "5432"
    apiport = env.get("APIPORT") or "8008"
    human = env.get("HUMAN_ROLE") or "zalandos"
    restapi = {"listen": ":" + apiport,
               "connect_address": env.get("RESTAPI_CONNECT_ADDRESS") or address(pod_ip, apiport)}
    restapi.update(tls_plan["restapi"])
    config = {
        "scope": env.get("SCOPE") or "dummy",
        "name": hostname,
        "restapi": restapi,
        "bootstrap": {
            "post_init": '%s/post_init.sh "%s"' % (SCRIPTS, human),
            "initdb": [{"encoding": "UTF8"},
                       {"locale": (env.get("INITDB_LOCALE") or "en_US") + ".UTF-8"}, "data-checksums"],
            "dcs": {
                "ttl": 30, "loop_wait": 10, "retry_timeout": 10, "maximum_lag_on_failover": 33554432,
                "postgresql": {"use_pg_rewind": True, "use_slots": True,
                               "parameters": dcs_parameters(memory.max_connections(mem_mib))},
            },
        },
        "postgresql": {
            "listen": "*:" + pgport,
            "connect_address": env.get("PG_CONNECT_ADDRESS") or address(pod_ip, pgport),
            "data_dir": data_dir(env),
            "pgpass": "/run/postgresql/pgpass",
            "use_unix_socket": True, "use_unix_socket_repl": True,
            "authentication": credentials.authentication(env),
            "callbacks": {"on_role_change": '%s/on_role_change.sh "%s" true' % (SCRIPTS, human)},
            "create_replica_method": ["basebackup_fast_xlog"],
            "basebackup_fast_xlog": {"command": SCRIPTS + "/basebackup.sh", "retries": 2},
            "parameters": local_parameters(env, mem_mib, tls_plan),
            "pg_hba": pg_hba.default_pg_hba(env),
        },
    }
    if dcs.kubernetes_enabled(env):
        config["kubernetes"] = dcs.kubernetes_section(env, pod_ip)
        if dcs.namespace(env):
            config["namespace"] = dcs.namespace(env)
    return config


def merge(user, generated):
    """Spilo's rule: maps merge key by key, the user's lists and scalars win, a user null does not."""
    if isinstance(user, dict) and isinstance(generated, dict):
        out = dict(generated)
        for key, value in user.items():
            out[key] = merge(value, generated[key]) if key in generated else value
        return out
    return generated if user is None else user


def user_config(env, parse_yaml):
    raw = env.get("SPILO_CONFIGURATION") or env.get("PATRONI_CONFIGURATION")
    value = parse_yaml(raw) if raw else {}
    if not isinstance(value, dict):
        raise ValueError("SPILO_CONFIGURATION must be a YAML mapping")
    return value


def build(env, hostname, mem_mib, user, data_version=None, installed_versions=("17", "18"), fragments=()):
    """The final Patroni config for this container start; fragments (archive, clone, standby) are
    merged into the generated config before the user's, as Spilo renders them into its template."""
    generated = generated_config(env, hostname, mem_mib, tls.plan(env))
    for fragment in fragments:
        generated = merge(fragment, generated)
    config = merge(user, generated)
    config["postgresql"]["bin_dir"] = bin_dir(env, data_version, user, installed_versions)
    return config
