#!/usr/bin/env bash
# Quick start 2: every test, cheapest first, stopping at the first failure.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
section() { printf '\n==== %s\n' "$*"; }

section "install what is missing"
"$ROOT/scripts/install.sh"

section "cargo fmt --check"
cargo fmt --all -- --check

section "clippy (native and wasm32), warnings denied"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p web --target wasm32-unknown-unknown -- -D warnings

section "native tests (cnn-core, and the web crate's pure logic)"
cargo test --workspace

section "build the site (trunk build --release)"
trunk build --release

section "browser tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/
