"""tq.sweep gives tq-sweep's numbers for the same configurations."""

import csv
import io
import json
import subprocess

import numpy as np
import pytest

import tq
from conftest import BUILD, ROOT

DIGITS = ROOT / "examples/digits"


def test_sweep_equals_tq_sweep(tmp_path):
    x = np.load(DIGITS / "test_x.npy")[:120]
    y = np.load(DIGITS / "test_y.npy")[:120]
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "y.npy", y)
    (tmp_path / "sweep.json").write_text(json.dumps({"experiments": [
        {"family": "float", "quantizers": ["fp8_e4m3", "mxfp4"]},
        {"family": "fixed", "quantizer": "stochastic,6,3",
         "roles": ["weights", "activations"], "seed": 5}]}))
    subprocess.run([str(BUILD / "bin/tq-sweep"), str(DIGITS / "model.mlir"),
                    "-i", str(tmp_path / "x.npy"), "--labels",
                    str(tmp_path / "y.npy"), "--configs",
                    str(tmp_path / "sweep.json"), "--csv",
                    str(tmp_path / "sweep.csv")], check=True,
                   capture_output=True)
    want = list(csv.DictReader(io.StringIO((tmp_path / "sweep.csv").read_text())))
    rows = tq.sweep(tq.load(DIGITS / "model.mlir"), [
        "fp8_e4m3", tq.Quantizer("mxfp4"),
        {"quantizer": "stochastic,6,3", "role": "weights", "seed": 5,
         "family": "fixed"},
        {"quantizer": "stochastic,6,3", "role": "activations", "seed": 5,
         "family": "fixed"}], x, y, as_frame=False)
    assert len(rows) == len(want) == 5
    for got, w in zip(rows, want):
        assert (got["role"], got["bits"]) == (w["role"], float(w["bits"]))
        # Exactly the CSV's numbers (it writes them in round-trip form).
        assert got["top1"] == float(w["top1"])
        assert got["mean_abs_err"] == float(w["mean_abs_err"])
        assert got["max_abs_err"] == float(w["max_abs_err"])
    assert rows[3]["quantizer"] == "stochastic,6,3"
    assert rows[2]["quantizer"] == "mxfp4"


def test_sweep_without_labels_and_errors():
    x = np.load(DIGITS / "test_x.npy")[:4]
    rows = tq.sweep(DIGITS / "model.mlir", ["fp16"], x, as_frame=False)
    assert rows[1]["top1"] is None and rows[1]["mean_abs_err"] > 0
    with pytest.raises(ValueError, match="role must be weights, activations "
                                         "or both, not 'all'"):
        tq.sweep(DIGITS / "model.mlir", [{"quantizer": "fp16", "role": "all"}], x)
    with pytest.raises(ValueError, match="expected keys quantizer"):
        tq.sweep(DIGITS / "model.mlir", [{"q": "fp16"}], x)
    with pytest.raises(tq.QuantizerError, match="unknown quantizer 'fp9'"):
        tq.sweep(DIGITS / "model.mlir", ["fp9"], x)
