"""WAL archive settings the way Spilo's configure step derives them (spilo.md 1.4, 1.6, 1.7, 2.2).

Pure: returns envdir contents and Patroni config fragments; launch.py writes them. Only S3 and
S3-compatible targets are implemented (GCS, Azure, Swift and SSH targets raise), and the archive
tool is always our WAL-G stand-in (walg.py), never WAL-E.
"""
import os

WALE_ENV_DIR = "/run/etc/wal-e.d/env"
SCRIPTS = "/scripts"
# Copied verbatim into the envdir (spilo.md 1.4: the complete list that gets through).
PASSTHROUGH = (
    "WALG_DELTA_MAX_STEPS", "WALG_DELTA_ORIGIN", "WALG_UPLOAD_DISK_CONCURRENCY", "WALG_DISK_RATE_LIMIT",
    "WALG_NETWORK_RATE_LIMIT", "WALG_COMPRESSION_METHOD", "WALG_BACKUP_COMPRESSION_METHOD",
    "WALG_SENTINEL_USER_DATA", "WALG_PREVENT_WAL_OVERWRITE", "WALG_LIBSODIUM_KEY", "WALG_LIBSODIUM_KEY_PATH",
    "WALG_LIBSODIUM_KEY_TRANSFORM", "WALG_PGP_KEY", "WALG_PGP_KEY_PATH", "WALG_PGP_KEY_PASSPHRASE",
    "WALG_S3_CA_CERT_FILE", "WALG_S3_SSE_KMS_ID", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_STS_REGIONAL_ENDPOINTS", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    "http_proxy", "https_proxy", "no_proxy",
)
UNSUPPORTED = ("WAL_GS_BUCKET", "WAL_GCS_BUCKET", "WAL_SWIFT_BUCKET", "WALE_GS_PREFIX", "WALG_GS_PREFIX",
               "WALG_AZ_PREFIX", "WALG_SSH_PREFIX", "WALE_SWIFT_PREFIX")


def scope_prefix(env, name):
    """`<ns>-` outside the default namespace unless set, even to the empty string (the operator sets "")."""
    if name in env:
        return env[name]
    ns = env.get("POD_NAMESPACE") or "default"
    return "" if ns == "default" else ns + "-"


def _get(env, prefix, name):
    return env.get(prefix + name)


def s3_target(env, prefix="", scope=None, version=None):
    """The archive prefix for `<prefix>WAL_S3_BUCKET` or an explicit `<prefix>WALG/WALE_S3_PREFIX`."""
    for name in UNSUPPORTED:
        if _get(env, prefix, name):
            raise ValueError("%s%s: only S3 archives are implemented in the test image" % (prefix, name))
    explicit = _get(env, prefix, "WALG_S3_PREFIX") or _get(env, prefix, "WALE_S3_PREFIX")
    if explicit:
        return explicit
    bucket = _get(env, prefix, "WAL_S3_BUCKET")
    if not bucket:
        return None
    scope = scope or env.get("SCOPE") or "dummy"
    path = "s3://%s/spilo/%s%s%s/wal/" % (bucket, scope_prefix(env, prefix + "WAL_BUCKET_SCOPE_PREFIX"), scope,
                                          _get(env, prefix, "WAL_BUCKET_SCOPE_SUFFIX") or "")
    return path + version if version else path


def s3_endpoint_for_wale(endpoint, path_style):
    """WALE_S3_ENDPOINT is `proto+convention://host:port`; AWS_ENDPOINT a plain URL."""
    scheme, rest = endpoint.split("://", 1)
    return "%s+%s://%s" % (scheme, "path" if path_style else "virtualhost", rest.rstrip("/"))


def envdir(env, prefix="", scope=None, version=None, tmpdir="/home/postgres/pgdata/tmp", cpus=None):
    """Envdir contents (name -> value) for the main archive (prefix "") or a CLONE_/STANDBY_ source."""
    target = s3_target(env, prefix, scope, version)
    if not target:
        return None
    out = {"WALE_S3_PREFIX": target, "WALG_S3_PREFIX": target}
    g = lambda name: _get(env, prefix, name)  # noqa: E731
    endpoint = g("AWS_ENDPOINT")
    wale_endpoint = g("WALE_S3_ENDPOINT")
    if wale_endpoint and not endpoint:
        scheme, rest = wale_endpoint.split("://", 1)
        endpoint = "%s://%s" % (scheme.split("+")[0], rest)
    if endpoint:
        path_style = g("AWS_S3_FORCE_PATH_STYLE") or ("false" if "+virtualhost" in (wale_endpoint or "") else "true")
        out.update(AWS_ENDPOINT=endpoint, WALE_S3_ENDPOINT=wale_endpoint or s3_endpoint_for_wale(
            endpoint, path_style == "true"), AWS_S3_FORCE_PATH_STYLE=path_style)
        out["WALE_DISABLE_S3_SSE"] = g("WALE_DISABLE_S3_SSE") or "true"
        out["WALG_DISABLE_S3_SSE"] = g("WALG_DISABLE_S3_SSE") or "true"
    elif g("AWS_S3_FORCE_PATH_STYLE"):
        out["AWS_S3_FORCE_PATH_STYLE"] = g("AWS_S3_FORCE_PATH_STYLE")
    for name in ("WALE_DISABLE_S3_SSE", "WALG_DISABLE_S3_SSE", "WALG_S3_SSE"):
        if g(name):
            out[name] = g(name)
    if "WALG_S3_SSE" not in out and out.get("WALG_DISABLE_S3_SSE", "false") != "true":
        out["WALG_S3_SSE"] = "AES256"
    region = g("AWS_REGION") or env.get("AWS_REGION")
    if region:
        out["AWS_REGION"] = region
    if g("AWS_ACCESS_KEY_ID") and g("AWS_SECRET_ACCESS_KEY"):
        out.update(AWS_ACCESS_KEY_ID=g("AWS_ACCESS_KEY_ID"), AWS_SECRET_ACCESS_KEY=g("AWS_SECRET_ACCESS_KEY"))
    else:
        out["AWS_INSTANCE_PROFILE"] = "true"
    for name in PASSTHROUGH:
        if g(name):
            out[name] = g(name)
    for name in ("USE_WALG", "USE_WALG_BACKUP", "USE_WALG_RESTORE"):
        if (g(name) or "").lower() == "true":
            out[name] = "true"
    concurrency = str(min(cpus or os.cpu_count() or 1, 10))
    out["WALG_DOWNLOAD_CONCURRENCY"] = g("WALG_DOWNLOAD_CONCURRENCY") or concurrency
    out["WALG_UPLOAD_CONCURRENCY"] = g("WALG_UPLOAD_CONCURRENCY") or concurrency
    if (g("WALG_BACKUP_FROM_REPLICA") or "").lower() == "true":
        out["WALG_BACKUP_FROM_REPLICA"] = "true"
    out.update(PGPORT=env.get("PGPORT") or "5432", BACKUP_NUM_TO_RETAIN=env.get("BACKUP_NUM_TO_RETAIN") or "5",
               WALE_LOG_DESTINATION="stderr", TMPDIR=env.get("WALE_TMPDIR") or tmpdir)
    return out


def restore_command(directory, env):
    return 'envdir "%s" timeout "%s" %s/restore_command.sh "%%f" "%%p"' % (
        directory, env.get("WAL_RESTORE_TIMEOUT") or "0", SCRIPTS)


def replica_method(directory, env):
    return {"command": 'envdir "%s" bash %s/wale_restore.sh' % (directory, SCRIPTS),
            "threshold_megabytes": int(env.get("WALE_BACKUP_THRESHOLD_MEGABYTES") or 102400),
            "threshold_backup_size_percentage": int(env.get("WALE_BACKUP_THRESHOLD_PERCENTAGE") or 30),
            "retries": 2, "no_leader": 1}


def clone_dir(env):
    return "%s-clone-%s" % (env.get("WALE_ENV_DIR") or WALE_ENV_DIR, env.get("CLONE_SCOPE") or "")


def standby_dir(env):
    return "%s-standby-%s" % (env.get("WALE_ENV_DIR") or WALE_ENV_DIR, env.get("STANDBY_SCOPE") or "")


def pgpass_path(env, home="/home/postgres"):
    return env.get("CLONE_PGPASS") or "%s/.pgpass_%s" % (home, env.get("CLONE_SCOPE") or "")


def plan(env, version, cpus=None):
    """Everything launch.py writes for archives: {"envdirs": {path: {name: value}}, "pgpass": (path, line)|None,
    "config": Patroni fragment to merge under the user's SPILO_CONFIGURATION, "crontab": [lines]}."""
    main_dir = env.get("WALE_ENV_DIR") or WALE_ENV_DIR
    envdirs, config, crontab, pgpass = {}, {"postgresql": {}, "bootstrap": {}}, [], None
    pg = config["postgresql"]
    main = envdir(env, version=version, cpus=cpus)
    if main:
        envdirs[main_dir] = main
        pg["parameters"] = {"archive_command": 'envdir "%s" wal-g wal-push "%%p"' % main_dir}
        pg["recovery_conf"] = {"restore_command": restore_command(main_dir, env)}
        pg["create_replica_method"] = ["wal_e", "basebackup_fast_xlog"]
        pg["wal_e"] = replica_method(main_dir, env)
        crontab.append('%s envdir "%s" %s/postgres_backup.sh "%s"' % (
            env.get("BACKUP_SCHEDULE") or "0 1 * * *", main_dir, SCRIPTS,
            env.get("PGDATA") or "/home/postgres/pgdata/pgroot/data"))

    method = env.get("CLONE_METHOD") or ""
    if method == "CLONE_WITH_WALE":
        clone = envdir(env, "CLONE_", env.get("CLONE_SCOPE"), cpus=cpus)
        if not clone:
            raise ValueError("CLONE_WITH_WALE needs CLONE_WAL_S3_BUCKET or CLONE_WALG_S3_PREFIX")
        envdirs[clone_dir(env)] = clone
        target = env.get("CLONE_TARGET_TIME") or ""
        recovery = {"restore_command": restore_command(clone_dir(env), env),
                    "recovery_target_timeline": env.get("CLONE_TARGET_TIMELINE") or "latest",
                    "recovery_target_action": "pause" if env.get("USE_PAUSE_AT_RECOVERY_TARGET") else "promote"}
        if target:
            recovery["recovery_target_time"] = target
            # Spilo quirk (spilo.md 1.6): only an empty CLONE_TARGET_INCLUSIVE turns inclusive off.
            recovery["recovery_target_inclusive"] = env.get("CLONE_TARGET_INCLUSIVE", "True") != ""
        config["bootstrap"].update(method="clone_with_wale", clone_with_wale={
            # --envdir: the script completes the prefix there with the major version it finds.
            "command": 'envdir "%s" python3 %s/clone_with_wale.py --envdir="%s" --recovery-target-time="%s"' % (
                clone_dir(env), SCRIPTS, clone_dir(env), target),
            "recovery_conf": recovery})
    elif method == "CLONE_WITH_BASEBACKUP":
        needed = ("CLONE_SCOPE", "CLONE_HOST", "CLONE_USER", "CLONE_PASSWORD")
        missing = [n for n in needed if not env.get(n)]
        if missing:
            raise ValueError("CLONE_WITH_BASEBACKUP needs " + ", ".join(missing))
        port = env.get("CLONE_PORT") or "5432"
        pgpass = (pgpass_path(env), "%s:%s:*:%s:%s" % (env["CLONE_HOST"], port, env["CLONE_USER"],
                                                        env["CLONE_PASSWORD"]))
        config["bootstrap"].update(method="clone_with_basebackup", clone_with_basebackup={
            "command": 'python3 %s/clone_with_basebackup.py --pgpass=%s --host=%s --port=%s --user="%s"' % (
                SCRIPTS, pgpass[0], env["CLONE_HOST"], port, env["CLONE_USER"])})
    elif env.get("STANDBY_HOST") or s3_target(env, "STANDBY_", env.get("STANDBY_SCOPE")):
        standby = {}
        if env.get("STANDBY_HOST"):
            standby["host"] = env["STANDBY_HOST"]
            standby["port"] = env.get("STANDBY_PORT") or "5432"
            if env.get("STANDBY_PRIMARY_SLOT_NAME"):
                standby["primary_slot_name"] = env["STANDBY_PRIMARY_SLOT_NAME"]
        archive = envdir(env, "STANDBY_", env.get("STANDBY_SCOPE"), cpus=cpus)
        if archive:
            envdirs[standby_dir(env)] = archive
            standby["create_replica_methods"] = ["bootstrap_standby_with_wale", "basebackup_fast_xlog"]
            standby["restore_command"] = restore_command(standby_dir(env), env)
            pg["bootstrap_standby_with_wale"] = replica_method(standby_dir(env), env)
        else:
            standby["create_replica_methods"] = ["basebackup_fast_xlog"]
        config["bootstrap"]["dcs"] = {"standby_cluster": standby}
    return {"envdirs": envdirs, "pgpass": pgpass, "config": config, "crontab": crontab}
