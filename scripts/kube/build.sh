#!/usr/bin/env bash
# Build Kubernetes binaries for one version from the Go module proxy, outside the repo.
#   scripts/kube/build.sh 1.28.15                  -> prints the bin dir (contains kube-apiserver and etcd)
#   scripts/kube/build.sh 1.34.10 kubelet kubectl  -> also builds those (any of NODE_COMPONENTS below)
# Idempotent: a warm run only checks that the binaries exist.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/versions.sh"

ver="${1:?usage: build.sh <k8s-version x.y.z>}"
ver="${ver#v}"
[[ "$ver" =~ ^1\.([0-9]+)\.([0-9]+)$ ]] || { echo "build.sh: want x.y.z, got '$ver'" >&2; exit 2; }
minor="${BASH_REMATCH[1]}"; patch="${BASH_REMATCH[2]}"
shift
dir="$KUBE_CACHE_ROOT/$ver"
bin="$dir/bin"
# etcd is our own main package (below); the rest are commands of k8s.io/kubernetes.
NODE_COMPONENTS="kubelet kube-controller-manager kube-scheduler kube-proxy kubectl"
want=(kube-apiserver etcd "$@")
for c in "$@"; do
  [[ " $NODE_COMPONENTS " == *" $c "* ]] || { echo "build.sh: unknown component '$c' (known: $NODE_COMPONENTS)" >&2; exit 2; }
done
missing() { local c; for c in "${want[@]}"; do [[ -x "$bin/$c" ]] || echo "$c"; done; }

if [[ -z "$(missing)" ]]; then echo "$bin"; exit 0; fi

command -v go >/dev/null || { echo "build.sh: needs a Go toolchain (go 1.22+) on PATH" >&2; exit 1; }
mkdir -p "$dir/cmd/etcd"
# One build per version at a time (the tier runner and a developer may race).
exec 9>"$dir/.lock"; flock 9
todo=($(missing))
if [[ ${#todo[@]} -eq 0 ]]; then echo "$bin"; exit 0; fi

log() { echo "build.sh[$ver]: $*" >&2; }
start=$(date +%s)
cd "$dir"
# The proxy must be used even if the user's GOFLAGS/GOPROXY say otherwise; GOTOOLCHAIN=local would stop a
# go.mod "toolchain" line from fetching a matching Go, so allow auto (the proxy serves toolchains).
export GOFLAGS="-mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN_OVERRIDE:-auto}" CGO_ENABLED=0

# k8s.io/kubernetes's go.mod points every staging module at ./staging/src/...; those paths do not exist in the
# published module, so each one is pinned to its published twin v0.<minor>.<patch>.
json="$(go mod download -json "k8s.io/kubernetes@v$ver" || true)"
kmod="$(sed -n 's/^\s*"GoMod": "\(.*\)",\?$/\1/p' <<<"$json")"
if [[ ! -f "$kmod" ]] || grep -q '"Error"' <<<"$json"; then
  # e.g. a release too new for the checksum database mirror: pick another patch release.
  log "could not download k8s.io/kubernetes@v$ver:"; grep '"Error"' <<<"$json" >&2 || true; exit 1
fi
gover="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$kmod")"
{
  echo "module cdk8s-postgres.local/kube"
  echo
  echo "go ${gover:-1.20}"
  # Same GODEBUG defaults as the upstream release build.
  grep -E '^godebug ' "$kmod" || true
  echo
  echo "require k8s.io/kubernetes v$ver"
  echo
  sed -n 's#^\s*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/.*#replace \1 => \1 v0.'"$minor.$patch"'#p' "$kmod"
} > go.mod
cat > cmd/etcd/main.go <<'GO'
// etcd built from the same module graph as kube-apiserver, so its version is the one upstream tests with.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
# Copy the require block so the build uses exactly upstream's dependency versions (MVS would otherwise be free
# to pick them from the staging modules' go.mod files, which agree, but this keeps it explicit).
awk '/^require \(/{p=1;next} p&&/^\)/{p=0} p' "$kmod" | sed -n 's#^\s*\([^ ]\+\) \(v[^ ]\+\).*#require \1 \2#p' \
  | grep -v '^require k8s\.io/[a-z0-9-]* v0\.0\.0$' >> go.mod

pkg="k8s.io/component-base/version"
ldflags="-s -w -X $pkg.gitVersion=v$ver -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
ldflags+=" -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ldflags+=" ${KUBE_EXTRA_LDFLAGS:-}"
pkgs=()
for c in "${todo[@]}"; do
  if [[ $c == etcd ]]; then pkgs+=(./cmd/etcd); else pkgs+=("k8s.io/kubernetes/cmd/$c"); fi
done
rm -rf "$bin.tmp"; mkdir -p "$bin.tmp" "$bin"
log "building ${todo[*]} (a cold build takes many minutes on 2 cores)"
go build -trimpath -ldflags "$ldflags" -o "$bin.tmp/" "${pkgs[@]}"
# Each binary appears in bin/ only once complete, so a killed build never leaves a half-written one.
for c in "${todo[@]}"; do mv "$bin.tmp/$c" "$bin/$c"; done
rmdir "$bin.tmp"
log "done in $(( $(date +%s) - start ))s"
echo "$bin"
