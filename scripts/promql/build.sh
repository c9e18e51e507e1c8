#!/usr/bin/env bash
# Builds promql-check (scripts/promql/main.go.txt) against Prometheus's own rule and PromQL parsers from
# the Go module proxy, into ${CDK8S_PG_CACHE:-~/.cache/cdk8s-postgres}/promql/<version>/, outside the repo.
#   scripts/promql/build.sh     -> prints the binary's path
# Idempotent: a warm run only checks that the binary exists and matches the source.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Go module version of github.com/prometheus/prometheus (Prometheus 3.x releases are published as v0.3xx.y).
PROMETHEUS_MODULE_VERSION="${PROMETHEUS_MODULE_VERSION:-v0.316.0}"
cache="${CDK8S_PG_CACHE:-$HOME/.cache/cdk8s-postgres}/promql/$PROMETHEUS_MODULE_VERSION"
bin="$cache/promql-check"
sum="$(sha256sum "$here/main.go.txt" | cut -c1-16)"
if [[ -x "$bin" && "$(cat "$cache/SOURCE" 2>/dev/null)" == "$sum" ]]; then echo "$bin"; exit 0; fi

go="$(command -v go || echo /usr/local/go/bin/go)"
[[ -x "$go" ]] || { echo "promql build.sh: needs a Go toolchain" >&2; exit 1; }
mkdir -p "$cache"
exec 9>"$cache/.lock"; flock 9
if [[ -x "$bin" && "$(cat "$cache/SOURCE" 2>/dev/null)" == "$sum" ]]; then echo "$bin"; exit 0; fi
src="$cache/src"
rm -rf "$src"; mkdir -p "$src"
cp "$here/main.go.txt" "$src/main.go"
cd "$src"
export GOFLAGS="-mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN_OVERRIDE:-auto}" CGO_ENABLED=0
printf 'module cdk8s-postgres.local/promql-check\n\ngo 1.24\n' > go.mod
"$go" get "github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION" >&2
"$go" mod tidy >&2
"$go" build -trimpath -ldflags '-s -w' -o "$bin.tmp" . >&2
mv "$bin.tmp" "$bin"
echo "$sum" > "$cache/SOURCE"
echo "$bin"
