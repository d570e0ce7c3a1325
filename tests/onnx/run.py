"""Runs ONNX files written by cnn-train's tests in onnxruntime (PyPI).

    python tests/onnx/run.py DIR

DIR holds cases.json, a list of {"model", "input", "shape", "output"}: the
.onnx file, the input as little-endian float32 of that shape, and the file
the outputs are written to (little-endian float32, row by row). The Rust
test compares them with its own answers. Prints one line per case.
"""

import json
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort


def main(folder: str) -> None:
    root = Path(folder)
    for case in json.loads((root / "cases.json").read_text()):
        session = ort.InferenceSession(
            str(root / case["model"]), providers=["CPUExecutionProvider"]
        )
        x = np.fromfile(root / case["input"], dtype="<f4").reshape(case["shape"])
        (y,) = session.run(["output"], {"input": x})
        y.astype("<f4").tofile(root / case["output"])
        print(f'{case["model"]}: output {list(y.shape)}')


if __name__ == "__main__":
    main(sys.argv[1])
