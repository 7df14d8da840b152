#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks (Debian's postgresql package).
#   pg.sh install   installs the package when initdb is missing (apt-get; needs root or sudo)
#   pg.sh start     initdb into $PG_DIR (default .tmp/pg) on the first start, starts on 127.0.0.1:$PG_PORT
#                   (default: the first free port from 55432), creates the database `lens`, and prints
#                   its URL as the last line (postgres://lens@127.0.0.1:PORT/lens)
#   pg.sh stop      stops it (the data stays for the next start); pg.sh destroy also removes the data
#   pg.sh status | url
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${PG_DIR:-$root/.tmp/pg}"
data="$dir/data"
log="$dir/server.log"

bindir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$found" ] || { echo "PostgreSQL is not installed: run 'bash scripts/pg/pg.sh install'" >&2; return 1; }
  echo "$found"
}

# PostgreSQL refuses to run as root: the server runs as the `postgres` system user when we are root.
as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

current_port() { [ -f "$dir/port" ] && cat "$dir/port"; }

running() {
  local bin
  bin="$(bindir)" || return 1
  [ -d "$data" ] && as_server_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

url() { echo "postgres://lens@127.0.0.1:$(current_port)/lens"; }

case "${1:-}" in
  install)
    if bindir >/dev/null 2>&1; then echo "PostgreSQL present: $(bindir)"; exit 0; fi
    sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq postgresql >/dev/null
    # the package starts a cluster of its own on 5432; we use throwaway ones, so stop it
    "${sudo_cmd[@]}" pg_ctlcluster --force "$(ls /etc/postgresql | sort -V | tail -n 1)" main stop 2>/dev/null || true
    echo "PostgreSQL installed: $(bindir)"
    ;;
  start)
    bin="$(bindir)"
    if running; then url; exit 0; fi
    mkdir -p "$dir"
    if [ ! -f "$data/PG_VERSION" ]; then
      rm -rf "$data"
      mkdir -p "$data"
      [ "$(id -u)" = 0 ] && chown postgres "$dir" "$data"
      as_server_user "$bin/initdb" -D "$data" -U lens --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    # PG_PORT, else the port of the last start (a restart keeps its URL) when free, else the first free one from 55432
    port="${PG_PORT:-$(current_port || echo 55432)}"
    if [ -z "${PG_PORT:-}" ] && port_in_use "$port"; then port=55432; while port_in_use "$port"; do port=$((port + 1)); done; fi
    echo "$port" >"$dir/port"
    [ "$(id -u)" = 0 ] && { touch "$log"; chown postgres "$log" "$dir/port"; }
    # tuned for throwaway test data: durability off, sockets in the data dir
    as_server_user "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null \
      || { tail -n 20 "$log" >&2; exit 1; }
    as_server_user "$bin/psql" -h 127.0.0.1 -p "$port" -U lens -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = 'lens'" | grep -q 1 \
      || as_server_user "$bin/createdb" -h 127.0.0.1 -p "$port" -U lens lens
    url
    ;;
  stop)
    if running; then as_server_user "$(bindir)/pg_ctl" -D "$data" -m fast -w stop >/dev/null; echo "PostgreSQL stopped"; else echo "PostgreSQL not running"; fi
    ;;
  destroy)
    bash "$0" stop
    rm -rf "$dir"
    ;;
  status)
    if running; then echo "PostgreSQL running: $(url)"; else echo "PostgreSQL not running"; exit 1; fi
    ;;
  url)
    url
    ;;
  *)
    echo "usage: $0 install|start|stop|destroy|status|url" >&2
    exit 2
    ;;
esac
