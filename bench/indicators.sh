#!/usr/bin/env bash
# End-to-end timing of the indicator engine on PostgreSQL: a throwaway cluster, synthetic people and
# observations for one province, then `ansinh bench indicators`. Results go to docs/benchmarks.md by hand.
#   bench/indicators.sh [people] [checks-per-person]      (defaults: 50000 people, 5 checks = 45 observations each)
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-50000}
CHECKS=${2:-5}
. scripts/lib/throwaway-postgres.sh
export Database__Provider=Postgres
export Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=ansinh_bench"
dotnet build -c Release src/AnSinh.Cli -v q >/dev/null
ANSINH=(dotnet src/AnSinh.Cli/bin/Release/net10.0/ansinh.dll)
"${ANSINH[@]}" generate --province 22 --people "$PEOPLE" --checks "$CHECKS" 2>&1 | tail -n 2
as_pg "$PGBIN/psql" -h "$PGDIR" -p "$PG_PORT" -U postgres -d ansinh_bench -c "VACUUM ANALYZE" >/dev/null
as_pg "$PGBIN/psql" -h "$PGDIR" -p "$PG_PORT" -U postgres -d ansinh_bench -At -c \
  "SELECT 'rows: beneficiaries ' || (SELECT count(*) FROM \"Beneficiaries\") || ', encounters ' || (SELECT count(*) FROM \"Encounters\") || ', observations ' || (SELECT count(*) FROM \"Observations\")"
"${ANSINH[@]}" bench indicators --unit 22 --runs "${RUNS:-5}"
