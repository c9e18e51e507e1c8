#!/opt/patroni/bin/python3
"""A stand-in for WAL-G (installed as `wal-g`): the commands Spilo's scripts run, WAL-G's S3 layout.

WAL-G itself is not served by the Go module proxy reachable here, so this implements the part of
its interface Spilo uses, driven by the same envdir variables:
  wal-push PATH | wal-fetch NAME DEST | backup-push PGDATA | backup-fetch DEST NAME|LATEST
  backup-list [--detail] [--json] | delete before FIND_FULL NAME [--confirm] | delete retain [FULL] N [--confirm]
Layout under WALG_S3_PREFIX (as WAL-G writes it): wal_005/<segment>.<ext>,
basebackups_005/<name>/tar_partitions/part_1.tar.<ext>, basebackups_005/<name>/metadata.json and
basebackups_005/<name>_backup_stop_sentinel.json (written last: a backup without it is incomplete).
Differences from WAL-G: one tar partition, no delta backups, no encryption, no tablespaces, S3 only,
compression lz4/zstd/lzma (not brotli), backups only from a primary.
"""
import datetime
import io
import json
import lzma
import os
import socket
import sys
import tarfile
import tempfile

WAL = "wal_005/"
BACKUPS = "basebackups_005/"
SENTINEL = "_backup_stop_sentinel.json"
EXTENSIONS = {"lz4": "lz4", "zstd": "zst", "lzma": "lzma"}
# Not copied into a base backup (PostgreSQL's own list for base backups); directories are kept empty.
SKIP_CONTENT = {"pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_stat_tmp",
                "pg_subtrans"}
SKIP_FILES = {"postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map", "backup_label.old",
              "recovery.signal", "standby.signal", "recovery.conf"}


class Failure(Exception):
    pass


def log(msg):
    print("wal-g: " + msg, file=sys.stderr, flush=True)


def method(env, backup=False):
    name = (backup and env.get("WALG_BACKUP_COMPRESSION_METHOD")) or env.get("WALG_COMPRESSION_METHOD") or "lz4"
    if name not in EXTENSIONS:
        raise Failure("compression method %r is not implemented by the test image (lz4, zstd, lzma)" % name)
    return name


def compress(name, data):
    if name == "lz4":
        import lz4.frame
        return lz4.frame.compress(data)
    if name == "zstd":
        import zstandard
        return zstandard.ZstdCompressor().compress(data)
    return lzma.compress(data)


def decompress(ext, data):
    if ext == "lz4":
        import lz4.frame
        return lz4.frame.decompress(data)
    if ext == "zst":
        import zstandard
        return zstandard.ZstdDecompressor().decompressobj().decompress(data)
    if ext == "lzma":
        return lzma.decompress(data)
    raise Failure("unknown extension " + ext)


class Store:
    """The archive under WALG_S3_PREFIX (s3://bucket/path)."""

    def __init__(self, env):
        import boto3
        import botocore.config
        url = env.get("WALG_S3_PREFIX") or env.get("WALE_S3_PREFIX") or ""
        if not url.startswith("s3://"):
            raise Failure("WALG_S3_PREFIX must be an s3:// URL (only S3 is implemented), got %r" % url)
        self.bucket, _, path = url[5:].partition("/")
        self.root = path.strip("/") + "/" if path.strip("/") else ""
        style = "path" if (env.get("AWS_S3_FORCE_PATH_STYLE") or "").lower() == "true" else "auto"
        kwargs = {"region_name": env.get("AWS_REGION") or "us-east-1",
                  "config": botocore.config.Config(s3={"addressing_style": style}, connect_timeout=5, read_timeout=60,
                                                   retries={"max_attempts": 2, "mode": "standard"}),
                  # Like WAL-G: the system trust store unless a CA file is named.
                  "verify": env.get("WALG_S3_CA_CERT_FILE") or "/etc/ssl/certs/ca-certificates.crt"}
        if env.get("AWS_ENDPOINT"):
            kwargs["endpoint_url"] = env["AWS_ENDPOINT"]
        self.extra = {}
        if env.get("WALG_S3_SSE") and (env.get("WALG_DISABLE_S3_SSE") or "").lower() != "true":
            self.extra["ServerSideEncryption"] = env["WALG_S3_SSE"]
            if env.get("WALG_S3_SSE_KMS_ID"):
                self.extra["SSEKMSKeyId"] = env["WALG_S3_SSE_KMS_ID"]
        self.s3 = boto3.client("s3", **kwargs)

    def put(self, key, data):
        self.s3.put_object(Bucket=self.bucket, Key=self.root + key, Body=data, **self.extra)

    def upload(self, key, path):
        self.s3.upload_file(path, self.bucket, self.root + key, ExtraArgs=self.extra or None)

    def get(self, key):
        import botocore.exceptions
        try:
            return self.s3.get_object(Bucket=self.bucket, Key=self.root + key)["Body"].read()
        except botocore.exceptions.ClientError as e:
            if e.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise

    def list(self, prefix):
        out = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.root + prefix):
            for o in page.get("Contents", []):
                out.append((o["Key"][len(self.root):], o["LastModified"], o["Size"]))
        return out

    def delete(self, keys):
        for i in range(0, len(keys), 1000):
            chunk = [{"Key": self.root + k} for k in keys[i:i + 1000]]
            self.s3.delete_objects(Bucket=self.bucket, Delete={"Objects": chunk, "Quiet": True})


def wal_push(env, store, path):
    name = os.path.basename(path)
    m = method(env)
    with open(path, "rb") as f:
        data = compress(m, f.read())
    key = "%s%s.%s" % (WAL, name, EXTENSIONS[m])
    if (env.get("WALG_PREVENT_WAL_OVERWRITE") or "").lower() == "true" and store.get(key) is not None:
        raise Failure("WAL file %s already archived" % name)
    store.put(key, data)
    log("archived %s" % name)


def wal_fetch(store, name, dest):
    for ext in EXTENSIONS.values():
        data = store.get("%s%s.%s" % (WAL, name, ext))
        if data is not None:
            tmp = dest + ".walg-tmp"
            with open(tmp, "wb") as f:
                f.write(decompress(ext, data))
            os.rename(tmp, dest)
            return
    log("archive %s does not exist" % name)
    sys.exit(74)  # WAL-G's "not found" code; PostgreSQL treats any code below 126 as "not there"


def backups(store):
    """Complete backups (those with a sentinel), oldest first: dicts with name, modified, sentinel."""
    out = []
    for key, modified, _ in store.list(BACKUPS):
        rest = key[len(BACKUPS):]
        if "/" in rest or not rest.endswith(SENTINEL):
            continue
        name = rest[:-len(SENTINEL)]
        sentinel = json.loads(store.get(key) or b"{}")
        out.append({"name": name, "modified": modified, "sentinel": sentinel})
    return sorted(out, key=lambda b: (b["modified"], b["name"]))


def iso(t):
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def wal_segment(name):
    return name.split("_", 1)[1][:24]


def backup_list(store, detail, as_json):
    items = backups(store)
    if as_json:
        print(json.dumps([dict({"backup_name": b["name"], "time": iso(b["modified"]),
                                "wal_file_name": wal_segment(b["name"])},
                               **({k.lower(): v for k, v in b["sentinel"].items()} if detail else {}))
                          for b in items]))
        return
    print("name modified wal_segment_backup_start")
    for b in items:
        print("%s %s %s" % (b["name"], iso(b["modified"]), wal_segment(b["name"])))


def connect(env):
    import psycopg2
    conn = psycopg2.connect(dbname="postgres", host=env.get("PGHOST") or "/var/run/postgresql",
                            port=env.get("PGPORT") or "5432", user=env.get("PGUSER") or "postgres")
    conn.autocommit = True
    return conn


def skip(rel):
    parts = rel.split("/")
    if len(parts) == 1 and parts[0] in SKIP_FILES:
        return True
    if len(parts) > 1 and parts[0] in SKIP_CONTENT:
        return True
    return "pgsql_tmp" in parts or parts[-1].startswith("pgsql_tmp")


def add_tree(tar, pgdata):
    size = 0
    for root, dirs, files in os.walk(pgdata):
        dirs.sort()
        for name in sorted(dirs) + sorted(files):
            full = os.path.join(root, name)
            rel = os.path.relpath(full, pgdata)
            if rel == "pg_tblspc" or skip(rel):
                continue
            if rel.startswith("pg_tblspc/"):
                raise Failure("tablespaces are not implemented by the test image")
            try:
                info = tar.gettarinfo(full, arcname=rel)
                if info.isfile():
                    with open(full, "rb") as f:
                        tar.addfile(info, f)
                    size += info.size
                else:
                    tar.addfile(info)
            except FileNotFoundError:
                pass  # removed while we copy (e.g. a temp file); WAL replay recreates what matters
    os.makedirs(os.path.join(pgdata, "pg_tblspc"), exist_ok=True)
    tar.addfile(tar.gettarinfo(os.path.join(pgdata, "pg_tblspc"), arcname="pg_tblspc"))
    return size


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup_push(env, store, pgdata):
    conn = connect(env)
    cur = conn.cursor()
    cur.execute("SELECT pg_is_in_recovery(), current_setting('server_version_num')::int, "
                "(SELECT system_identifier FROM pg_control_system())")
    in_recovery, version, sysid = cur.fetchone()
    if in_recovery:
        raise Failure("backups from a replica are not implemented by the test image")
    if version < 150000:
        raise Failure("PostgreSQL %d: the test image implements backups for 15 and later" % version)
    started = datetime.datetime.now(datetime.timezone.utc)
    cur.execute("SELECT lsn::text, pg_walfile_name(lsn), lsn - '0/0'::pg_lsn FROM pg_backup_start(%s, true) lsn",
                ("walg-" + started.strftime("%Y%m%dT%H%M%S"),))
    start_lsn, start_wal, start_num = cur.fetchone()
    name = "base_" + start_wal
    m = method(env, backup=True)
    tmpdir = env.get("TMPDIR") or tempfile.gettempdir()
    with tempfile.TemporaryDirectory(dir=tmpdir) as tmp:
        raw = os.path.join(tmp, "part.tar")
        with tarfile.open(raw, "w", format=tarfile.PAX_FORMAT) as tar:
            size = add_tree(tar, pgdata)
            cur.execute("SELECT lsn::text, lsn - '0/0'::pg_lsn, labelfile, spcmapfile FROM pg_backup_stop(true)")
            finish_lsn, finish_num, label, spcmap = cur.fetchone()
            add_bytes(tar, "backup_label", label.encode())
            if spcmap:
                add_bytes(tar, "tablespace_map", spcmap.encode())
        with open(raw, "rb") as f:
            data = compress(m, f.read())
        packed = os.path.join(tmp, "part.packed")
        with open(packed, "wb") as f:
            f.write(data)
        store.upload("%s%s/tar_partitions/part_1.tar.%s" % (BACKUPS, name, EXTENSIONS[m]), packed)
    finished = datetime.datetime.now(datetime.timezone.utc)
    sentinel = {"LSN": int(start_num), "FinishLSN": int(finish_num), "StartLSNText": start_lsn,
                "FinishLSNText": finish_lsn, "StartTime": iso(started), "FinishTime": iso(finished),
                "Hostname": socket.gethostname(), "DataDir": pgdata, "PgVersion": version,
                "SystemIdentifier": int(sysid), "UncompressedSize": size, "CompressedSize": len(data),
                "IsPermanent": False, "Compression": m,
                "UserData": json.loads(env["WALG_SENTINEL_USER_DATA"]) if env.get("WALG_SENTINEL_USER_DATA") else None}
    store.put("%s%s/metadata.json" % (BACKUPS, name), json.dumps(sentinel).encode())
    store.put(BACKUPS + name + SENTINEL, json.dumps(sentinel).encode())
    log("backup %s done: %d bytes, %d compressed, %.1f s" % (name, size, len(data),
                                                              (finished - started).total_seconds()))


def backup_fetch(store, dest, name):
    items = backups(store)
    if not items:
        raise Failure("no backups under the prefix")
    chosen = items[-1] if name == "LATEST" else next((b for b in items if b["name"] == name), None)
    if chosen is None:
        raise Failure("backup %s does not exist" % name)
    parts = [k for k, _, _ in store.list("%s%s/tar_partitions/" % (BACKUPS, chosen["name"]))]
    if not parts:
        raise Failure("backup %s has no tar partitions" % chosen["name"])
    os.makedirs(dest, mode=0o700, exist_ok=True)
    if os.listdir(dest):
        raise Failure("destination %s is not empty" % dest)
    for key in parts:
        data = decompress(key.rsplit(".", 1)[1], store.get(key))
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
            # Our own archive of a data directory: extract it as it is (owners, modes, links).
            if hasattr(tarfile, "fully_trusted_filter"):
                tar.extractall(dest, filter="fully_trusted")
            else:
                tar.extractall(dest)
    for sub in SKIP_CONTENT | {"pg_wal/archive_status"}:
        os.makedirs(os.path.join(dest, sub), exist_ok=True)
    os.chmod(dest, 0o700)
    log("restored %s into %s" % (chosen["name"], dest))


def delete_before(store, target, confirm):
    items = backups(store)
    names = [b["name"] for b in items]
    if target not in names:
        raise Failure("backup %s does not exist" % target)
    older = items[:names.index(target)]
    keys = []
    for b in older:
        keys += [k for k, _, _ in store.list("%s%s/" % (BACKUPS, b["name"]))] + [BACKUPS + b["name"] + SENTINEL]
    first = wal_segment(target)
    for key, _, _ in store.list(WAL):
        seg = key[len(WAL):].split(".")[0]
        # Segments (not .history files) that sort before the oldest kept backup's first one.
        if len(seg) == 24 and seg[8:] < first[8:] and seg[:8] <= first[:8]:
            keys.append(key)
    for k in keys:
        log(("deleting " if confirm else "would delete ") + k)
    if confirm and keys:
        store.delete(keys)


def main(argv, env, store=None):
    if not argv:
        raise Failure("usage: wal-g COMMAND ...")
    cmd, args = argv[0], [a for a in argv[1:] if not a.startswith("--")]
    flags = {a for a in argv[1:] if a.startswith("--")}
    store = store or Store(env)
    if cmd == "wal-push" and len(args) == 1:
        wal_push(env, store, args[0])
    elif cmd == "wal-fetch" and len(args) == 2:
        wal_fetch(store, args[0], args[1])
    elif cmd == "backup-push" and len(args) == 1:
        backup_push(env, store, args[0])
    elif cmd == "backup-fetch" and len(args) == 2:
        backup_fetch(store, args[0], args[1])
    elif cmd == "backup-list":
        backup_list(store, "--detail" in flags, "--json" in flags)
    elif cmd == "delete" and args[:2] == ["before", "FIND_FULL"] and len(args) == 3:
        delete_before(store, args[2], "--confirm" in flags)
    elif cmd == "delete" and args and args[0] == "retain":
        count = int(args[-1])
        items = backups(store)
        if len(items) > count:
            delete_before(store, items[-count]["name"], "--confirm" in flags)
    else:
        raise Failure("not implemented by the test image: wal-g " + " ".join(argv))


if __name__ == "__main__":
    import botocore.exceptions
    try:
        main(sys.argv[1:], os.environ)
    except (Failure, botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError, OSError) as e:
        log("ERROR: %s" % e)
        sys.exit(1)
