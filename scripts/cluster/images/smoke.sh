#!/usr/bin/env bash
# Smoke test of built images without a cluster: unpack each into a temp dir and run checks chrooted,
# inside fresh mount/PID/network namespaces (nothing touches the host).
#   scripts/cluster/images/smoke.sh [OUTPUT_DIR]   (default: build.sh's output)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$("$here/build.sh")}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

unpack() { # archive dir: extract the single layer of an archive built by oci.py
  local layer
  layer="$(python3 -c 'import json, sys, tarfile
t = tarfile.open(sys.argv[1])
m = json.load(t.extractfile("index.json"))["manifests"][0]["digest"][7:]
print(json.load(t.extractfile("blobs/sha256/" + m))["layers"][0]["digest"][7:])' "$1")"
  mkdir -p "$2"
  tar -xOf "$1" "blobs/sha256/$layer" | tar -xz --numeric-owner -C "$2"
}
unpack "$out/spilo.tar" "$tmp/spilo"
unpack "$out/pgbouncer.tar" "$tmp/pgbouncer"
unpack "$out/s3.tar" "$tmp/s3"
unpack "$out/logical-backup.tar" "$tmp/lb"
grep -q 's3.tar localhost/cdk8s-postgres-test/s3:latest ' "$out/images.txt"
grep -q 'logical-backup.tar .* ghcr.io/zalando/postgres-operator/logical-backup:\*' "$out/images.txt"
openssl x509 -in "$out/test-ca.crt" -noout -subject | grep -q 'cdk8s-postgres test CA'
# Names of the s3 server (HTTPS on 9443, HTTP on 9000) inside the smoke namespace.
for r in "$tmp/spilo" "$tmp/lb"; do
  printf '127.0.0.1 localhost s3.smoke.svc smoke.s3.smoke.svc\n' > "$r/etc/hosts"
  printf 'hosts: files\n' > "$r/etc/nsswitch.conf"
done
# boto3 (the spilo image's venv) against the s3 image: round trip, vhost style, access key, admin clock, TLS.
cat > "$tmp/spilo/tmp/s3check.py" <<'EOF_PY'
import datetime, json, ssl, sys, urllib.request
import boto3
from botocore.config import Config
CA = "/etc/ssl/certs/ca-certificates.crt"  # the system store, with the test CA added
def client(endpoint, key="smoke-ak", style="path"):
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key="smoke-sk",
                        region_name="us-east-1", verify=CA, config=Config(s3={"addressing_style": style}))
def admin(base, method="GET", query=""):
    req = urllib.request.Request(base + "/_admin/clock" + query, method=method)
    return json.load(urllib.request.urlopen(req, context=ssl.create_default_context(cafile=CA)))
for base in ("https://s3.smoke.svc:9443", "http://127.0.0.1:9000"):
    s3 = client(base)
    s3.put_object(Bucket="smoke", Key="dir/a.txt", Body=b"hello")
    assert s3.get_object(Bucket="smoke", Key="dir/a.txt")["Body"].read() == b"hello"
    s3.upload_fileobj(open("/etc/os-release", "rb"), "smoke", "dir/os-release")
    now = s3.head_object(Bucket="smoke", Key="dir/a.txt")["LastModified"]
    assert admin(base, "PUT", "?offset=-259200")["offsetSeconds"] == -259200
    s3.put_object(Bucket="smoke", Key="dir/old.txt", Body=b"old")
    old = s3.head_object(Bucket="smoke", Key="dir/old.txt")["LastModified"]
    assert admin(base, "PUT", "?offset=0")["offsetSeconds"] == 0
    assert datetime.timedelta(days=2.9) < now - old < datetime.timedelta(days=3.1), (now, old)
    listed = {o["Key"]: o["LastModified"] for o in s3.list_objects_v2(Bucket="smoke", Prefix="dir/")["Contents"]}
    assert sorted(listed) == ["dir/a.txt", "dir/old.txt", "dir/os-release"], listed
    try:
        client(base, key="someone-else").list_objects_v2(Bucket="smoke")
        sys.exit("FAIL: a foreign access key was accepted")
    except s3.exceptions.ClientError as e:
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 403, e.response
    print(f"{base}: put/get, upload_fileobj, admin clock (LastModified {now - old} apart), 403 for another key")
v = client("https://s3.smoke.svc:9443", style="virtual")
assert v.get_object(Bucket="smoke", Key="dir/a.txt")["Body"].read() == b"hello"
print("virtual-host style over TLS ok")
EOF_PY

# The minimal example's env, as kubelet would fill it (sourced by bash, hence the quotes); the API server address is unreachable on purpose.
cat > "$tmp/spilo/tmp/env" <<'EOF'
SCOPE='acid-minimal-cluster'
PGROOT='/home/postgres/pgdata/pgroot'
POD_IP='10.0.0.7'
POD_NAMESPACE='minimal'
PGUSER_SUPERUSER='postgres'
KUBERNETES_SCOPE_LABEL='cluster-name'
KUBERNETES_ROLE_LABEL='spilo-role'
PGPASSWORD_SUPERUSER='smoke-superuser-secret'
PGUSER_STANDBY='standby'
PGPASSWORD_STANDBY='smoke-standby-secret'
PAM_OAUTH2='https://info.example.com/oauth2/tokeninfo?access_token= uid realm=/employees'
HUMAN_ROLE='zalandos'
PGVERSION='18'
KUBERNETES_LABELS='{"application":"spilo"}'
SPILO_CONFIGURATION='{"postgresql":{},"bootstrap":{"initdb":[{"auth-host":"scram-sha-256"},{"auth-local":"trust"}],"dcs":{"failsafe_mode":false}}}'
DCS_ENABLE_KUBERNETES_API='true'
KUBERNETES_BOOTSTRAP_LABELS='{"critical-operation":"true"}'
KUBERNETES_USE_CONFIGMAPS='true'
KUBERNETES_BYPASS_API_SERVICE='false'
KUBERNETES_SERVICE_HOST='127.0.0.1'
KUBERNETES_SERVICE_PORT='1'
EOF

unshare --mount --pid --fork --net --uts --propagation private bash -euo pipefail -s "$tmp" <<'NS'
tmp="$1"; r="$tmp/spilo"
hostname acid-minimal-cluster-0; ip link set lo up
mount -t proc proc "$r/proc"; mount --rbind /dev "$r/dev"; mount -t tmpfs tmpfs "$r/run"
base=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/18/bin
      LC_ALL=en_US.utf-8 PGHOME=/home/postgres PGROOT=/home/postgres/pgdata/pgroot
      PGDATA=/home/postgres/pgdata/pgroot/data PGLOG=/home/postgres/pgdata/pgroot/pg_log)
as_pg() { chroot --userspec=101:103 "$r" "${base[@]}" HOME=/home/postgres bash -euo pipefail -c "$1"; }
echo "== tools as uid 101"
as_pg 'id; patroni --version; patronictl version; psql --version; python3 -c "import ssl, urllib.request; print(\"python ok\")"'
for v in 17 18; do
  echo "== PostgreSQL $v: initdb, start with Spilo-style settings, query, stop"
  as_pg "d=/tmp/pg$v; /usr/lib/postgresql/$v/bin/postgres --version
    /usr/lib/postgresql/$v/bin/initdb -A trust -U postgres -D \$d >/dev/null
    /usr/lib/postgresql/$v/bin/pg_ctl -D \$d -w -l \$d.log -o '-c wal_level=hot_standby -c listen_addresses= -c unix_socket_directories=/tmp -c shared_preload_libraries=pg_stat_statements' start >/dev/null
    psql -h /tmp -U postgres -XAtc 'CREATE EXTENSION pg_trgm; CREATE EXTENSION hstore; CREATE EXTENSION pg_stat_statements; SELECT version()'
    ls /usr/lib/postgresql/$v/bin/pg_basebackup /usr/lib/postgresql/$v/bin/pg_rewind >/dev/null
    /usr/lib/postgresql/$v/bin/pg_ctl -D \$d -w stop >/dev/null"
done
echo "== entrypoint (root, as the StatefulSet runs it): generated config, then Patroni without an API server"
set +e
chroot "$r" "${base[@]}" bash -c 'set -a; . /tmp/env; set +a; exec timeout -s TERM 15 /opt/patroni/bin/python3 /scripts/launch.py' \
  > "$tmp/launch.out" 2>&1
set -e
cat "$tmp/launch.out"
! grep -q 'smoke-.*-secret' "$tmp/launch.out" || { echo "FAIL: a password was printed"; exit 1; }
grep -q 'scope: acid-minimal-cluster' "$tmp/launch.out"
stat -c '%a %U' "$r/home/postgres/pgdata/pgroot/data" "$r/run/certs/server.key"
as_pg 'test -r /run/postgres.yml && patronictl -c /run/postgres.yml version >/dev/null && echo "patronictl reads the config"'
echo "== pgbouncer"
p="$tmp/pgbouncer"; mount -t proc proc "$p/proc"; mount --rbind /dev "$p/dev"
chroot --userspec=100:101 "$p" env -i PATH=/usr/sbin:/usr/bin:/bin pgbouncer --version | head -1
set +e
chroot --userspec=100:101 "$p" env -i PATH=/usr/sbin:/usr/bin:/bin PGHOST=127.0.0.1 PGUSER=pooler PGPASSWORD=pw \
  PGSCHEMA=pooler CONNECTION_POOLER_PORT=5432 timeout 3 /entrypoint.sh > "$tmp/pgb.out" 2>&1
set -e
grep -E 'listening on|FATAL|ERROR' "$tmp/pgb.out" || cat "$tmp/pgb.out"
grep -q 'listening on' "$tmp/pgb.out"
echo "== s3: gofakes3 as uid 65532, HTTPS with a serving certificate from the test CA, and plain HTTP"
s="$tmp/s3"
stat -c '%a %u' "$s/etc/s3/ca.key" | grep -qx '400 65532'
chroot --userspec=65532:65532 "$s" /s3 -listen 127.0.0.1:9443 -buckets smoke,backups -tls-names s3.smoke.svc,127.0.0.1 \
  -vhost-domains s3.smoke.svc -access-key smoke-ak -secret-key smoke-sk > "$tmp/s3tls.out" 2>&1 &
# The image has nothing but /s3: configure this one through the environment.
env -i PATH=/usr/sbin:/usr/bin:/bin S3_ACCESS_KEY=smoke-ak S3_BUCKETS=smoke \
  chroot --userspec=65532:65532 "$s" /s3 -listen 127.0.0.1:9000 > "$tmp/s3.out" 2>&1 &
for _ in $(seq 50); do grep -q 'serving https' "$tmp/s3tls.out" && grep -q 'serving http ' "$tmp/s3.out" && break; sleep 0.1; done
cat "$tmp/s3tls.out" "$tmp/s3.out"
chroot "$r" curl -fsS https://s3.smoke.svc:9443/_admin/health   # curl trusts the system store: test CA installed
chroot "$r" "${base[@]}" HOME=/tmp /opt/patroni/bin/python3 /tmp/s3check.py
! grep -qi 'authorization\|smoke-sk' "$tmp/s3tls.out" "$tmp/s3.out" || { echo "FAIL: credentials logged"; exit 1; }
grep -q 'PUT /smoke/dir/a.txt host=s3.smoke.svc:9443 status=200' "$tmp/s3tls.out"
grep -c ' status=' "$tmp/s3tls.out" | sed 's/$/ requests logged by the TLS server/'
echo "== spilo: WAL-G stand-in prerequisites"
chroot "$r" "${base[@]}" bash -euo pipefail -c 'command -v envdir gzip >/dev/null
  /opt/patroni/bin/python3 -c "import boto3, zstandard, lz4.frame; print(\"boto3\", boto3.__version__, \"zstandard\", zstandard.__version__, \"lz4\", lz4.__version__)"
  if [ -f /scripts/walg.py ]; then test -x /scripts/walg.py && test "$(readlink /usr/local/bin/wal-g)" = /scripts/walg.py && echo "wal-g -> /scripts/walg.py"; fi'
echo "== logical-backup: clients, unit tests, then a real dump of PostgreSQL 18 into the s3 server"
l="$tmp/lb"; mount -t proc proc "$l/proc"; mount --rbind /dev "$l/dev"
lb=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
for v in 17 18; do chroot "$l" "${lb[@]}" /usr/lib/postgresql/$v/bin/pg_dumpall --version; done
chroot "$l" "${lb[@]}" sh -c 'cd /scripts && python3 -m unittest -q test_dump'
as_pg 'd=/tmp/lbpg; /usr/lib/postgresql/18/bin/initdb -A trust -U postgres -D $d >/dev/null
  /usr/lib/postgresql/18/bin/pg_ctl -D $d -w -l $d.log -o "-c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp" start >/dev/null
  psql -h 127.0.0.1 -U postgres -XAqc "CREATE TABLE smoke_marker (id int); CREATE ROLE smoke_role"'
# An outdated backup (stamped 3 days ago by the admin clock) that a 2-day retention removes.
chroot "$r" "${base[@]}" HOME=/tmp /opt/patroni/bin/python3 - <<'EOF_PY'
import urllib.request, boto3
s3 = boto3.client("s3", endpoint_url="https://s3.smoke.svc:9443", aws_access_key_id="smoke-ak", aws_secret_access_key="x",
                  region_name="us-east-1", verify="/etc/ssl/certs/ca-certificates.crt")
ctx = __import__("ssl").create_default_context(cafile="/etc/ssl/certs/ca-certificates.crt")
clock = lambda o: urllib.request.urlopen(urllib.request.Request(f"https://s3.smoke.svc:9443/_admin/clock?offset={o}", method="PUT"), context=ctx)
clock(-3 * 86400)
s3.put_object(Bucket="backups", Key="spilo/acid-smoke/uid-1/logical_backups/1000.sql.gz", Body=b"old")
s3.put_object(Bucket="backups", Key="spilo/acid-other/uid-2/logical_backups/1000.sql.gz", Body=b"other cluster")
clock(0)
EOF_PY
set +e
chroot "$l" "${lb[@]}" SCOPE=acid-smoke CLUSTER_NAME_LABEL=cluster-name POD_NAMESPACE=smoke PG_VERSION=18 \
  PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGDATABASE=postgres PGSSLMODE=disable PGPASSWORD=smoke-lb-secret \
  LOGICAL_BACKUP_PROVIDER=s3 LOGICAL_BACKUP_S3_BUCKET=backups LOGICAL_BACKUP_S3_BUCKET_PREFIX=spilo \
  LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX=/uid-1 LOGICAL_BACKUP_S3_REGION=eu-central-1 \
  LOGICAL_BACKUP_S3_ENDPOINT=https://s3.smoke.svc:9443 LOGICAL_BACKUP_S3_SSE=AES256 LOGICAL_BACKUP_S3_RETENTION_TIME='2 days' \
  AWS_ACCESS_KEY_ID=smoke-ak AWS_SECRET_ACCESS_KEY=smoke-lb-s3-secret python3 /scripts/dump.py > "$tmp/lb.out" 2>&1
rc=$?
chroot "$l" "${lb[@]}" SCOPE=acid-smoke CLUSTER_NAME_LABEL=cluster-name POD_NAMESPACE=smoke PG_VERSION=18 \
  LOGICAL_BACKUP_PROVIDER=gcs LOGICAL_BACKUP_S3_BUCKET=backups python3 /scripts/dump.py > "$tmp/lb-gcs.out" 2>&1
rc_gcs=$?
set -e
cat "$tmp/lb.out"
[[ $rc -eq 0 ]] || { echo "FAIL: dump.py exited $rc"; exit 1; }
[[ $rc_gcs -eq 2 ]] || { echo "FAIL: provider gcs: exit $rc_gcs, want 2"; cat "$tmp/lb-gcs.out"; exit 1; }
! grep -q 'smoke-lb-' "$tmp/lb.out" || { echo "FAIL: a secret was printed"; exit 1; }
chroot "$r" "${base[@]}" HOME=/tmp /opt/patroni/bin/python3 - <<'EOF_PY'
import gzip, boto3
s3 = boto3.client("s3", endpoint_url="https://s3.smoke.svc:9443", aws_access_key_id="smoke-ak", aws_secret_access_key="x",
                  region_name="us-east-1", verify="/etc/ssl/certs/ca-certificates.crt")
keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="backups")["Contents"])
ours = [k for k in keys if k.startswith("spilo/acid-smoke/uid-1/logical_backups/")]
assert "spilo/acid-other/uid-2/logical_backups/1000.sql.gz" in keys, keys
assert len(ours) == 1 and ours[0].endswith(".sql.gz") and ours[0] != "spilo/acid-smoke/uid-1/logical_backups/1000.sql.gz", keys
sql = gzip.decompress(s3.get_object(Bucket="backups", Key=ours[0])["Body"].read()).decode()
assert "CREATE TABLE public.smoke_marker" in sql and "CREATE ROLE smoke_role" in sql, sql[:500]
print(f"backup {ours[0]}: {len(sql)} bytes of SQL; the 3-day-old backup was removed, the other cluster's kept")
EOF_PY
as_pg '/usr/lib/postgresql/18/bin/pg_ctl -D /tmp/lbpg -w stop >/dev/null'
echo "== all smoke checks passed"
NS
