"""tq.train gives tq-train's numbers: the same step, data order and loss."""

import csv
import os
import subprocess

import numpy as np
import pytest

import tq
from conftest import BUILD, ROOT

FASHION = "/usr/share/datasets/fashion-mnist"
INIT = ROOT / "examples/fashion/init.onnx"
FP8 = ROOT / "examples/fashion/train_maps/fp8.json"


@pytest.mark.skipif(not os.path.isdir(FASHION),
                    reason="dataset-fashion-mnist is not installed")
def test_train_equals_tq_train(tmp_path):
    subprocess.run([str(BUILD / "bin/tq-train"), str(INIT), "--fashion-mnist",
                    FASHION, "--train-limit", "256", "--test-limit", "128",
                    "--batch", "64", "--epochs", "2", "--optimizer", "adam",
                    "--lr", "0.001", "--map-file", str(FP8), "--seed", "3",
                    "--csv", str(tmp_path / "curves.csv"), "--quiet"],
                   check=True, capture_output=True)
    want = list(csv.DictReader(open(tmp_path / "curves.csv")))
    epochs = tq.train(INIT, fashion_mnist=FASHION, train_limit=256,
                      test_limit=128, batch=64, epochs=2, optimizer="adam",
                      lr=0.001, map=FP8, seed=3, out=tmp_path / "trained.onnx")
    assert [e["epoch"] for e in epochs] == [1, 2]
    for e, w in zip(epochs, want):
        assert e["train_loss"] == float(w["train_loss"])
        assert e["test_loss"] == float(w["test_loss"])
        assert e["test_count"] == 128
        assert round(e["test_accuracy"], 6) == float(w["test_accuracy"])
    # The trained model runs, from arrays, with its accuracy.
    trained = tq.load(tmp_path / "trained.onnx", batch=64)
    x = np.random.default_rng(0).random((64, 1, 28, 28), dtype=np.float32)
    assert trained.run(x)[0].shape == (64, 10)


def test_train_from_arrays_and_errors(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.random((128, 1, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, 128)
    epochs = tq.train(INIT, (x, y), (x[:64], y[:64]), batch=64, epochs=1,
                      lr=0.01, map={"activations": {"fc": "fp8_e4m3"},
                                    "gradients": {"fc": "fp8_e5m2"}})
    assert len(epochs) == 1 and epochs[0]["test_count"] == 64
    with pytest.raises(TypeError, match=r"unknown options \['learning_rate'\]"):
        tq.train(INIT, (x, y), learning_rate=0.1)
    with pytest.raises(ValueError, match="optimizer"):
        tq.train(INIT, (x, y), optimizer="rmsprop")
    with pytest.raises(tq.ModelError, match="nothere.onnx"):
        tq.train(tmp_path / "nothere.onnx", (x, y), (x, y))
