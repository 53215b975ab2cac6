#!/usr/bin/env bash
# The site under load (issue #9): N generated people on PostgreSQL, the site in Release, each path driven by wrk at
# 50 connections for a fixed time, interleaved with this machine's own limits measured in the same run (pgbench -S,
# a static file, /health), because the machine is shared and noisy: read the ratios. Writes a markdown table to
# bench/results/load-<people>.md and into docs/benchmarks.md between the markers of that size.
#   bench/load.sh [people] [seconds-per-measurement]        (defaults: 50000 people, 15 s)
#   env: CHECKS (5), CONNECTIONS (50), PATHS (a space-separated subset of the path names below),
#        LABEL (a suffix naming the table, e.g. "-workstation-gc" for a run with DOTNET_gcServer=0),
#        WEB_DLL and WEB_COMMIT (another build of the site and the commit it was built from, measured over data
#        generated the same way by this checkout's CLI), DB_EXTRA (connection-string settings, see bench/lib.sh).
#   A "before" run:  git worktree add /tmp/old <commit> && (cd /tmp/old && dotnet build -c Release src/AnSinh.Web)
#                    WEB_DLL=/tmp/old/src/AnSinh.Web/bin/Release/net10.0/AnSinh.Web.dll WEB_COMMIT=<commit> LABEL=-before bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-50000}
SECONDS_EACH=${2:-15}
CHECKS=${CHECKS:-5}
CONNECTIONS=${CONNECTIONS:-50}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
# Room for pgbench's 50 clients beside the site's pool (Npgsql's default maximum of 100).
export PG_EXTRA_OPTIONS="-c max_connections=200 ${PG_EXTRA_OPTIONS:-}"
. bench/lib.sh
dotnet build -c Release src/AnSinh.Web -v q >/dev/null

echo "generating $PEOPLE people…"
"${ANSINH[@]}" generate --province 22 --people "$PEOPLE" --checks "$CHECKS" 2>/dev/null | tail -n 2
sql -d ansinh_bench -c "VACUUM ANALYZE" >/dev/null
as_pg "$PGBIN/pgbench" -h "$PGDIR" -p "$PG_PORT" -U postgres -i -s 10 -q postgres >/dev/null 2>&1

WEB_PORT=$((PG_PORT + 1000))
URL="http://127.0.0.1:$WEB_PORT"
# wrk signs in from one address far more often than the per-address limit allows a person to. The generated database
# carries the demo accounts; as a demo site (Demo__SeedOnEmptyDatabase) they sign in without two-step codes.
Security__SignInAttemptsPerAddressPerMinute=100000000 ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Demo__SeedOnEmptyDatabase=true \
  dotnet "${WEB_DLL:-src/AnSinh.Web/bin/Release/net10.0/AnSinh.Web.dll}" --urls "$URL" >"$PGDIR/web.log" 2>&1 &
WEB_PID=$!
trap 'kill $WEB_PID 2>/dev/null || true; tail -n 5 "$PGDIR/pgbench.log" 2>/dev/null; stop_postgres' EXIT
for _ in $(seq 1 120); do curl -fs "$URL/health" >/dev/null 2>&1 && break; sleep 1; done

token() { curl -fs "$URL/api/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"AnSinh@2026\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/'; }
NATIONAL=$(token demo.national); PROVINCE=$(token demo.province); CLINICIAN=$(token demo.clinician)
[ -n "$PROVINCE" ] || { echo "could not sign in as demo.province (is the demo password AnSinh@2026? see $PGDIR/web.log)" >&2; exit 1; }
# The generator writes its people last, with consecutive ids.
LAST=$(sql -d ansinh_bench -c "SELECT max(\"Id\") FROM \"Beneficiaries\"")
FIRST=$((LAST - PEOPLE + 1))
# One generated person's full name: a search that finds them and their namesakes.
ONE=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$(sql -d ansinh_bench -c "SELECT \"FullName\" FROM \"Beneficiaries\" WHERE \"Id\" = $LAST")")
OWN=$(sql -d ansinh_bench -c "SELECT string_agg(s.\"BeneficiaryId\"::text, ',') FROM \"Stays\" s JOIN \"AspNetUsers\" u ON u.\"ScopeFacilityId\" = s.\"FacilityId\" WHERE u.\"UserName\" = 'demo.clinician' AND s.\"DischargedOn\" IS NULL")
YEAR=$(date +%Y)
# Issue #11's care pages: the demo clinician's centre made a 200-bed one with standing orders, and a resident with five
# years of records, entered through the API (bench/care_data.py) when those paths are measured.
FACILITY=$(sql -d ansinh_bench -c "SELECT \"ScopeFacilityId\" FROM \"AspNetUsers\" WHERE \"UserName\" = 'demo.clinician'")
HEAVY=0
if [ -z "${PATHS:-}" ] || [[ " $PATHS " == *" chart-5-years"* || " $PATHS " == *" round-200-beds"* ]]; then
  HEAVY=$(python3 bench/care_data.py "$URL" "$(token demo.admin)" "$FACILITY" | tail -n 1)
fi
# Issue #12's worklist: the demo clinician's centre made a 500-resident one (open stays of generated people moved there),
# then the scheduled rules run once through the API so its residents have their reminders.
if [ -z "${PATHS:-}" ] || [[ " $PATHS " == *" worklist-500"* ]]; then
  sql -d ansinh_bench -c "UPDATE \"Stays\" SET \"FacilityId\" = $FACILITY WHERE \"Id\" IN (SELECT \"Id\" FROM \"Stays\" WHERE \"DischargedOn\" IS NULL
    AND \"FacilityId\" <> $FACILITY ORDER BY \"Id\" LIMIT GREATEST(0, 500 - (SELECT count(*) FROM \"Stays\" WHERE \"DischargedOn\" IS NULL AND \"FacilityId\" = $FACILITY)))" >/dev/null
  curl -fs -X POST "$URL/api/alerts/run" -H "Authorization: Bearer $(token demo.admin)" | tee -a "$PGDIR/alert-run.json" >&2; echo >&2
  echo "worklist facility: $(sql -d ansinh_bench -c "SELECT count(*) FROM \"Stays\" WHERE \"DischargedOn\" IS NULL AND \"FacilityId\" = $FACILITY") residents in care, $(sql -d ansinh_bench -c "SELECT count(*) FROM \"Alerts\" WHERE \"Status\" < 3 AND \"FacilityId\" = $FACILITY") open alerts" >&2
fi
CHECK='{"kind":"SickVisit","date":"{today}","observations":[{"code":"8480-6","value":128},{"code":"8462-4","value":82},{"code":"8310-5","value":37.5}]}'

# name | token | method | path | ids | body | connections (default CONNECTIONS) | days
PATH_LIST=(
  "sign-in||POST|/api/auth/token||{\"username\":\"demo.clinician\",\"password\":\"AnSinh@2026\"}"
  "search|$PROVINCE|GET|/api/beneficiaries?q=nguyen%20van||"
  "search-full-name|$PROVINCE|GET|/api/beneficiaries?q=$ONE||"
  "point-read|$PROVINCE|GET|/api/beneficiaries/__ID__|$FIRST-$LAST|"
  "chart|$PROVINCE|GET|/api/beneficiaries/__ID__/chart|$FIRST-$LAST|"
  "record-check|$CLINICIAN|POST|/api/beneficiaries/__ID__/encounters|$OWN|$CHECK"
  "indicators|$PROVINCE|GET|/api/indicators?unit=22||"
  "indicators-10-distinct-dates|$PROVINCE|GET|/api/indicators?unit=22&asOf=__DATE__|||10|1500"
  "dashboard-province|$PROVINCE|GET|/api/dashboard?unit=22||"
  "dashboard-nation|$NATIONAL|GET|/api/dashboard?unit=VN||"
  "annual-report|$PROVINCE|GET|/api/reports/annual?unit=22&year=$((YEAR - 1))||"
  "chart-5-years|$CLINICIAN|GET|/beneficiaries/$HEAVY|||20"
  "chart-5-years-api|$CLINICIAN|GET|/api/beneficiaries/$HEAVY/chart|||20"
  "round-200-beds|$CLINICIAN|GET|/facilities/$FACILITY/medication-round?shift=Morning|||20"
  "round-200-beds-api|$CLINICIAN|GET|/api/facilities/$FACILITY/medication-rounds?shift=Morning|||20"
  "worklist-500|$CLINICIAN|GET|/|||20"
  "worklist-500-api|$CLINICIAN|GET|/api/alerts?facility=$FACILITY|||20"
  "fhir-patient-read|$PROVINCE|GET|/fhir/Patient/__ID__|$FIRST-$LAST|"
  "fhir-patient-search|$PROVINCE|GET|/fhir/Patient?name=nguyen%20van||"
  "fhir-patient-sync|$PROVINCE|GET|/fhir/Patient?_lastUpdated=gt$(date -u -d "+1 hour" +%Y-%m-%dT%H:%M:%SZ)&_count=100||"
  "fhir-observations|$PROVINCE|GET|/fhir/Observation?patient=__ID__&_sort=-date|$FIRST-$LAST|"
  "fhir-observations-facility|$CLINICIAN|GET|/fhir/Observation?patient=__ID__&_sort=-date|$OWN|"
)

RESULTS=$(mktemp)
load() { cut -d' ' -f1 /proc/loadavg; }
rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$WEB_PID/status"; }
peak_mb() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$WEB_PID/status"; }
run_wrk() { # token method path ids body [connections] [days]
  TOKEN=$1 METHOD=$2 IDS=$4 BODY=$5 DAYS=${7:-} wrk -t2 -c"${6:-$CONNECTIONS}" -d"${SECONDS_EACH}s" --timeout 10s -s bench/wrk/request.lua "$URL$3" 2>&1 | awk '/^RESULT/ { $1 = ""; print }'
}
limits() {
  local p s h
  p=$(as_pg "$PGBIN/pgbench" -h "$PGDIR" -p "$PG_PORT" -U postgres -S -c "$CONNECTIONS" -j 2 -T "$SECONDS_EACH" postgres 2>>"$PGDIR/pgbench.log" \
      | awk '/^tps/ { printf "%.0f", $3 }' || true)
  s=$(run_wrk "" GET /app.css "" "" | awk '{ print $1 }')
  h=$(run_wrk "" GET /health "" "" | awk '{ print $1 }')
  echo "limits $p $s $h $(load)" | tee -a "$RESULTS"
}

curl -fs -o /dev/null "$URL/api/indicators?unit=22" -H "Authorization: Bearer $PROVINCE" || true # first request: JIT, caches
limits
n=0
for entry in "${PATH_LIST[@]}"; do
  IFS='|' read -r name tok method path ids body conns days <<<"$entry"
  if [ -n "${PATHS:-}" ] && [[ " $PATHS " != *" $name "* ]]; then continue; fi
  line=$(run_wrk "$tok" "$method" "$path" "$ids" "$body" "${conns:-}" "${days:-}")
  echo "path $name ${conns:-$CONNECTIONS} $line $(load) $(rss_mb) $(peak_mb)" | tee -a "$RESULTS"
  n=$((n + 1))
  if [ $((n % 3)) -eq 0 ]; then limits; fi
done
limits

mkdir -p bench/results
OUT=bench/results/load-$PEOPLE${LABEL:-}.md
awk -v people="$PEOPLE" -v secs="$SECONDS_EACH" -v conns="$CONNECTIONS" -v when="$(date -u '+%Y-%m-%d %H:%M UTC')" -v commit="${WEB_COMMIT:-$(git rev-parse --short HEAD)}" -v gc="${DOTNET_gcServer:-default}" '
  $1 == "limits" { np++; pg[np] = $2; st[np] = $3; he[np] = $4; next }
  $1 == "path" { n++; name[n] = $2; cn[n] = $3; rps[n] = $4; p50[n] = $5; p95[n] = $6; p99[n] = $7; err[n] = $8; reqs[n] = $9; ld[n] = $10; rss[n] = $11; peak[n] = $12; after[n] = np }
  END {
    printf "%d people, %d connections, %d s each, commit %s, %s, DOTNET_gcServer=%s. Limits measured before and after every three paths;\n", people, conns, secs, commit, when, gc
    printf "each ratio is to the mean of the limits measured just before and just after the path.\n\n"
    printf "| limits | pgbench -S tps | static file req/s | /health req/s |\n|---|---|---|---|\n"
    for (i = 1; i <= np; i++) printf "| %d | %s | %s | %s |\n", i, pg[i], st[i], he[i]
    printf "\n| path | connections | req/s | p50 ms | p95 ms | p99 ms | errors / requests | ÷ /health | ÷ pgbench -S | load avg | RSS MB (peak) |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
    for (i = 1; i <= n; i++) {
      a = after[i]; b = a + 1; if (b > np) b = np
      h = (he[a] + he[b]) / 2; g = (pg[a] + pg[b]) / 2
      printf "| %s | %s | %.1f | %.1f | %.1f | %.1f | %d / %d | %.3f | %.4f | %s | %s (%s) |\n", name[i], cn[i], rps[i], p50[i], p95[i], p99[i], err[i], reqs[i], rps[i] / h, rps[i] / g, ld[i], rss[i], peak[i]
    }
  }' "$RESULTS" | tee "$OUT"

# Into docs/benchmarks.md, replacing the last table of this size.
begin="<!-- load:$PEOPLE${LABEL:-}:begin -->"; end="<!-- load:$PEOPLE${LABEL:-}:end -->"
if ! grep -qF "$begin" docs/benchmarks.md; then printf '\n### bench/load.sh, %s people%s\n%s\n%s\n' "$PEOPLE" "${LABEL:-}" "$begin" "$end" >>docs/benchmarks.md; fi
awk -v begin="$begin" -v end="$end" -v file="$OUT" '
  $0 == begin { print; while ((getline line < file) > 0) print line; skip = 1; next }
  $0 == end { skip = 0 } !skip' docs/benchmarks.md >"$RESULTS.md" && mv "$RESULTS.md" docs/benchmarks.md
echo "written to $OUT and docs/benchmarks.md"
