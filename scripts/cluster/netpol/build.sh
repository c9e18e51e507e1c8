#!/usr/bin/env bash
# Builds kube-router (only its network policy controller is used, see node.sh) from the Go module proxy into
# ${CDK8S_PG_CACHE:-~/.cache/cdk8s-postgres}/kube-router/<version>/, outside the repo. Prints the binary's path.
# Idempotent: a warm run only checks that the binary exists. Cold: about 3.5 min on 2 cores (downloads included).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../versions.sh"
cache="$CLUSTER_CACHE_ROOT/kube-router/$KUBE_ROUTER_VERSION"
bin="$cache/kube-router"
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
command -v go >/dev/null || { echo "netpol build.sh: needs a Go toolchain" >&2; exit 1; }
mkdir -p "$cache"
exec 9>"$cache/.lock"; flock 9
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
start=$SECONDS
cd "$cache"
# The module has no replace directives, so `go install pkg@version` builds it with exactly its own go.mod.
export GOFLAGS="-mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN_OVERRIDE:-auto}" CGO_ENABLED=0 GOBIN="$cache/bin.tmp"
mod=github.com/cloudnativelabs/kube-router/v2
go install -trimpath -ldflags "-s -w -X $mod/pkg/version.Version=$KUBE_ROUTER_VERSION" \
  "$mod/cmd/kube-router@$KUBE_ROUTER_VERSION" >&2
mv "$cache/bin.tmp/kube-router" "$bin"
rmdir "$cache/bin.tmp"
echo "netpol build.sh: built kube-router $KUBE_ROUTER_VERSION in $((SECONDS - start)) s" >&2
echo "$bin"
