# Sourced by the other scripts: tool paths and the cargo target directory,
# cached outside the clone so CI runs after the first are warm.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/cnn-school/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# The wasm-bindgen version that Cargo.lock pins; the CLI must match it.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}
