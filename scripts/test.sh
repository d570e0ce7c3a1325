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
scratch=""
trap 'rc=$?; [ -z "$scratch" ] || rm -rf "$scratch"; [ $rc = 0 ] || printf "\n==== FAILED: %s (exit %s, after %ss in all)\n" "$current" "$rc" "$SECONDS" >&2' EXIT

section "install what is missing"
"$ROOT/scripts/install.sh" </dev/null

# onnxruntime (PyPI) runs the ONNX files the page exports, in the native
# tests (crates/cnn-train/tests/onnx.rs); only the tests need it.
onnx_env="${XDG_CACHE_HOME:-$HOME/.cache}/cnn-school/onnxruntime"
if ! "$onnx_env/bin/python" -c 'import onnxruntime' 2>/dev/null \
  || [ tests/onnx/requirements.txt -nt "$onnx_env/requirements.txt" ]; then
  section "onnxruntime for the ONNX export's test (PyPI, pinned)"
  python3 -m venv "$onnx_env"
  "$onnx_env/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r tests/onnx/requirements.txt
  cp tests/onnx/requirements.txt "$onnx_env/requirements.txt"
fi

# From here on nothing downloads: a crate that install.sh did not fetch fails
# here, as it would in Trunk's offline build on a learner's machine.
export CARGO_NET_OFFLINE=true

section "fresh machine: install.sh alone fetches every crate the builds need"
# CI's cargo home is warm, so a crate missing from install.sh's download would
# go unnoticed there. Run install.sh's crate step into an empty CARGO_HOME and
# resolve every build of the site against it, offline: the native workspace
# and the two wasm32 binaries with their features (index.html's data-cargo-*).
scratch="$(mktemp -d "${TMPDIR:-/tmp}/cnn-school-fresh-cargo.XXXXXX")"
fresh_home="$scratch"
host="$(rustc -vV | sed -n 's/^host: //p')"
( unset CARGO_NET_OFFLINE; CARGO_HOME="$fresh_home" "$ROOT/scripts/install.sh" --crates-only )
for build in "$host --all-features" \
  "wasm32-unknown-unknown --manifest-path web/Cargo.toml --features webgpu"; do
  # shellcheck disable=SC2086 # $build holds several arguments
  set -- $build
  target="$1"
  shift
  CARGO_HOME="$fresh_home" cargo metadata --offline --locked --format-version 1 \
    --filter-platform "$target" "$@" >/dev/null
done
rm -rf "$scratch"
scratch=""

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
# --test-timeout: each file (and each test in it) fails after 15 minutes, and
# its process is ended, so a test that hangs cannot hold up the suite.
node --test --test-concurrency=1 --test-timeout=900000 tests/e2e/

section "all passed"
printf '==== everything passed in %ss\n' "$SECONDS"
