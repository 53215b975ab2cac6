#!/usr/bin/env bash
# End-to-end timing of the indicator engine on PostgreSQL: a throwaway cluster, synthetic people and
# observations for one province, then `ansinh bench indicators`. Results go to docs/benchmarks.md by hand.
#   bench/indicators.sh [people] [checks-per-person]      (defaults: 50000 people, 5 checks = 45 observations each)
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-50000}
CHECKS=${2:-5}
. bench/lib.sh
"${ANSINH[@]}" generate --province 22 --people "$PEOPLE" --checks "$CHECKS" 2>&1 | tail -n 2
sql -d ansinh_bench -c "VACUUM ANALYZE" >/dev/null
sql -d ansinh_bench -c \
  "SELECT 'rows: beneficiaries ' || (SELECT count(*) FROM \"Beneficiaries\") || ', encounters ' || (SELECT count(*) FROM \"Encounters\") || ', observations ' || (SELECT count(*) FROM \"Observations\")"
"${ANSINH[@]}" bench indicators --unit 22 --runs "${RUNS:-5}"
