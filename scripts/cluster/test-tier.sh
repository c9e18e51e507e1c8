#!/usr/bin/env bash
# The running-cluster tier: builds (or reuses) the node binaries, CoreDNS and the test images, then runs jest on
# test/running against a fresh 3-node cluster (or the cluster of $KUBECONFIG). Extra arguments go to jest.
#   scripts/cluster/test-tier.sh
#   CDK8S_PG_RUNNING_EXAMPLES=minimal scripts/cluster/test-tier.sh   # a subset of the examples
#   KUBECONFIG=$HOME/.kube/config scripts/cluster/test-tier.sh       # a real cluster; nothing is built or started
# Prints one "running: N passed, N failed" line at the end.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
mkdir -p test-reports
if [[ -z "${KUBECONFIG:-}" ]]; then
  [[ $(id -u) = 0 ]] || { echo "test-tier.sh: the local cluster needs root (namespaces, mounts, cgroups)" >&2; exit 1; }
  start=$SECONDS
  "$here/build.sh" >/dev/null
  echo "running tier: builds ready in $((SECONDS - start)) s"
fi
json=test-reports/jest-running.json
rm -f "$json"
start=$SECONDS
rc=0
npx jest -c test/running/jest.config.json --ci --json --outputFile="$json" "$@" || rc=1
if [[ -f "$json" ]]; then
  read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests,r.numFailedTests+r.numRuntimeErrorTestSuites)' "$repo/$json")
else
  p=0; f=1
fi
echo "running: $p passed, $f failed in $((SECONDS - start)) s"
exit $rc
