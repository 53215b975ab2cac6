#!/usr/bin/env bash
# Issue #12: the PostgreSQL plans of the worklist's queries and of the scheduled run's largest ones, on 50,000 generated
# people with the demo clinician's centre given 500 residents in care (see docs/benchmarks.md, "Health alerts").
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
"${ANSINH[@]}" generate --province 22 --people 50000 --checks 5 2>&1 | tail -n 1
F=$(sql -d ansinh_bench -c "SELECT \"ScopeFacilityId\" FROM \"AspNetUsers\" WHERE \"UserName\" = 'demo.clinician'")
sql -d ansinh_bench -c "UPDATE \"Stays\" SET \"FacilityId\" = $F WHERE \"Id\" IN (SELECT \"Id\" FROM \"Stays\" WHERE \"DischargedOn\" IS NULL AND \"FacilityId\" <> $F ORDER BY \"Id\" LIMIT GREATEST(0, 500 - (SELECT count(*) FROM \"Stays\" WHERE \"DischargedOn\" IS NULL AND \"FacilityId\" = $F)))" >/dev/null
"${ANSINH[@]}" alerts run 2>&1 | tail -n 1
sql -d ansinh_bench -c "VACUUM ANALYZE" >/dev/null
echo "--- worklist counts"
sql -d ansinh_bench -c "EXPLAIN (ANALYZE, BUFFERS) SELECT \"Severity\", count(*) FROM \"Alerts\" WHERE \"FacilityId\" = ANY(ARRAY[$F]) AND \"Status\" < 3 AND \"FacilityId\" = $F GROUP BY \"Severity\""
echo "--- worklist items"
sql -d ansinh_bench -c "EXPLAIN (ANALYZE, BUFFERS) SELECT a.*, b.\"FullName\", f.\"Name\" FROM (SELECT * FROM \"Alerts\" WHERE \"FacilityId\" = ANY(ARRAY[$F]) AND \"Status\" < 3 AND \"FacilityId\" = $F ORDER BY \"Severity\" DESC, \"RaisedAt\" DESC, \"Id\" DESC LIMIT 100) a JOIN \"Beneficiaries\" b ON b.\"Id\" = a.\"BeneficiaryId\" JOIN \"Facilities\" f ON f.\"Id\" = a.\"FacilityId\""
echo "--- run: last periodic check per person"
sql -d ansinh_bench -c "EXPLAIN (ANALYZE, BUFFERS) SELECT \"BeneficiaryId\", max(\"Date\") FROM \"Encounters\" WHERE \"Kind\" = 2 GROUP BY \"BeneficiaryId\""
echo "--- run: open scheduled alerts"
sql -d ansinh_bench -c "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM \"Alerts\" WHERE \"Status\" < 3 AND \"Rule\" = ANY(ARRAY['INTAKE-MISSING','CHECK-OVERDUE','DOSE-MISSED','REFERRAL-OPEN','BHYT-EXPIRING','FOLLOWUP-OVERDUE'])"
echo "--- run: one person's open stays (the save-time re-check)"
sql -d ansinh_bench -c "EXPLAIN (ANALYZE, BUFFERS) SELECT \"BeneficiaryId\", \"FacilityId\", \"AdmittedOn\" FROM \"Stays\" WHERE \"DischargedOn\" IS NULL AND \"BeneficiaryId\" = 1000"
echo "--- run: one person's chronic follow-ups"
sql -d ansinh_bench -c "EXPLAIN (ANALYZE, BUFFERS) SELECT max(\"Date\") FROM \"Encounters\" WHERE \"BeneficiaryId\" = 1000 AND \"Kind\" = 2"
