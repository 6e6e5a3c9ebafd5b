#!/usr/bin/env bash
# Broker restart on the same log dir (what the relay's broker-restart test does between batches).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/stop.sh"
exec "$here/start.sh"
