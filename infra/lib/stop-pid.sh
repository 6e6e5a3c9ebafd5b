#!/usr/bin/env bash
# Stops the server whose pid is in PIDFILE: SIGTERM (a clean shutdown), then SIGKILL when it has
# not exited after TIMEOUT seconds. Shared by infra/*/stop.sh.
#   usage: stop-pid.sh NAME PIDFILE TIMEOUT
set -euo pipefail
name="$1" pidfile="$2" timeout="$3"
[[ -f "$pidfile" ]] || { echo "$name not running (no $pidfile)"; exit 0; }
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "stop: $name (pid $pid) ignored SIGTERM for ${timeout}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
fi
rm -f "$pidfile"
echo "$name stopped (pid $pid)"
