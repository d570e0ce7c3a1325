#!/usr/bin/env python3
"""LeNet-5 training throughput in PyTorch on the CPU, for comparison with
crates/cnn-train/examples/lenet_throughput.rs (burn's flex backend).

Same network (32x32x1; conv 6@5x5 valid, tanh; avg pool 2/2; conv 16@5x5
valid, tanh; avg pool 2/2; dense 120 tanh; dense 84 tanh; dense 10; softmax
cross-entropy on the logits; 61,706 parameters), Adam 0.001, batch 32, on the
shipped 5k digits padded by 2 to 32x32 and standardised (the first 4,000, in a
shuffled order). After LENET_WARMUP steps (default 5) it times LENET_STEPS
steps (default 100), each ending with loss.item() so the work is done. Runs
once with torch.set_num_threads(1) and once with PyTorch's default thread
count, and prints one JSON line for each.

Needs torch (and numpy is not needed): `pip install torch` (PyPI's wheel;
the CPU-only index is not reachable here).
Usage: python3 tests/bench/lenet_torch.py
"""
import gzip
import json
import os
import random
import struct
import time
from pathlib import Path

import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "static/datasets/mnist-digits-5k"
BATCH = 32
WARMUP = int(os.environ.get("LENET_WARMUP", "5"))
STEPS = int(os.environ.get("LENET_STEPS", "100"))


def load_digits():
    """The 5k digits as a [n, 1, 32, 32] float tensor (padded by 2) and labels."""
    raw = gzip.decompress((DATA / "digits-5k-images-idx3-ubyte.gz").read_bytes())
    magic, n, h, w = struct.unpack(">IIII", raw[:16])
    assert magic == 2051, "not an IDX image file"
    x = torch.frombuffer(bytearray(raw[16:16 + n * h * w]), dtype=torch.uint8)
    x = x.reshape(n, 1, h, w).float() / 255.0
    x = nn.functional.pad(x, (2, 2, 2, 2))
    raw = gzip.decompress((DATA / "digits-5k-labels-idx1-ubyte.gz").read_bytes())
    magic, m = struct.unpack(">II", raw[:8])
    assert magic == 2049 and m == n, "labels do not match the images"
    y = torch.frombuffer(bytearray(raw[8:8 + m]), dtype=torch.uint8).long()
    return x, y


def lenet5():
    net = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.Tanh(),
        nn.Linear(120, 84), nn.Tanh(),
        nn.Linear(84, 10),
    )
    # Keras's initialisation (Glorot uniform weights, zero biases), as ours.
    for m in net:
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    assert sum(p.numel() for p in net.parameters()) == 61706
    return net


def run(threads, x, y):
    if threads:
        torch.set_num_threads(threads)
    used = torch.get_num_threads()
    torch.manual_seed(1)
    net = lenet5()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    order = list(range(4000))
    random.Random(1).shuffle(order)
    steps = WARMUP + STEPS
    assert steps * BATCH <= len(order), "warm-up + timed steps must fit in one epoch"

    def step(i):
        idx = order[i * BATCH:(i + 1) * BATCH]
        xb, yb = x[idx], y[idx]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(xb), yb)
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(WARMUP):
        step(i)
    t0 = time.perf_counter()
    for i in range(WARMUP, steps):
        step(i)
    secs = time.perf_counter() - t0
    return {
        "impl": "pytorch",
        "threads": used,
        "images_per_sec": round(STEPS * BATCH / secs, 1),
        "batch": BATCH,
        "warmup_steps": WARMUP,
        "timed_steps": STEPS,
        "seconds": round(secs, 4),
        "torch": torch.__version__,
    }


def main():
    default_threads = torch.get_num_threads()
    x, y = load_digits()
    x = x[:4000]
    y = y[:4000]
    x = (x - x.mean()) / x.std()
    for threads in (1, default_threads):
        print(json.dumps(run(threads, x, y)), flush=True)


if __name__ == "__main__":
    main()
