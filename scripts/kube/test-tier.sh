#!/usr/bin/env bash
# The API-server test tier: builds (or reuses) kube-apiserver, etcd and kube-controller-manager for every version,
# then runs jest on test/apiserver once per version. Extra arguments go to jest.
#   scripts/kube/test-tier.sh                                # versions of versions.sh
#   KUBE_VERSIONS="1.34.10" scripts/kube/test-tier.sh        # a chosen subset
#   KUBECONFIG=$HOME/.kube/config scripts/kube/test-tier.sh  # against that cluster; nothing is built or started
# Prints one "apiserver: N passed, N failed" line at the end; exit status 1 if any version failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
. "$here/versions.sh"
cd "$repo"
mkdir -p test-reports
# The harness makes its test CA and serving certificate with openssl.
if ! command -v openssl >/dev/null; then
  if [[ $(id -u) = 0 ]]; then apt-get update -qq && apt-get install -y -qq openssl >/dev/null
  else echo "test-tier.sh: needs openssl (apt-get install openssl)" >&2; exit 1; fi
fi

passed=0; failed=0; rc=0
run() { # $1: label used for the report file names; jest's own exit status is kept in rc
  local label="$1"; shift
  local json="test-reports/jest-apiserver-$label.json" start=$SECONDS
  rm -f "$json"
  npx jest -c test/apiserver/jest.config.json --ci --json --outputFile="$json" "$@" || rc=1
  if [[ -f "$json" ]]; then
    read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests,r.numFailedTests+r.numRuntimeErrorTestSuites)' "$repo/$json")
  else
    p=0; f=1  # jest died before writing results
  fi
  passed=$((passed + p)); failed=$((failed + f))
  echo "apiserver tier [$label]: $p passed, $f failed in $((SECONDS - start)) s"
}

if [[ -n "${KUBECONFIG:-}" ]]; then
  run kubeconfig "$@"
else
  versions="${KUBE_VERSIONS:-$KUBE_VERSIONS_DEFAULT}"
  # kube-controller-manager: the eviction test runs its disruption controller (cold: about 1 min more per version
  # once kube-apiserver is built, the packages they share being in Go's build cache).
  for v in $versions; do "$here/build.sh" "$v" kube-controller-manager >/dev/null; done
  for v in $versions; do KUBE_VERSION="$v" run "$v" "$@"; done
fi
echo "apiserver: $passed passed, $failed failed"
exit $rc
