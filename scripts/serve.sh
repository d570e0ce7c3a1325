#!/usr/bin/env bash
# Quick start 1: install what is missing, then build and serve the site on
# http://127.0.0.1:8080 (PORT=... to change), rebuilding when sources change.
#   scripts/serve.sh            release build (what learners get)
#   scripts/serve.sh --dev      debug build: faster rebuilds, slower page
# Any other arguments go to `trunk serve`.
set -euo pipefail
source "$(dirname "$0")/env.sh"

profile=(--release)
args=()
for a in "$@"; do
  case "$a" in
    --dev | --debug) profile=() ;;
    --release) profile=(--release) ;;
    *) args+=("$a") ;;
  esac
done

"$ROOT/scripts/install.sh"
cd "$ROOT"
exec trunk serve "${profile[@]}" --address 127.0.0.1 --port "${PORT:-8080}" "${args[@]}"
