#!/usr/bin/env bash
# Build the images the running-cluster tier imports into containerd (see README.md), outside the repo.
#   scripts/cluster/images/build.sh   -> prints the output dir (OCI archives + images.txt)
# The cache key hashes every input file in this directory (pins.sh included, docs and smoke.sh not);
# a warm run only checks images.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/pins.sh"

key="$(cd "$here" && find . -type f ! -name '*.pyc' ! -path '*/__pycache__/*' ! -name '*.md' ! -name smoke.sh -print0 | LC_ALL=C sort -z \
  | xargs -0 sha256sum | sha256sum | cut -c1-16)"
root="${CDK8S_PG_CACHE:-$HOME/.cache/cdk8s-postgres}/images"
out="$root/$key"
if [[ -f "$out/images.txt" ]]; then echo "$out"; exit 0; fi

for tool in mmdebstrap unshare go python3 openssl; do
  command -v "$tool" >/dev/null || { echo "build.sh: needs $tool (apt: mmdebstrap; Go 1.21+)" >&2; exit 1; }
done
[[ $EUID -eq 0 ]] || { echo "build.sh: run as root (mmdebstrap root mode in a private mount namespace)" >&2; exit 1; }
mkdir -p "$root/debs"
# One build at a time: concurrent runs wait here, then find the finished images.txt.
exec 9>"$root/.lock"; flock 9
if [[ -f "$out/images.txt" ]]; then echo "$out"; exit 0; fi

log() { echo "images/build.sh[$key]: $*" >&2; }
start=$(date +%s)
work="$root/.work-$key"
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

# debstrap OUT.tar PACKAGES [mmdebstrap hook options...]: a minbase root filesystem as a tar.
# Downloaded .debs are kept in $root/debs between builds (mmdebstrap's sync-in/sync-out hooks).
debstrap() {
  local tar="$1" pkgs="$2"; shift 2
  local sources=("deb $DEBIAN_MIRROR $DEBIAN_SUITE main")
  for s in $DEBIAN_EXTRA_SUITES; do sources+=("deb $DEBIAN_MIRROR $s main"); done
  unshare --mount --propagation private mmdebstrap --mode=root --variant=minbase --format=tar \
    --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='Acquire::Retries "3"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --skip=download/empty \
    --setup-hook='mkdir -p "$1"/var/cache/apt/archives' \
    --setup-hook="sync-in $root/debs /var/cache/apt/archives" \
    --include="$pkgs" "$@" \
    --customize-hook="sync-out /var/cache/apt/archives $root/debs" \
    --customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb; rm -rf "$1"/tmp/* "$1"/var/log/*' \
    "$DEBIAN_SUITE" "$tar" "${sources[@]}"
}
# An essential-hook adding our user with fixed ids, before Debian's maintainer scripts pick theirs.
add_user() { # uid gid name home
  echo "echo '$3:x:$2:' >> \"\$1\"/etc/group; echo '$3:x:$1:$2::$4:/bin/bash' >> \"\$1\"/etc/passwd"
}

# A test CA, new for every build: trusted by the spilo and logical-backup images, signing key and
# certificate in the s3 image (which signs its serving certificate at startup), copied out as test-ca.crt.
log "test CA"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -sha256 \
  -subj "/CN=cdk8s-postgres test CA" -keyout "$work/ca.key" -out "$work/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash" 2>/dev/null
cp "$work/ca.crt" "$work/test-ca.crt"
# A customize-hook adding the test CA to an image's system trust store.
trust_ca='mkdir -p "$1"/usr/local/share/ca-certificates && cp '"$work"'/ca.crt "$1"/usr/local/share/ca-certificates/cdk8s-postgres-test-ca.crt && chroot "$1" update-ca-certificates >/dev/null'

spilo_pkgs="bash,ca-certificates,curl,daemontools,gzip,iproute2,locales,openssl,procps,python3,python3-venv,less"
for v in $PG_MAJORS; do spilo_pkgs+=",postgresql-$v,postgresql-client-$v"; done
log "spilo: Debian $DEBIAN_SUITE+$DEBIAN_EXTRA_SUITES, PostgreSQL $PG_MAJORS, Patroni $PATRONI_VERSION"
debstrap "$work/spilo.rootfs.tar" "$spilo_pkgs" \
  --essential-hook="$(add_user 101 103 postgres /home/postgres)" \
  --customize-hook="cp $here/spilo/*.py $here/spilo/*.sh /etc/ssl/certs/ca-certificates.crt \"\$1\"/tmp/" \
  --customize-hook="$trust_ca" \
  --customize-hook="chroot \"\$1\" sh -c '
    set -e
    mkdir -p /scripts && mv /tmp/*.py /tmp/*.sh /scripts/ && chmod 0755 /scripts/*.sh /scripts/*.py
    [ -f /scripts/walg.py ] && ln -s /scripts/walg.py /usr/local/bin/wal-g || true
    localedef -i en_US -f UTF-8 en_US.UTF-8
    # Debian creates a \"main\" cluster per major; Patroni owns the data directory instead.
    rm -rf /etc/postgresql/* /var/lib/postgresql/*
    python3 -m venv /opt/patroni
    env -i PATH=/usr/bin:/bin HOME=/tmp /opt/patroni/bin/pip install -q --no-cache-dir \
      --disable-pip-version-check --cert /tmp/ca-certificates.crt \
      \"patroni[kubernetes]==$PATRONI_VERSION\" psycopg2-binary==$PSYCOPG2_VERSION \
      boto3==$BOTO3_VERSION zstandard==$ZSTANDARD_VERSION lz4==$LZ4_VERSION
    ln -s /opt/patroni/bin/patroni /opt/patroni/bin/patronictl /usr/local/bin/
    /opt/patroni/bin/python3 -m unittest discover -q -s /scripts
    rm -rf /scripts/__pycache__ /tmp/ca-certificates.crt
    mkdir -p /home/postgres/pgdata /run/postgresql && chown -R postgres:postgres /home/postgres /run/postgresql
    # RW_DIR: launch.py writes postgres.yml, envdirs, certificates and the crontab there, also when the pod runs as postgres.
    chown postgres:postgres /run
    /opt/patroni/bin/pip freeze > /opt/patroni/requirements.lock'" \
  --customize-hook='# boto3 in the venv reads certifi'"'"'s bundle (or botocore'"'"'s), not the system store: the test CA goes there too.
    for b in "$1"/opt/patroni/lib/python3*/site-packages/certifi/cacert.pem "$1"/opt/patroni/lib/python3*/site-packages/botocore/cacert.pem; do
      [ -f "$b" ] && cat "$1"/usr/local/share/ca-certificates/cdk8s-postgres-test-ca.crt >> "$b"; done; true' \
  --customize-hook="chroot \"\$1\" dpkg-query -W > $work/spilo.packages.txt" \
  --customize-hook="cp \"\$1\"/opt/patroni/requirements.lock $work/spilo.pip.txt"

log "pgbouncer"
debstrap "$work/pgbouncer.rootfs.tar" "pgbouncer,openssl,ca-certificates" \
  --essential-hook="$(add_user 100 101 pgbouncer /etc/pgbouncer)" \
  --customize-hook="cp $here/pgbouncer/entrypoint.sh \"\$1\"/entrypoint.sh" \
  --customize-hook='chroot "$1" sh -c "rm -f /etc/pgbouncer/*; chown 100:101 /etc/pgbouncer; chmod 2775 /etc/pgbouncer"'

log "postgres-exporter ($EXPORTER_PACKAGE)"
debstrap "$work/postgres-exporter.rootfs.tar" "$EXPORTER_PACKAGE"

log "logical-backup: PostgreSQL clients $PG_MAJORS, python3-boto3"
lb_pkgs="ca-certificates,gzip,python3,python3-boto3"
for v in $PG_MAJORS; do lb_pkgs+=",postgresql-client-$v"; done
debstrap "$work/logical-backup.rootfs.tar" "$lb_pkgs" \
  --customize-hook="$trust_ca" \
  --customize-hook="mkdir -p \"\$1\"/scripts && cp $here/logical-backup/*.py \"\$1\"/scripts/" \
  --customize-hook='chroot "$1" sh -c "set -e; chmod 0755 /scripts/dump.py
    cd /scripts && python3 -m unittest -q test_dump; rm -rf /scripts/__pycache__"' \
  --customize-hook="chroot \"\$1\" dpkg-query -W > $work/logical-backup.packages.txt"

log "pause"
mkdir -p "$work/pause"
(cd "$here/pause" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -trimpath -ldflags='-s -w' \
  -o "$work/pause/pause" .)
tar --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/pause" -cf "$work/pause.rootfs.tar" ./pause

log "s3 (gofakes3)"
mkdir -p "$work/s3/etc/s3"
(cd "$here/s3" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -trimpath -ldflags='-s -w' \
  -o "$work/s3/s3" .)
install -m 0444 -o 0 -g 0 "$work/ca.crt" "$work/s3/etc/s3/ca.crt"
install -m 0400 -o 65532 -g 65532 "$work/ca.key" "$work/s3/etc/s3/ca.key"
mkdir -p "$work/s3/tmp" && chmod 1777 "$work/s3/tmp"   # Go's multipart-form spill files
chmod 0755 "$work/s3/etc" "$work/s3/etc/s3"
tar --numeric-owner --mtime=@0 -C "$work/s3" -cf "$work/s3.rootfs.tar" ./s3 ./etc ./tmp

# image NAME PATTERNS CONFIG [TAG]: wrap <image>.rootfs.tar into <image>.tar and list it in images.txt.
image() {
  local name="$IMAGE_PREFIX/$1:${4:-$key}"
  python3 "$here/oci.py" "$work/$1.rootfs.tar" "$name" "$3" "$work/$1.tar"
  rm -f "$work/$1.rootfs.tar"
  echo "$1.tar $name $2" >> "$work/images.txt"
}
log "writing OCI archives"
path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
image spilo 'ghcr.io/zalando/spilo-*' "$(cat <<JSON
{"Env": ["PATH=$path:/usr/lib/postgresql/18/bin", "LC_ALL=en_US.utf-8", "PGHOME=/home/postgres", "RW_DIR=/run",
  "PGROOT=/home/postgres/pgdata/pgroot", "PGDATA=/home/postgres/pgdata/pgroot/data",
  "PGLOG=/home/postgres/pgdata/pgroot/pg_log"],
 "Cmd": ["/opt/patroni/bin/python3", "/scripts/launch.py"], "WorkingDir": "/home/postgres",
 "ExposedPorts": {"5432/tcp": {}, "8008/tcp": {}}}
JSON
)"
image pgbouncer 'ghcr.io/zalando/postgres-operator/pgbouncer:*' \
  "{\"Env\": [\"PATH=$path\"], \"Entrypoint\": [\"/entrypoint.sh\"], \"User\": \"100:101\"}"
image postgres-exporter 'quay.io/prometheuscommunity/postgres-exporter:*' \
  "{\"Env\": [\"PATH=$path\"], \"Entrypoint\": [\"/usr/bin/prometheus-postgres-exporter\"], \"User\": \"65534:65534\"}"
image pause 'registry.k8s.io/pause:*' '{"Entrypoint": ["/pause"], "User": "65535:65535"}'
image logical-backup 'ghcr.io/zalando/postgres-operator/logical-backup:*' \
  "{\"Env\": [\"PATH=$path\"], \"Entrypoint\": [\"/usr/bin/python3\", \"/scripts/dump.py\"], \"WorkingDir\": \"/scripts\"}"
# Serves no manifest image: tests deploy it by its stable local name (tag "latest", not the build key).
image s3 "$IMAGE_PREFIX/s3:*" \
  '{"Entrypoint": ["/s3"], "User": "65532:65532", "ExposedPorts": {"9000/tcp": {}}}' latest

rm -rf "$work/pause" "$work/s3" "$work/ca.key" "$work/ca.crt"
mv "$work" "$out"
trap - EXIT
log "done in $(( $(date +%s) - start ))s"
echo "$out"
