#!/usr/bin/env bash
# The test tiers after the compile, overlapped: the running-cluster tier (mostly waiting on cluster start, leader TTLs
# and restarts) and the binding tier start in the background while the unit tests (with lint), the PostgreSQL tier
# and the API-server tier run one after the other; their output follows theirs. Every tier runs even when an earlier one failed, so that
# one run reports every failure. Everything that may need apt-get runs first, one at a time (apt takes a lock):
# PostgreSQL's install, openssl, and the running tier's build (warm: instant).
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p test-reports
bash scripts/postgres/install.sh >/dev/null || exit 1
if ! command -v openssl >/dev/null && [[ $(id -u) = 0 ]]; then apt-get install -y -qq openssl >/dev/null || exit 1; fi
if [[ -z "${KUBECONFIG:-}" ]]; then bash scripts/cluster/build.sh >/dev/null || exit 1; fi
# Its own process group (job control on while it starts): an interrupt stops the tier with its jest shards and their
# clusters.
set -m
bash scripts/cluster/test-tier.sh > test-reports/running-tier.log 2>&1 &
running=$!
# The binding tier (Python, Java and Go apps against TypeScript's YAML; warm it only runs them) beside it too.
bash scripts/ci/bindings.sh > test-reports/bindings-tier.log 2>&1 &
bindings=$!
set +m
fg=""
stop() {
  [[ -n "$fg" ]] && kill -TERM "$fg" 2>/dev/null
  kill -TERM -- "-$running" "-$bindings" 2>/dev/null
  wait "$running" "$bindings" 2>/dev/null
  tail -n 50 test-reports/running-tier.log
  exit 130
}
trap stop INT TERM
rc=0
# In the background and waited for, so that an interrupt runs the trap at once. Without coverage: instrumenting the
# unit tests costs about 2.5 times their CPU (measured on test/cluster), which the running tier's clusters need on 2
# cores; `npx projen test` alone still reports it.
npx projen test --coverage=false & fg=$!; wait "$fg" || rc=1
bash scripts/postgres/test-tier.sh & fg=$!; wait "$fg" || rc=1
bash scripts/kube/test-tier.sh & fg=$!; wait "$fg" || rc=1
fg=""
wait "$bindings" || rc=1
cat test-reports/bindings-tier.log
wait "$running" || rc=1
cat test-reports/running-tier.log
exit $rc
