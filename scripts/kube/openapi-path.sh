#!/usr/bin/env bash
# Print the path of api/openapi-spec/swagger.json inside the k8s.io/kubernetes module (downloaded from the Go
# module proxy into the Go module cache, never into the repo). Used to derive the in-process validator's schema.
#   scripts/kube/openapi-path.sh 1.28.15
set -euo pipefail
ver="${1:?usage: openapi-path.sh <k8s-version x.y.z>}"
ver="${ver#v}"
command -v go >/dev/null || { echo "openapi-path.sh: needs a Go toolchain on PATH" >&2; exit 1; }
# Run outside any module so a surrounding go.mod cannot influence the download.
cd "${TMPDIR:-/tmp}"
dir="$(go mod download -json "k8s.io/kubernetes@v$ver" | sed -n 's/^\s*"Dir": "\(.*\)",\?$/\1/p')"
spec="$dir/api/openapi-spec/swagger.json"
[[ -f "$spec" ]] || { echo "openapi-path.sh: $spec not found" >&2; exit 1; }
echo "$spec"
