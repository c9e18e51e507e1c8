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
echo "== all smoke checks passed"
NS
