#!/usr/bin/env bash
# Stops the broker start.sh started: SIGTERM (a controlled shutdown that flushes the log), then
# SIGKILL if it has not exited after KAFKA_STOP_TIMEOUT seconds (default 60). The log dir is kept.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_STATE="${KAFKA_STATE:-${TMPDIR:-/tmp}/gongkai-kafka}"
exec "$here/../lib/stop-pid.sh" kafka "$KAFKA_STATE/kafka.pid" "${KAFKA_STOP_TIMEOUT:-60}"
