#!/usr/bin/env bash
# Quick start 2: every test, cheapest first, stopping at the first failure.
# Works unattended (CI=true, no stdin) on a fresh clone of a fresh machine.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

current=""
started=0
section() {
  [ -z "$current" ] || printf '==== %s: ok in %ss\n' "$current" "$((SECONDS - started))"
  current="$*"
  started=$SECONDS
  printf '\n==== %s\n' "$current"
}
trap 'rc=$?; [ $rc = 0 ] || printf "\n==== FAILED: %s (exit %s, after %ss in all)\n" "$current" "$rc" "$SECONDS" >&2' EXIT

section "install what is missing"
"$ROOT/scripts/install.sh" </dev/null

section "cargo fmt --check"
cargo fmt --all -- --check

section "clippy (native and wasm32), warnings denied"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p web --target wasm32-unknown-unknown -- -D warnings

section "native tests (cnn-core, and the web crate's pure logic)"
cargo test --workspace

section "build the site (trunk build --release)"
trunk build --release
[ -f dist/index.html ] || { echo "trunk build left no dist/index.html" >&2; exit 1; }

section "browser tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/

section "all passed"
printf '==== everything passed in %ss\n' "$SECONDS"
