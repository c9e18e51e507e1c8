"""Log shipping settings as Spilo derives them (spilo.md 3.1-3.2). Pure: launch.py writes them."""
import json

LOG_ENV_DIR = "/run/etc/log.d/env"
SCRIPTS = "/scripts"


def tags(env):
    """LOG_S3_TAGS maps a tag key to the name of a container variable; resolved now, sent unencoded."""
    raw = env.get("LOG_S3_TAGS") or "{}"
    mapping = json.loads(raw)
    return "&".join("%s=%s" % (key, env.get(var)) for key, var in mapping.items())


def plan(env, hostname, tmpdir="/home/postgres/pgdata/tmp"):
    """{"envdir": (path, {name: value}), "crontab": [line]} or None when LOG_S3_BUCKET is empty."""
    bucket = env.get("LOG_S3_BUCKET")
    if not bucket:
        return None
    ns = env.get("POD_NAMESPACE") or "default"
    prefix = env["LOG_BUCKET_SCOPE_PREFIX"] if "LOG_BUCKET_SCOPE_PREFIX" in env else (
        "" if ns == "default" else ns + "-")
    hourly = (env.get("LOG_SHIP_HOURLY") or "").lower() == "true"
    directory = env.get("LOG_ENV_DIR") or LOG_ENV_DIR
    values = {
        "LOG_TMPDIR": env.get("LOG_TMPDIR") or tmpdir,
        "LOG_SHIP_HOURLY": "true" if hourly else "",
        "LOG_AWS_REGION": env.get("AWS_REGION") or "",
        "LOG_S3_ENDPOINT": env.get("LOG_S3_ENDPOINT") or "",
        "LOG_S3_KEY": "spilo/%s%s%s/log/%s/" % (prefix, env.get("SCOPE") or "dummy",
                                                env.get("LOG_BUCKET_SCOPE_SUFFIX") or "", hostname),
        "LOG_S3_BUCKET": bucket,
        "LOG_S3_TAGS": tags(env),
        "PGLOG": env.get("PGLOG") or "/home/postgres/pgdata/pgroot/pg_log",
    }
    for name in ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"):
        if env.get(name):
            values[name] = env[name]
    schedule = "1 */1 * * *" if hourly else (env.get("LOG_SHIP_SCHEDULE") or "1 0 * * *")
    return {"envdir": (directory, values),
            "crontab": ['%s nice -n 5 envdir "%s" %s/upload_pg_log_to_s3.py' % (schedule, directory, SCRIPTS)]}
