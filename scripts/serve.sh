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

# Build once first: `trunk serve` goes on serving (a 404 page) after a failed
# first build, and its error scrolls away. Here a failed build stops the script
# with the build's own error and a non-zero exit, and nothing is served.
printf '\n== serve: building the site (%s)\n' "${profile[*]:-debug}"
if ! trunk build "${profile[@]}"; then
  printf '\nserve.sh: the build failed (its error is above), so nothing is served.\n' >&2
  exit 1
fi
[ -f dist/index.html ] || { echo "serve.sh: the build left no dist/index.html; nothing is served." >&2; exit 1; }

printf '\n== serve: http://127.0.0.1:%s/ (rebuilds when sources change; Ctrl-C stops)\n' "${PORT:-8080}"
exec trunk serve "${profile[@]}" --address 127.0.0.1 --port "${PORT:-8080}" "${args[@]}"
