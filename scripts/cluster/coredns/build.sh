#!/usr/bin/env bash
# Builds a CoreDNS binary (scripts/cluster/coredns/main.go.txt) from the Go module proxy into
# ${CDK8S_PG_CACHE:-~/.cache/cdk8s-postgres}/coredns/<version>/, outside the repo. Prints the binary's path.
# Idempotent: a warm run only checks that the binary exists and matches the source.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../versions.sh"
cache="$CLUSTER_CACHE_ROOT/coredns/$COREDNS_VERSION"
bin="$cache/coredns"
sum="$(sha256sum "$here/main.go.txt" | cut -c1-16)"
if [[ -x "$bin" && "$(cat "$cache/SOURCE" 2>/dev/null)" == "$sum" ]]; then echo "$bin"; exit 0; fi
command -v go >/dev/null || { echo "coredns build.sh: needs a Go toolchain" >&2; exit 1; }
mkdir -p "$cache"
exec 9>"$cache/.lock"; flock 9
if [[ -x "$bin" && "$(cat "$cache/SOURCE" 2>/dev/null)" == "$sum" ]]; then echo "$bin"; exit 0; fi
start=$SECONDS
src="$cache/src"
rm -rf "$src"; mkdir -p "$src"
cp "$here/main.go.txt" "$src/main.go"
cd "$src"
export GOFLAGS="-mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN_OVERRIDE:-auto}" CGO_ENABLED=0
printf 'module cdk8s-postgres.local/coredns\n\ngo 1.24\n' > go.mod
go get "github.com/coredns/coredns@$COREDNS_VERSION" >&2
go mod tidy >&2
go build -trimpath -ldflags '-s -w' -o "$bin.tmp" . >&2
mv "$bin.tmp" "$bin"
echo "$sum" > "$cache/SOURCE"
echo "coredns build.sh: built $COREDNS_VERSION in $((SECONDS - start)) s" >&2
echo "$bin"
