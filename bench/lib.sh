# Sourced by bench/*.sh: a throwaway PostgreSQL cluster (stopped at exit), the app pointed at database ansinh_bench,
# the CLI built in Release as "${ANSINH[@]}", and sql() for psql as the cluster's owner.
. scripts/lib/throwaway-postgres.sh
export Database__Provider=Postgres
export Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=ansinh_bench"
dotnet build -c Release src/AnSinh.Cli -v q >/dev/null
ANSINH=(dotnet src/AnSinh.Cli/bin/Release/net10.0/ansinh.dll)
sql() { as_pg "$PGBIN/psql" -h "$PGDIR" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -At "$@"; }
