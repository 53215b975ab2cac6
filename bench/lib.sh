# Sourced by bench/*.sh: a throwaway PostgreSQL cluster (stopped at exit; the newest installed version), the app pointed at database ansinh_bench,
# the CLI built in Release as "${ANSINH[@]}", and sql() for psql as the cluster's owner.
. scripts/lib/throwaway-postgres.sh
export Database__Provider=Postgres
# DB_EXTRA appends settings, e.g. DB_EXTRA=";Max Auto Prepare=0;Maximum Pool Size=10" for an A/B run.
export Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=ansinh_bench${DB_EXTRA:-}"
dotnet build -c Release src/AnSinh.Cli -v q >/dev/null
ANSINH=(dotnet src/AnSinh.Cli/bin/Release/net10.0/ansinh.dll)
sql() { as_pg "$PGBIN/psql" -h "$PGDIR" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -At "$@"; }
