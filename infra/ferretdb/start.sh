#!/usr/bin/env bash
# Starts FerretDB with its SQLite backend on 127.0.0.1, waits until it answers, and prints
# MONGODB_URL=…. The data dir is kept between starts; `start.sh --fresh` wipes it first.
#   FERRETDB_HOME   the binary install.sh built (default ${GONGKAI_CACHE:-$HOME/.cache/gongkai}/ferretdb)
#   FERRETDB_STATE  data, log, pid (default ${TMPDIR:-/tmp}/gongkai-ferretdb)
#   FERRETDB_PORT (27017), FERRETDB_START_TIMEOUT (60 s)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="v1.24.2"
FERRETDB_HOME="${FERRETDB_HOME:-${GONGKAI_CACHE:-$HOME/.cache/gongkai}/ferretdb}"
FERRETDB_STATE="${FERRETDB_STATE:-${TMPDIR:-/tmp}/gongkai-ferretdb}"
port="${FERRETDB_PORT:-27017}"
timeout="${FERRETDB_START_TIMEOUT:-60}"
bin="$FERRETDB_HOME/ferretdb-$version"
pidfile="$FERRETDB_STATE/ferretdb.pid"

[[ -x "$bin" ]] || { echo "start.sh: no $bin — run infra/ferretdb/install.sh first" >&2; exit 1; }
if [[ "${1:-}" == "--fresh" ]]; then
  "$here/stop.sh" >/dev/null
  rm -rf "$FERRETDB_STATE"
fi
if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "start.sh: ferretdb already running (pid $(cat "$pidfile"))" >&2
  echo "MONGODB_URL=mongodb://127.0.0.1:$port/"
  exit 0
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "start.sh: port $port is taken by another process" >&2
  exit 1
fi
mkdir -p "$FERRETDB_STATE/data"

nohup "$bin" --handler=sqlite --sqlite-url="file:$FERRETDB_STATE/data/" \
  --listen-addr="127.0.0.1:$port" --telemetry=disable --log-level=warn \
  --state-dir="$FERRETDB_STATE" --debug-addr=- \
  >>"$FERRETDB_STATE/ferretdb.log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pidfile"

deadline=$((SECONDS + timeout))
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start.sh: ferretdb exited while starting; last log lines:" >&2
    tail -n 30 "$FERRETDB_STATE/ferretdb.log" >&2 || true
    rm -f "$pidfile"
    exit 1
  fi
  if ((SECONDS > deadline)); then
    echo "start.sh: ferretdb not listening after ${timeout}s (log: $FERRETDB_STATE/ferretdb.log)" >&2
    exit 1
  fi
  sleep 0.2
done
echo "ferretdb ready on 127.0.0.1:$port (pid $pid, state $FERRETDB_STATE)" >&2
echo "MONGODB_URL=mongodb://127.0.0.1:$port/"
