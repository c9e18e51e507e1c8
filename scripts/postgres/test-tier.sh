#!/usr/bin/env bash
# The PostgreSQL test tier: installs (or reuses) PostgreSQL 13-18 and psql, then runs the generated
# SQL against a fresh server of every major (test/postgres/*.postgres.test.ts). Extra arguments go to jest.
#   scripts/postgres/test-tier.sh
#   PG_MAJORS="17 18" scripts/postgres/test-tier.sh     # a chosen subset
# Writes test-reports/jest-postgres.json (CI sums test-reports/jest-*.json) and prints
# "postgres: N passed, N failed"; exit status 1 if jest failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
mkdir -p test-reports
"$here/install.sh" >/dev/null

json=test-reports/jest-postgres.json
rm -f "$json"
rc=0
start=$SECONDS
npx jest -c test/postgres/jest.config.json --ci --json --outputFile="$json" "$@" || rc=1
if [[ -f "$json" ]]; then
  read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests,r.numFailedTests+r.numRuntimeErrorTestSuites)' "$repo/$json")
else
  p=0; f=1  # jest died before writing results
fi
echo "postgres tier (majors ${PG_MAJORS:-13 14 15 16 17 18}): $p passed, $f failed in $((SECONDS - start)) s"
echo "postgres: $p passed, $f failed"
exit $rc
