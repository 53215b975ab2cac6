#!/usr/bin/env bash
# Issue #13: a 100,000-row beneficiary import on PostgreSQL through `ansinh import beneficiaries` (the same code as the
# site's import): wall time and peak memory (GNU time's maximum resident set) of a check-only run and of the import,
# for an .xlsx and a CSV file, beside this machine's pgbench -S figure measured in the same run.
# Then VISITS (default: rows) past visits for the CSV's people through `ansinh import encounters`.
# Usage: [VISITS=n] bench/import.sh [rows]   (default 100000). See docs/benchmarks.md, "Import".
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${1:-100000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; stop_postgres' EXIT
as_pg "$PGBIN/pgbench" -h "$PGDIR" -p "$PG_PORT" -U postgres -i -s 10 -q postgres >/dev/null 2>&1
echo "pgbench -S (2 clients, 10 s): $(as_pg "$PGBIN/pgbench" -h "$PGDIR" -p "$PG_PORT" -U postgres -S -c 2 -j 2 -T 10 postgres 2>/dev/null | grep -oP 'tps = \K[0-9.]+' | head -n 1) tps"
python3 bench/import_file.py "$ROWS" xlsx "$WORK/people.xlsx" 022
python3 bench/import_file.py "$ROWS" csv "$WORK/people.csv" 037
echo "files: $(du -h "$WORK/people.xlsx" | cut -f1) xlsx, $(du -h "$WORK/people.csv" | cut -f1) csv, $ROWS rows each"
run() {
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %M KB peak RSS" "${ANSINH[@]}" import beneficiaries "$@" 2>&1 >/dev/null | grep -E "^$label|lỗi" | tail -n 3
}
run "xlsx check only" "$WORK/people.xlsx" --check-only
run "xlsx import" "$WORK/people.xlsx"
run "csv import" "$WORK/people.csv"
echo "beneficiaries now: $(sql -d ansinh_bench -c 'SELECT count(*) FROM "Beneficiaries"')"
# Visits for the people of the CSV (province code 037): the visit form's own save, one visit per row, at a facility
# made first through `ansinh import facilities` (the people were registered without one).
VISITS=${VISITS:-$ROWS}
COMMUNE=$(sql -d ansinh_bench -c 'SELECT "Code" FROM "AdminUnits" WHERE "Level" = 3 AND "ValidTo" IS NULL ORDER BY "Code" LIMIT 1')
printf 'Tên cơ sở,Loại cơ sở,Loại hình,Mã xã/phường,Quy mô tiếp nhận\nTrung tâm đo hiệu năng %s,Cơ sở trợ giúp xã hội,Công lập,%s,500\n' "$(date +%s)" "$COMMUNE" > "$WORK/facility.csv"
"${ANSINH[@]}" import facilities "$WORK/facility.csv" >/dev/null
FACILITY=$(sql -d ansinh_bench -c 'SELECT max("Id") FROM "Facilities"')
python3 bench/import_visits.py "$VISITS" "$WORK/visits.csv" 037 "$(date -d '-30 days' +%d/%m/%Y)" "$FACILITY"
/usr/bin/time -f "visits csv import ($VISITS rows): %e s wall, %M KB peak RSS" "${ANSINH[@]}" import encounters "$WORK/visits.csv" 2>&1 >/dev/null \
  | grep -E "^visits|lỗi" | tail -n 3
echo "encounters now: $(sql -d ansinh_bench -c 'SELECT count(*) FROM "Encounters"'), observations: $(sql -d ansinh_bench -c 'SELECT count(*) FROM "Observations"')"
