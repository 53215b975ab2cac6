#!/usr/bin/env bash
# Issue #13: the PostgreSQL plans of the FHIR Observation search (one patient, newest first) as a province officer and
# as a facility clinician (with the "left the facility" rule), and of the Patient search by name, on 50,000 generated
# people. The SQL is written here in the shape EF Core gives those LINQ queries (FhirApi, ObservationResources,
# ClinicalScope); see docs/benchmarks.md, "HL7 FHIR".
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
"${ANSINH[@]}" generate --province 22 --people 50000 --checks 5 2>&1 | tail -n 1
sql -d ansinh_bench -c "VACUUM ANALYZE" >/dev/null
F=$(sql -d ansinh_bench -c "SELECT \"ScopeFacilityId\" FROM \"AspNetUsers\" WHERE \"UserName\" = 'demo.clinician'")
P=$(sql -d ansinh_bench -c "SELECT \"BeneficiaryId\" FROM \"Stays\" WHERE \"FacilityId\" = $F AND \"DischargedOn\" IS NULL ORDER BY \"Id\" DESC LIMIT 1")
UNITS=$(sql -d ansinh_bench -c "SELECT string_agg(\"Id\"::text, ',') FROM \"AdminUnits\" WHERE \"ProvinceCode\" = '22' OR \"Code\" = '22'")
FACS=$(sql -d ansinh_bench -c "SELECT string_agg(f.\"Id\"::text, ',') FROM \"Facilities\" f JOIN \"AdminUnits\" u ON u.\"Id\" = f.\"AdminUnitId\" WHERE u.\"ProvinceCode\" = '22' OR u.\"Code\" = '22'")
echo "facility $F, patient $P"
PROVINCE_PEOPLE="SELECT b.\"Id\" FROM \"Beneficiaries\" b WHERE (b.\"RegisteredFacilityId\" IS NOT NULL AND b.\"RegisteredFacilityId\" = ANY(ARRAY[$FACS]))
  OR EXISTS (SELECT 1 FROM \"Stays\" s WHERE s.\"BeneficiaryId\" = b.\"Id\" AND s.\"FacilityId\" = ANY(ARRAY[$FACS]))
  OR (b.\"AddressUnitId\" IS NOT NULL AND b.\"AddressUnitId\" = ANY(ARRAY[$UNITS]))"
FACILITY_PEOPLE="SELECT b.\"Id\" FROM \"Beneficiaries\" b WHERE EXISTS (SELECT 1 FROM \"Stays\" s WHERE s.\"BeneficiaryId\" = b.\"Id\" AND s.\"FacilityId\" = ANY(ARRAY[$F])
  AND (s.\"DischargedOn\" IS NULL OR s.\"DischargedOn\" >= CURRENT_DATE - 90))
  OR (b.\"RegisteredFacilityId\" IS NOT NULL AND b.\"RegisteredFacilityId\" = ANY(ARRAY[$F]) AND NOT EXISTS (SELECT 1 FROM \"Stays\" s WHERE s.\"BeneficiaryId\" = b.\"Id\"
  AND s.\"DischargedOn\" IS NULL AND NOT (s.\"FacilityId\" = ANY(ARRAY[$F])) AND s.\"AdmittedOn\" < CURRENT_DATE - 90))"
echo "--- Observation?patient=&_sort=-date as the province officer (page of 20)"
sql -d ansinh_bench -c "EXPLAIN (ANALYZE, BUFFERS) SELECT o.\"Id\", o.\"BeneficiaryId\", o.\"EncounterId\", o.\"Code\", o.\"Value\", o.\"Unit\", o.\"Date\", e.\"RecordedAt\"
  FROM (SELECT * FROM \"Observations\" o WHERE o.\"BeneficiaryId\" IN ($PROVINCE_PEOPLE) AND o.\"BeneficiaryId\" = ANY(ARRAY[$P])
        ORDER BY o.\"Date\" DESC, o.\"Id\" DESC LIMIT 20) o JOIN \"Encounters\" e ON o.\"EncounterId\" = e.\"Id\""
echo "--- the same as the facility's clinician (readings recorded there, or dated before the person was taken in elsewhere)"
sql -d ansinh_bench -c "EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM \"Observations\" o WHERE o.\"BeneficiaryId\" IN ($FACILITY_PEOPLE)
  AND (EXISTS (SELECT 1 FROM \"Encounters\" e WHERE e.\"Id\" = o.\"EncounterId\" AND e.\"FacilityId\" = ANY(ARRAY[$F]))
       OR NOT EXISTS (SELECT 1 FROM \"Stays\" s WHERE s.\"BeneficiaryId\" = o.\"BeneficiaryId\" AND s.\"DischargedOn\" IS NULL
                      AND NOT (s.\"FacilityId\" = ANY(ARRAY[$F])) AND s.\"AdmittedOn\" <= o.\"Date\"))
  AND o.\"BeneficiaryId\" = ANY(ARRAY[$P])"
echo "--- Patient?name=nguyen van as the province officer (count)"
sql -d ansinh_bench -c "EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM \"Beneficiaries\" b WHERE b.\"Id\" IN ($PROVINCE_PEOPLE) AND b.\"SearchName\" LIKE '%nguyen van%'"
