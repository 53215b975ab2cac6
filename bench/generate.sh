#!/usr/bin/env bash
# Speed of `ansinh generate` against the machine's own raw COPY of the same rows (issue #9: goal ≥ 50 %).
# Generates N people into a throwaway cluster, writes the generated tables out with COPY … TO (binary), truncates
# them in a copy of the database and times COPY … FROM of the same files, in one transaction, indexes in place.
#   bench/generate.sh [people] [checks-per-person]      (defaults: 50000 people, 5 checks)
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-50000}
CHECKS=${2:-5}
. bench/lib.sh
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"${ANSINH[@]}" generate --province 22 --people "$PEOPLE" --checks "$CHECKS" 2>/dev/null | tail -n 2
TABLES=(Beneficiaries BeneficiaryCategories Stays Encounters Observations Conditions Entitlements ScreeningResults LatestRecords)
for t in "${TABLES[@]}"; do sql -d ansinh_bench -c "COPY \"$t\" TO '$PGDIR/$t.bin' (FORMAT binary)" >/dev/null; done
sql -d postgres -c "CREATE DATABASE ansinh_raw TEMPLATE ansinh_bench" >/dev/null
quoted=$(printf '"%s",' "${TABLES[@]}"); quoted=${quoted%,}
sql -d ansinh_raw -c "TRUNCATE $quoted CASCADE" >/dev/null 2>&1
script="BEGIN;"
for t in "${TABLES[@]}"; do script+=" COPY \"$t\" FROM '$PGDIR/$t.bin' (FORMAT binary);"; done
script+=" COMMIT;"
start=$(date +%s.%N)
sql -d ansinh_raw -c "$script" >/dev/null
end=$(date +%s.%N)
rows=$(sql -d ansinh_raw -c "SELECT $(printf '(SELECT count(*) FROM "%s")+' "${TABLES[@]}")0")
awk -v r="$rows" -v s="$start" -v e="$end" 'BEGIN { printf "raw COPY of the same tables: %d rows in %.1f s = %.0f rows/s\n", r, e - s, r / (e - s) }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
