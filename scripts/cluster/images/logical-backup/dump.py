#!/usr/bin/env python3
"""Logical backup of a Spilo cluster, as the operator's logical-backup CronJob runs it (test stand-in).

Driven only by the environment the operator puts on the CronJob's container:
  SCOPE, CLUSTER_NAME_LABEL, POD_NAMESPACE     which cluster: pods labelled CLUSTER_NAME_LABEL=SCOPE
  PG_VERSION                                   client binaries from /usr/lib/postgresql/$PG_VERSION/bin
  PGPORT, PGUSER, PGDATABASE, PGSSLMODE, PGPASSWORD   passed to pg_dumpall through the environment
  LOGICAL_BACKUP_PROVIDER                      only "s3" (gcs/az: exit 2)
  LOGICAL_BACKUP_S3_BUCKET, _BUCKET_PREFIX (default "spilo"), _BUCKET_SCOPE_SUFFIX,
  LOGICAL_BACKUP_S3_REGION, _ENDPOINT (empty: AWS), _SSE, _RETENTION_TIME (e.g. "30 days"; empty: keep all)
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY      (or any other credential source boto3 knows)
  AWS_CA_BUNDLE                                 default: the system store /etc/ssl/certs/ca-certificates.crt

The pod to dump from is found through the Kubernetes API with the pod's ServiceAccount token: a running
pod with spilo-role=replica if there is one, else the master/primary. (PGHOST, if set, skips that: a test aid.)
The dump is `pg_dumpall | gzip`, streamed to
  s3://<bucket>/<prefix>/<SCOPE><suffix>/logical_backups/<unix epoch seconds>.sql.gz
and afterwards objects under .../logical_backups/ last modified before now - retention are deleted.

Exit codes: 0 done; 1 unexpected error; 2 configuration (missing/invalid env, unsupported provider,
no pg_dumpall for PG_VERSION); 3 Kubernetes API error or no running pod; 4 pg_dumpall or gzip failed
(the partial object is removed); 5 upload failed; 6 retention cleanup failed (the backup itself is stored).
"""
import datetime
import json
import os
import re
import ssl
import subprocess
import sys
import time
import urllib.parse
import urllib.request

EXIT_CONFIG, EXIT_KUBERNETES, EXIT_DUMP, EXIT_UPLOAD, EXIT_RETENTION = 2, 3, 4, 5, 6
SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
SYSTEM_CA = "/etc/ssl/certs/ca-certificates.crt"
ROLE_LABEL = "spilo-role"


class Failure(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def log(message):
    print(time.strftime("%Y-%m-%d %H:%M:%S UTC ", time.gmtime()) + message, flush=True)


def required(env, name):
    value = env.get(name, "")
    if not value:
        raise Failure(EXIT_CONFIG, f"{name} is not set")
    return value


# --- configuration -------------------------------------------------------------------------------

def backup_prefix(env):
    """'<prefix>/<SCOPE><suffix>/logical_backups/' inside the bucket."""
    prefix = (env.get("LOGICAL_BACKUP_S3_BUCKET_PREFIX") or "spilo").strip("/")
    scope = required(env, "SCOPE") + env.get("LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX", "")
    return f"{prefix}/{scope.strip('/')}/logical_backups/"


def backup_key(env, now):
    return f"{backup_prefix(env)}{int(now)}.sql.gz"


def check_provider(env):
    provider = env.get("LOGICAL_BACKUP_PROVIDER") or "s3"
    if provider != "s3":
        raise Failure(EXIT_CONFIG, f"LOGICAL_BACKUP_PROVIDER={provider!r} is not supported by this test image "
                                   "(only 's3'; the operator's image also has 'gcs' and 'az')")


_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400, "fortnight": 14 * 86400}
_ALIASES = {"sec": "second", "secs": "second", "min": "minute", "mins": "minute"}


def _minus_months(t, months):
    index = t.year * 12 + (t.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    next_first = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_first - datetime.timedelta(days=1)).day
    return t.replace(year=year, month=month, day=min(t.day, last_day))


def retention_cutoff(text, now):
    """The instant `text` (GNU date style: '30 days', '3 months', '1 week 2 days', '1 year ago') before `now`
    (an aware datetime); None for an empty text."""
    text = (text or "").strip().lower()
    if not text:
        return None
    body = re.sub(r"\s+ago$", "", text)
    parts = re.findall(r"(\d+)\s*([a-z]+)", body)
    if not parts or re.sub(r"(\d+)\s*([a-z]+)", "", body).strip():
        raise Failure(EXIT_CONFIG, f"LOGICAL_BACKUP_S3_RETENTION_TIME={text!r}: expected e.g. '30 days' or '3 months'")
    cutoff = now
    for number, unit in parts:
        unit = _ALIASES.get(unit, unit)
        unit = unit[:-1] if unit.endswith("s") and unit[:-1] in _UNITS.keys() | {"month", "year"} else unit
        n = int(number)
        if unit == "month":
            cutoff = _minus_months(cutoff, n)
        elif unit == "year":
            cutoff = _minus_months(cutoff, 12 * n)
        elif unit in _UNITS:
            cutoff -= datetime.timedelta(seconds=n * _UNITS[unit])
        else:
            raise Failure(EXIT_CONFIG, f"LOGICAL_BACKUP_S3_RETENTION_TIME={text!r}: unknown unit {unit!r}")
    return cutoff


def pg_bin(env, root="/usr/lib/postgresql"):
    version = required(env, "PG_VERSION")
    path = os.path.join(root, version, "bin")
    if not os.access(os.path.join(path, "pg_dumpall"), os.X_OK):
        have = sorted(os.listdir(root)) if os.path.isdir(root) else []
        raise Failure(EXIT_CONFIG, f"no pg_dumpall for PG_VERSION={version} (this image has {', '.join(have) or 'none'})")
    return path


# --- Kubernetes -------------------------------------------------------------------------------------

def choose_pod(pods):
    """(name, podIP) of a running replica, else of the running master/primary; None if there is none."""
    running = [p for p in pods
               if p.get("status", {}).get("phase") == "Running" and p.get("status", {}).get("podIP")
               and not p.get("metadata", {}).get("deletionTimestamp")]
    running.sort(key=lambda p: p["metadata"].get("name", ""))
    for roles in (("replica",), ("master", "primary")):
        for pod in running:
            if pod["metadata"].get("labels", {}).get(ROLE_LABEL) in roles:
                return pod["metadata"]["name"], pod["status"]["podIP"]
    return None


def list_pods(env, sa_dir=SA_DIR):
    namespace = required(env, "POD_NAMESPACE")
    selector = f"{required(env, 'CLUSTER_NAME_LABEL')}={required(env, 'SCOPE')}"
    host = env.get("KUBERNETES_SERVICE_HOST")
    if not host:
        raise Failure(EXIT_KUBERNETES, "KUBERNETES_SERVICE_HOST is not set: not running in a pod?")
    if ":" in host:
        host = f"[{host}]"
    port = env.get("KUBERNETES_SERVICE_PORT") or "443"
    url = (f"https://{host}:{port}/api/v1/namespaces/{urllib.parse.quote(namespace)}/pods?"
           + urllib.parse.urlencode({"labelSelector": selector}))
    try:
        with open(os.path.join(sa_dir, "token")) as f:
            token = f.read().strip()
        context = ssl.create_default_context(cafile=os.path.join(sa_dir, "ca.crt"))
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
        with urllib.request.urlopen(request, context=context, timeout=30) as response:
            return json.load(response).get("items") or []
    except Exception as e:  # noqa: BLE001 -- any failure here means: no pod to dump from
        raise Failure(EXIT_KUBERNETES, f"listing pods {selector} in {namespace}: {e}") from None


def find_host(env, sa_dir=SA_DIR):
    if env.get("PGHOST"):
        log(f"PGHOST={env['PGHOST']} is set: no pod lookup")
        return env["PGHOST"]
    pods = list_pods(env, sa_dir)
    chosen = choose_pod(pods)
    if chosen is None:
        raise Failure(EXIT_KUBERNETES, f"no running replica or master among {len(pods)} pod(s) labelled "
                                       f"{env['CLUSTER_NAME_LABEL']}={env['SCOPE']} in {env['POD_NAMESPACE']}")
    log(f"dumping from pod {chosen[0]} ({chosen[1]})")
    return chosen[1]


# --- S3 -----------------------------------------------------------------------------------------------

def s3_client(env):
    import boto3  # imported late so that the unit tests need no boto3
    from botocore.config import Config
    endpoint = env.get("LOGICAL_BACKUP_S3_ENDPOINT") or None
    verify = env.get("AWS_CA_BUNDLE") or (SYSTEM_CA if os.path.exists(SYSTEM_CA) else None)
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint, region_name=env.get("LOGICAL_BACKUP_S3_REGION") or None, verify=verify,
        config=Config(retries={"max_attempts": 5, "mode": "standard"}))


def upload_args(env):
    sse = env.get("LOGICAL_BACKUP_S3_SSE", "")
    return {"ServerSideEncryption": sse} if sse else {}


def dump_and_upload(client, env, bucket, key, host, bin_dir):
    """Stream pg_dumpall | gzip into s3://bucket/key; return the compressed size."""
    child_env = {k: v for k, v in env.items()}
    child_env["PGHOST"] = host
    dump = subprocess.Popen([os.path.join(bin_dir, "pg_dumpall")], stdout=subprocess.PIPE, env=child_env)
    gzip = subprocess.Popen(["gzip", "-c"], stdin=dump.stdout, stdout=subprocess.PIPE)
    dump.stdout.close()
    counted = _Counting(gzip.stdout)
    try:
        client.upload_fileobj(counted, bucket, key, ExtraArgs=upload_args(env) or None)
    except Exception as e:  # noqa: BLE001
        for p in (dump, gzip):
            p.kill()
            p.wait()
        raise Failure(EXIT_UPLOAD, f"upload to s3://{bucket}/{key} failed: {e}") from None
    finally:
        gzip.stdout.close()
    dump_rc, gzip_rc = dump.wait(), gzip.wait()
    if dump_rc or gzip_rc:
        try:
            client.delete_object(Bucket=bucket, Key=key)
        except Exception as e:  # noqa: BLE001
            log(f"could not remove the partial s3://{bucket}/{key}: {e}")
        raise Failure(EXIT_DUMP, f"pg_dumpall exited {dump_rc}, gzip exited {gzip_rc}; nothing kept")
    return counted.size


class _Counting:
    def __init__(self, raw):
        self.raw, self.size = raw, 0

    def read(self, n=-1):
        data = self.raw.read(n)
        self.size += len(data)
        return data


def delete_outdated(client, bucket, prefix, cutoff, keep):
    """Delete objects under prefix last modified before cutoff (never `keep`); return the deleted keys."""
    deleted = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents") or []:
            if obj["Key"] != keep and obj["LastModified"] < cutoff:
                client.delete_object(Bucket=bucket, Key=obj["Key"])
                deleted.append(obj["Key"])
    return deleted


# --- main -----------------------------------------------------------------------------------------------

def run(env, client_factory=s3_client, sa_dir=SA_DIR, pg_root="/usr/lib/postgresql", clock=time.time):
    check_provider(env)
    bucket = required(env, "LOGICAL_BACKUP_S3_BUCKET")
    for name in ("SCOPE", "CLUSTER_NAME_LABEL", "POD_NAMESPACE"):
        required(env, name)
    bin_dir = pg_bin(env, pg_root)
    now = clock()
    cutoff = retention_cutoff(env.get("LOGICAL_BACKUP_S3_RETENTION_TIME", ""),
                              datetime.datetime.fromtimestamp(now, datetime.timezone.utc))
    key = backup_key(env, now)
    host = find_host(env, sa_dir)
    client = client_factory(env)
    log(f"pg_dumpall ({bin_dir}) | gzip -> s3://{bucket}/{key}"
        + (f" (endpoint {env['LOGICAL_BACKUP_S3_ENDPOINT']})" if env.get("LOGICAL_BACKUP_S3_ENDPOINT") else ""))
    size = dump_and_upload(client, env, bucket, key, host, bin_dir)
    log(f"uploaded {size} bytes")
    if cutoff is None:
        log("LOGICAL_BACKUP_S3_RETENTION_TIME is empty: keeping all backups")
        return
    try:
        deleted = delete_outdated(client, bucket, backup_prefix(env), cutoff, key)
    except Exception as e:  # noqa: BLE001
        raise Failure(EXIT_RETENTION, f"retention cleanup under s3://{bucket}/{backup_prefix(env)} failed: {e}") from None
    log(f"retention {env['LOGICAL_BACKUP_S3_RETENTION_TIME']!r}: deleted {len(deleted)} backup(s) "
        f"last modified before {cutoff.isoformat()}" + "".join(f"\n  {k}" for k in deleted))


def main():
    try:
        run(dict(os.environ))
    except Failure as e:
        log(f"logical backup FAILED: {e}")
        sys.exit(e.code)
    log("logical backup done")


if __name__ == "__main__":
    main()
