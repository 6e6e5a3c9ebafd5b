#!/usr/bin/env bash
# Stops the FerretDB start.sh started: SIGTERM, then SIGKILL after FERRETDB_STOP_TIMEOUT seconds
# (default 20). The data dir is kept.
set -euo pipefail
FERRETDB_STATE="${FERRETDB_STATE:-${TMPDIR:-/tmp}/gongkai-ferretdb}"
pidfile="$FERRETDB_STATE/ferretdb.pid"
timeout="${FERRETDB_STOP_TIMEOUT:-20}"
[[ -f "$pidfile" ]] || { echo "ferretdb not running (no $pidfile)"; exit 0; }
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "stop.sh: ferretdb (pid $pid) ignored SIGTERM for ${timeout}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
fi
rm -f "$pidfile"
echo "ferretdb stopped (pid $pid)"
