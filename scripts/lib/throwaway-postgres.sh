# Sourced by scripts/test.sh and bench/*.sh: starts a PostgreSQL cluster of its own on 127.0.0.1 (a free
# port, a temporary data directory), stops it at exit, and exports PG_PORT and PG_CONNECTION.
# PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user.

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDIR=$(mktemp -d /tmp/ansinh-pg.XXXXXX)
PG_PORT=""
for candidate in $(seq 55432 55632); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PG_PORT=$candidate; break; fi
done
[ -n "$PG_PORT" ] || { echo "No free port for PostgreSQL" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$PGDIR"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

stop_postgres() {
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap stop_postgres EXIT

as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
  -o "-p $PG_PORT -k $PGDIR -c listen_addresses=127.0.0.1 ${PG_EXTRA_OPTIONS:-}" start >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
PG_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export PG_PORT PG_CONNECTION
