#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test the site, and nothing
# that is already there: the wasm32 target, Trunk, the wasm-bindgen CLI of the
# version in Cargo.lock, wasm-opt and playwright-core (npm), and Debian's
# Chromium with its driver. Safe to run again.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

step() { printf '\n== %s\n' "$*"; }
TRUNK_VERSION=0.21.14

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  step "cargo install trunk $TRUNK_VERSION"
  # Trunk 0.22 needs a newer rustc than this machine's 1.95.
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

WBG="$(wasm_bindgen_version)"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG"; then
  step "cargo install wasm-bindgen-cli $WBG"
  # Must match the crate in Cargo.lock; --locked does not build here.
  cargo install wasm-bindgen-cli --version "$WBG"
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  step "apt-get install chromium chromium-driver"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci (wasm-opt from binaryen, playwright-core)"
  npm ci --no-audit --no-fund
fi
