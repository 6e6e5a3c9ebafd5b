#!/usr/bin/env bash
# Stops the broker start.sh started: SIGTERM (a controlled shutdown that flushes the log), then
# SIGKILL if it has not exited after KAFKA_STOP_TIMEOUT seconds (default 60). The log dir is kept.
set -euo pipefail
KAFKA_STATE="${KAFKA_STATE:-${TMPDIR:-/tmp}/gongkai-kafka}"
pidfile="$KAFKA_STATE/kafka.pid"
timeout="${KAFKA_STOP_TIMEOUT:-60}"
[[ -f "$pidfile" ]] || { echo "kafka not running (no $pidfile)"; exit 0; }
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "stop.sh: kafka (pid $pid) ignored SIGTERM for ${timeout}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
fi
rm -f "$pidfile"
echo "kafka stopped (pid $pid)"
