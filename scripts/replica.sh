#!/usr/bin/env bash
# A streaming read replica of the local PostgreSQL primary, for tests and benchmarks:
# a second cluster on another port, cloned with `pg_basebackup -R`, started, and
# waited for until it streams. Idempotent: a replica that already streams is left as
# it is; one that does not is made again. `scripts/replica.sh stop` stops it;
# `scripts/replica.sh remove` deletes it.
#
# Environment: PRIMARY_PORT (5432), REPLICA_PORT (5433),
# REPLICA_DIR (/var/lib/postgresql/<version>/replica-<port>).
set -euo pipefail

PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
VERSION=$(psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -tAc "SHOW server_version_num" | cut -c1-2)
PG_BIN=/usr/lib/postgresql/$VERSION/bin
REPLICA_DIR=${REPLICA_DIR:-/var/lib/postgresql/$VERSION/replica-$REPLICA_PORT}
LOG=${REPLICA_LOG:-/var/log/postgresql/replica-$REPLICA_PORT.log}

# The clusters run as the postgres user; so do their tools.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
primary() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -v ON_ERROR_STOP=1 -tAc "$1"; }
replica() { psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -tAc "$1" 2>/dev/null; }
streaming() { [ "$(replica "SELECT status FROM pg_stat_wal_receiver")" = streaming ]; }
# Whether the replica's server runs: a postmaster.pid alone does not say, for a machine
# restored from a copy of its disk keeps the file of a server that is gone.
running() { [ -f "$REPLICA_DIR/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" status >/dev/null; }

case "${1:-start}" in
stop)
    running && as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -m fast -w stop
    exit 0
    ;;
remove)
    running && as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -m fast -w stop
    rm -rf "$REPLICA_DIR" "$LOG"
    exit 0
    ;;
start) ;;
*) echo "usage: $0 [start|stop|remove]" >&2; exit 2 ;;
esac

if streaming; then
    echo "replica on port $REPLICA_PORT streams from port $PRIMARY_PORT"
    exit 0
fi

# The primary: a role that may replicate, and a pg_hba.conf line that lets it in
# from 127.0.0.1 (wal_level = replica and max_wal_senders > 0 are the defaults).
if [ -z "$(primary "SELECT 1 FROM pg_roles WHERE rolname = 'replicator'")" ]; then
    primary "CREATE ROLE replicator WITH LOGIN REPLICATION"
fi
HBA=$(primary "SHOW hba_file")
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$HBA"; then
    echo "host replication all 127.0.0.1/32 trust" >>"$HBA"
    primary "SELECT pg_reload_conf()" >/dev/null
fi

# A replica that does not stream is made again: its data may be half-made, or older than
# the WAL the primary still keeps. (A machine restored from a copy of its disk has a
# stopped replica and the postmaster.pid of a server that is gone.)
running && as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -m immediate -w stop
rm -rf "$REPLICA_DIR"
install -d -o postgres -g postgres -m 700 "$REPLICA_DIR"
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U replicator \
    -D "$REPLICA_DIR" -R -X stream -c fast
# Debian keeps a cluster's configuration outside its data directory: give the replica
# its own, on its own port. A hot standby needs at least the primary's max_connections.
as_postgres tee "$REPLICA_DIR/postgresql.conf" >/dev/null <<CONF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
hot_standby = on
hot_standby_feedback = on
max_connections = $(primary "SHOW max_connections")
shared_buffers = 128MB
CONF
as_postgres tee "$REPLICA_DIR/pg_hba.conf" >/dev/null <<CONF
local all all trust
host all all 127.0.0.1/32 trust
CONF
install -d -o postgres -g postgres "$(dirname "$LOG")"
touch "$LOG" && chown postgres "$LOG"
as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -l "$LOG" -w start >/dev/null
for _ in $(seq 60); do
    if streaming; then
        echo "replica on port $REPLICA_PORT streams from port $PRIMARY_PORT"
        exit 0
    fi
    sleep 0.5
done
echo "replica on port $REPLICA_PORT does not stream; the end of $LOG:" >&2
tail -n 20 "$LOG" >&2
exit 1
