#!/usr/bin/env bash
# Issue #13: FHIR transaction-Bundle ingest (resources/s, 1 and 4 clients) and a bulk export of a province's generated
# people ($export of Group/unit-22), on PostgreSQL with the site in Release, beside pgbench -S measured in the same run.
#   bench/fhir_ingest.sh [people] [bundles]   (defaults: 50000 people, 200 bundles). See docs/benchmarks.md, "HL7 FHIR".
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-50000}
BUNDLES=${2:-200}
. bench/lib.sh
dotnet build -c Release src/AnSinh.Web -v q >/dev/null
echo "generating $PEOPLE people…"
"${ANSINH[@]}" generate --province 22 --people "$PEOPLE" --checks "${CHECKS:-2}" 2>/dev/null | tail -n 1
sql -d ansinh_bench -c "VACUUM ANALYZE" >/dev/null
as_pg "$PGBIN/pgbench" -h "$PGDIR" -p "$PG_PORT" -U postgres -i -s 10 -q postgres >/dev/null 2>&1
echo "pgbench -S (2 clients, 10 s): $(as_pg "$PGBIN/pgbench" -h "$PGDIR" -p "$PG_PORT" -U postgres -S -c 2 -j 2 -T 10 postgres 2>/dev/null | grep -oP 'tps = \K[0-9.]+' | head -n 1) tps"
WEB_PORT=$((PG_PORT + 1000))
URL="http://127.0.0.1:$WEB_PORT"
Security__SignInAttemptsPerAddressPerMinute=100000000 ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Demo__SeedOnEmptyDatabase=true \
  Fhir__Export__Folder="$PGDIR/export" dotnet src/AnSinh.Web/bin/Release/net10.0/AnSinh.Web.dll --urls "$URL" >"$PGDIR/web.log" 2>&1 &
WEB_PID=$!
trap 'kill $WEB_PID 2>/dev/null || true; stop_postgres' EXIT
for _ in $(seq 1 120); do curl -fs "$URL/health" >/dev/null 2>&1 && break; sleep 1; done
token() { curl -fs "$URL/api/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"AnSinh@2026\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/'; }
CLINICIAN=$(token demo.clinician); PROVINCE=$(token demo.province)
python3 bench/fhir_ingest.py ingest "$URL" "$CLINICIAN" "$BUNDLES" 1 100000
python3 bench/fhir_ingest.py ingest "$URL" "$CLINICIAN" "$BUNDLES" 4 300000
echo "people in Quảng Ninh's scope: $(sql -d ansinh_bench -c "SELECT count(*) FROM \"Beneficiaries\"")"
python3 bench/fhir_ingest.py export "$URL" "$PROVINCE" '/fhir/Group/unit-22/$export'
echo "site peak memory: $(awk '/VmHWM/ { printf "%d MB", $2 / 1024 }' "/proc/$WEB_PID/status")"
