#!/usr/bin/env bash
# The tiers after the unit tests, overlapped: the running-cluster tier (mostly waiting on cluster start, leader TTLs
# and restarts) starts in the background while the PostgreSQL and API-server tiers run; its output follows theirs.
# PostgreSQL's install runs first: it and the running tier's build may both need apt-get, which takes a lock.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p test-reports
bash scripts/postgres/install.sh >/dev/null || exit 1
bash scripts/cluster/test-tier.sh > test-reports/running-tier.log 2>&1 &
running=$!
trap 'kill -TERM $running 2>/dev/null; wait $running; exit 1' INT TERM
rc=0
bash scripts/postgres/test-tier.sh || rc=1
bash scripts/kube/test-tier.sh || rc=1
wait $running || rc=1
cat test-reports/running-tier.log
exit $rc
