# Sourced by the other scripts: tool paths and the cargo target directory,
# cached outside the clone so CI runs after the first are warm.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/cnn-school/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# The wasm-bindgen version that Cargo.lock pins; the CLI must match it.
# Before the first build there is no Cargo.lock: use the root Cargo.toml's pin.
WASM_BINDGEN_FALLBACK=0.2.130
wasm_bindgen_version() {
  local v=""
  if [ -f "$ROOT/Cargo.lock" ]; then
    v="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
  fi
  if [ -z "$v" ]; then
    v="$(sed -n 's/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml" | head -n1)"
  fi
  echo "${v:-$WASM_BINDGEN_FALLBACK}"
}

# The wasm-opt version Trunk.toml names ("version_132" -> "132"); Trunk runs
# offline and refuses a wasm-opt of any other version.
wasm_opt_wanted() {
  sed -n 's/^wasm_opt *= *"version_\([0-9]*\)".*/\1/p' "$ROOT/Trunk.toml" | head -n1
}
