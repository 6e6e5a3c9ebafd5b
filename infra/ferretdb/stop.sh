#!/usr/bin/env bash
# Stops the FerretDB start.sh started: SIGTERM, then SIGKILL after FERRETDB_STOP_TIMEOUT seconds
# (default 20). The data dir is kept.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FERRETDB_STATE="${FERRETDB_STATE:-${TMPDIR:-/tmp}/gongkai-ferretdb}"
exec "$here/../lib/stop-pid.sh" ferretdb "$FERRETDB_STATE/ferretdb.pid" "${FERRETDB_STOP_TIMEOUT:-20}"
