#!/usr/bin/env bash
# Quick start 1: install what is missing, then build and serve the site on
# http://127.0.0.1:8080 (PORT=... to change). Rebuilds when sources change.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/install.sh"
cd "$ROOT"
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
