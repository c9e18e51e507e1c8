#!/usr/bin/env bash
# The running-cluster tier: builds (or reuses) the node binaries, CoreDNS and the test images, then runs jest on
# test/running against a fresh 3-node cluster (or the cluster of $KUBECONFIG). Extra arguments go to jest.
#   scripts/cluster/test-tier.sh
#   CDK8S_PG_RUNNING_EXAMPLES=minimal scripts/cluster/test-tier.sh   # a subset of the examples, one cluster
#   KUBECONFIG=$HOME/.kube/config scripts/cluster/test-tier.sh       # a real cluster; nothing is built or started
# Prints one "running: N passed, N failed" line at the end.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
mkdir -p test-reports
# NetworkPolicy enforcement (kube-router's firewall, README.md): on every shard's cluster by default;
# CDK8S_PG_NETWORK_POLICIES=0 on none (the "netpol" suite then fails).
netpol="${CDK8S_PG_NETWORK_POLICIES:-1}"
if [[ -z "${KUBECONFIG:-}" ]]; then
  [[ $(id -u) = 0 ]] || { echo "test-tier.sh: the local cluster needs root (namespaces, mounts, cgroups)" >&2; exit 1; }
  start=$SECONDS
  CDK8S_PG_NETWORK_POLICIES="$netpol" "$here/build.sh" >/dev/null
  echo "running tier: builds ready in $((SECONDS - start)) s"
fi
# Shards, each with a cluster of its own, run side by side: the scenarios mostly wait (leader TTLs, restarts), so
# this divides the wall time on 2 cores. A shard is a comma-separated list of examples (examples.running.test.ts),
# "backups" (backups.running.test.ts), "day2" (day2.running.test.ts), "takeover" (takeover.running.test.ts) or "netpol"
# (network-policies.running.test.ts, which needs the policies enforced); '+' runs several of those one after the
# other on the shard's cluster. Examples that share namespace names must not share a cluster at once.
shards="${CDK8S_PG_RUNNING_SHARDS:-production-ha,minimal+day2 users-and-databases,pooler-and-monitoring+takeover backups+netpol}"
if [[ -n "${CDK8S_PG_RUNNING_EXAMPLES:-}" ]]; then shards="$CDK8S_PG_RUNNING_EXAMPLES"; fi
start=$SECONDS
pids=(); i=0
for shard in $shards; do
  i=$((i + 1))
  json="test-reports/jest-running-$i.json"
  rm -f "$json"
  suites=(); examples=""
  IFS='+' read -ra parts <<< "$shard"
  for part in "${parts[@]}"; do
    case "$part" in
      backups) suites+=(test/running/backups.running.test.ts) ;;
      day2) suites+=(test/running/day2.running.test.ts) ;;
      takeover) suites+=(test/running/takeover.running.test.ts) ;;
      netpol) suites+=(test/running/network-policies.running.test.ts) ;;
      *) examples="$part"; suites+=(test/running/examples.running.test.ts) ;;
    esac
  done
  CDK8S_PG_RUNNING_EXAMPLES="$examples" CDK8S_PG_RUNNING_SHARD="$i" CDK8S_PG_NETWORK_POLICIES="$netpol" \
    npx jest -c test/running/jest.config.json --ci --json --outputFile="$json" "$@" "${suites[@]}" > "test-reports/running-$i.log" 2>&1 &
  pids+=($!)
done
rc=0
for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
passed=0; failed=0
for n in $(seq 1 "$i"); do
  echo "--- running tier shard $n (test-reports/running-$n.log) ---"
  cat "test-reports/running-$n.log"
  json="test-reports/jest-running-$n.json"
  if [[ -f "$json" ]]; then
    read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests,r.numFailedTests+r.numRuntimeErrorTestSuites)' "$repo/$json")
  else
    p=0; f=1
  fi
  passed=$((passed + p)); failed=$((failed + f))
done
echo "running: $passed passed, $failed failed in $((SECONDS - start)) s"
exit $rc
