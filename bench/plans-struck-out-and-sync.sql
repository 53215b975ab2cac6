-- Run: . scripts/lib/throwaway-postgres.sh; psql "host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres" -f bench/plans-struck-out-and-sync.sql
-- Mirrors the columns and indexes the migrations create (ConditionLastChangedAt; Alerts' indexes).
CREATE TABLE "Conditions" ("Id" serial PRIMARY KEY, "BeneficiaryId" int NOT NULL, "EncounterId" int, "IcdCode" varchar(10) NOT NULL,
  "OnsetDate" date NOT NULL, "ResolvedDate" date, "Note" varchar(1000), "LastChangedAt" timestamptz);
CREATE INDEX "IX_Conditions_BeneficiaryId_IcdCode" ON "Conditions" ("BeneficiaryId", "IcdCode");
CREATE INDEX "IX_Conditions_LastChangedAt" ON "Conditions" ("LastChangedAt");
INSERT INTO "Conditions" ("BeneficiaryId","EncounterId","IcdCode","OnsetDate","LastChangedAt")
SELECT g % 50000, g, (ARRAY['I10','E11','J44','I69'])[1 + g % 4], date '2020-01-01' + (g % 2000), timestamptz '2021-01-01' + (g % 2000) * interval '1 day' + (g % 86400) * interval '1 second'
FROM generate_series(1, 200000) g;
CREATE TABLE "Alerts" ("Id" serial PRIMARY KEY, "BeneficiaryId" int NOT NULL, "FacilityId" int NOT NULL, "Rule" varchar(40) NOT NULL, "Severity" int NOT NULL,
  "Status" int NOT NULL, "Source" varchar(100));
CREATE UNIQUE INDEX "IX_OneOpenAlert" ON "Alerts" ("BeneficiaryId","Rule") WHERE "Status" < 3;
CREATE INDEX "IX_Alerts_BeneficiaryId_Status" ON "Alerts" ("BeneficiaryId","Status");
CREATE INDEX "IX_Alerts_FacilityId_Status_Severity" ON "Alerts" ("FacilityId","Status","Severity");
INSERT INTO "Alerts" ("BeneficiaryId","FacilityId","Rule","Severity","Status","Source")
SELECT g % 50000, g % 300, 'R' || (g % 37), 1, CASE WHEN g % 5 = 0 THEN 1 ELSE 3 END, 'Encounter/' || g FROM generate_series(1, 300000) g;
ANALYZE;
\echo '--- Condition sync poll: _lastUpdated=gt<last hour of data>, one page'
EXPLAIN ANALYZE SELECT * FROM "Conditions" WHERE "LastChangedAt" > timestamptz '2026-06-20' ORDER BY "Id" LIMIT 100;
\echo '--- Alerts closed on a strike-out, before (source alone)'
EXPLAIN ANALYZE SELECT * FROM "Alerts" WHERE "Source" = 'Encounter/123455' AND "Status" < 3;
\echo '--- after (the person, then the source)'
EXPLAIN ANALYZE SELECT * FROM "Alerts" WHERE "BeneficiaryId" = 23455 AND "Status" < 3 AND "Source" = 'Encounter/123455';
