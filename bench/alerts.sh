#!/usr/bin/env bash
# Issue #12: the scheduled alert run (`ansinh alerts run`) over N generated people on PostgreSQL: its time, the rows
# the application read and the tuples PostgreSQL returned (pg_stat_database), run twice (the first raises, the second
# finds them raised), each beside pgbench -S measured just before on the same machine (it is shared and noisy).
#   bench/alerts.sh [people] [checks-per-person]      (defaults: 50000 people, 5 checks)
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-50000}
CHECKS=${2:-5}
. bench/lib.sh
"${ANSINH[@]}" generate --province 22 --people "$PEOPLE" --checks "$CHECKS" 2>&1 | tail -n 2
sql -d ansinh_bench -c "VACUUM ANALYZE" >/dev/null
as_pg "$PGBIN/pgbench" -h "$PGDIR" -p "$PG_PORT" -U postgres -i -s 10 -q postgres >/dev/null 2>&1
sql -d ansinh_bench -c "SELECT 'in care: ' || (SELECT count(*) FROM \"Stays\" WHERE \"DischargedOn\" IS NULL) || ' open stays, '
  || (SELECT count(*) FROM \"Beneficiaries\") || ' people, ' || (SELECT count(*) FROM \"Encounters\") || ' encounters'"
tuples() { sql -d ansinh_bench -c "SELECT tup_returned + tup_fetched FROM pg_stat_database WHERE datname = 'ansinh_bench'"; }
for run in 1 2; do
  tps=$(as_pg "$PGBIN/pgbench" -h "$PGDIR" -p "$PG_PORT" -U postgres -S -c 8 -j 2 -T 10 postgres 2>/dev/null | awk '/^tps/ { printf "%.0f", $3 }')
  sleep 1 # pg_stat_database is updated when a backend reports, about every second
  before=$(tuples)
  out=$("${ANSINH[@]}" alerts run 2>&1 | tail -n 1)
  sleep 1
  after=$(tuples)
  echo "run $run: $out; PostgreSQL tuples returned+fetched: $((after - before)); pgbench -S (8 clients) just before: $tps tps; load $(cut -d' ' -f1-3 /proc/loadavg)"
done
sql -d ansinh_bench -c "SELECT 'open alerts by rule: ' || string_agg(\"Rule\" || ' ' || n, ', ' ORDER BY \"Rule\") FROM (SELECT \"Rule\", count(*) n FROM \"Alerts\" WHERE \"Status\" < 3 GROUP BY \"Rule\") r"
