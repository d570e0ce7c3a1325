#!/usr/bin/env bash
# LeNet-5 training throughput natively, batch 32, Adam 0.001, 32x32 digits:
# burn's flex CPU backend (crates/cnn-train/examples/lenet_throughput.rs, in
# release) and then PyTorch on the CPU (tests/bench/lenet_torch.py, one thread
# and its default threads), one after the other. Writes
# docs/bench/train-native-latest.json (or $OUT) with both and the ratios.
#
# burn-flex is built here with its `std` feature only (cnn-train turns burn's
# default features off, so flex's `rayon` and `simd` features are off): it
# trains on one thread.
#
# Usage: bash tests/bench/train-native.sh
#   LENET_WARMUP=2 LENET_STEPS=10 OUT=/tmp/x.json bash tests/bench/train-native.sh   (a smoke run)
# Needs: python3 with torch (`pip install torch`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
cd "$ROOT"
OUT="${OUT:-$ROOT/docs/bench/train-native-latest.json}"
PYTHON="${PYTHON:-python3}"

cargo build --release --quiet -p cnn-train --example lenet_throughput
burn="$("$CARGO_TARGET_DIR/release/examples/lenet_throughput")"
echo "$burn"
if torch="$("$PYTHON" tests/bench/lenet_torch.py)"; then
  echo "$torch"
else
  echo "PyTorch run failed (is torch installed? pip install torch)" >&2
  torch=""
fi

mkdir -p "$(dirname "$OUT")"
BURN="$burn" TORCH="$torch" OUT="$OUT" "$PYTHON" - <<'EOF'
import datetime, json, os, platform
burn = json.loads(os.environ["BURN"])
burn["threads_note"] = "burn-flex built with features [std, simd]: no rayon, one thread"
torch = [json.loads(l) for l in os.environ["TORCH"].splitlines() if l.strip()]
cpu = ""
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
out = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
    "machine": {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version()},
    "model": "LeNet-5 (61,706 params), 32x32x1 digits, batch 32, Adam 0.001",
    "burn": burn,
    "pytorch": torch,
    "ratio_burn_over_torch": {
        f"torch_{t['threads']}_threads": round(burn["images_per_sec"] / t["images_per_sec"], 3)
        for t in torch
    },
}
with open(os.environ["OUT"], "w") as f:
    f.write(json.dumps(out, indent=2) + "\n")
print(json.dumps(out["ratio_burn_over_torch"]))
print("wrote", os.environ["OUT"])
EOF
