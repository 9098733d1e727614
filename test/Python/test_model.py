"""tq.load, Model.names/quantize/compile/run: the same outputs as tq-run,
bit for bit; the insertion report as Python data; errors as exceptions."""

import json
import subprocess

import numpy as np
import pytest

import tq
from conftest import BUILD, ROOT

DIGITS = ROOT / "examples/digits"
FASHION = ROOT / "examples/fashion/model.onnx"


def tq_run(model, inputs, tmp_path, *args):
    """tq-run's first output."""
    files = []
    for i, a in enumerate(inputs):
        files += ["-i", str(tmp_path / f"in{i}.npy")]
        np.save(tmp_path / f"in{i}.npy", a)
    subprocess.run([str(BUILD / "bin/tq-run"), str(model), *files, "-o",
                    str(tmp_path / "out.npy"), "--quiet", *args], check=True)
    return np.load(tmp_path / "out.npy")


def test_names():
    m = tq.load(DIGITS / "model.mlir")
    assert m.entry == "forward"
    assert m.names() == ["conv1", "relu1", "conv2", "relu2", "pool", "dense1",
                         "dense1_bias", "relu3", "dense2", "dense2_bias"]
    assert m.ops()[0] == {"name": "conv1", "op": "tosa.conv2d",
                          "results": ["tensor<1x8x8x8xf32>"]}
    # An imported ONNX model's ops are its node names (maps also match the
    # module paths, docs/import.md).
    onnx = tq.load(FASHION, batch=4)
    assert onnx.names() == ["/conv1/Conv", "/relu1/Relu", "/pool1/MaxPool",
                            "/conv2/Conv", "/relu2/Relu", "/pool2/MaxPool",
                            "/flatten/Flatten", "/fc1/Gemm", "/relu3/Relu",
                            "/fc2/Gemm"]


def test_float_and_quantized_runs_equal_tq_run(tmp_path):
    x = np.load(DIGITS / "test_x.npy")[:40]
    m = tq.load(DIGITS / "model.mlir")
    out, = m.run([x])
    assert out.dtype == np.float32 and out.shape == (40, 10)
    assert out.tobytes() == tq_run(DIGITS / "model.mlir", [x], tmp_path).tobytes()
    q, report = m.quantize(activations="fp8_e4m3",
                           weights={"conv": "nearest,8,6", "dense": "mxfp4"},
                           seed=3)
    qout, = q.compile().run(x)  # one array for the one argument
    want = tq_run(DIGITS / "model.mlir", [x], tmp_path, "--quantize="
                  "activations=fp8_e4m3 weights={\"conv\":\"nearest,8,6\","
                  "\"dense\":\"mxfp4\"} seed=3")
    assert qout.tobytes() == want.tobytes()
    assert not np.array_equal(qout, out)
    # The report: what tq-quantize-pipeline's report-json writes.
    assert set(report) == {"entries", "quantized", "skipped"}
    assert q.report == report
    assert len(report["quantized"]) > 0
    # The original model is unchanged; threads give the same bits.
    assert m.run([x])[0].tobytes() == out.tobytes()
    assert q.run([x], threads=True)[0].tobytes() == qout.tobytes()


@pytest.mark.parametrize("model", [
    "fp8-tensor-core-promoted",
    {"accumulator": "fixed,16,4", "outer": "fp32", "mx": "mxint8"},
    {"preset": "fma-fp16", "chunk": 8, "outer": "fp32"},
    {"accumulator": "bf16", "order": "pairwise"},
])
def test_multiply_accumulate_models_equal_tq_run(tmp_path, model):
    # #tq.mac models (a preset or a model object) in the intrinsic map, as
    # tq-run takes them.
    x = np.load(DIGITS / "test_x.npy")[:16]
    m = tq.load(DIGITS / "model.mlir")
    q, report = m.quantize(intrinsic={"": model})
    assert any(a["role"] == "intrinsic" for a in report["quantized"])
    out, = q.run([x])
    want = tq_run(DIGITS / "model.mlir", [x], tmp_path, "--quantize=intrinsic="
                  + json.dumps({"": model}))
    assert out.tobytes() == want.tobytes()
    assert not np.array_equal(out, m.run([x])[0])


def test_map_file_and_dict_map(tmp_path):
    x = np.load(DIGITS / "test_x.npy")[:8]
    m = tq.load(DIGITS / "model.mlir")
    a, _ = m.quantize(ROOT / "examples/maps/digits.json")
    b, _ = m.quantize(json.loads((ROOT / "examples/maps/digits.json").read_text()))
    assert a.run(x)[0].tobytes() == b.run(x)[0].tobytes()
    assert a.run(x)[0].tobytes() == tq_run(
        DIGITS / "model.mlir", [x], tmp_path,
        "--map-file=" + str(ROOT / "examples/maps/digits.json")).tobytes()


def test_onnx_model_with_batch(tmp_path):
    x = np.random.default_rng(0).standard_normal((8, 1, 28, 28)).astype(np.float32)
    m = tq.load(FASHION, batch=4)
    c = m.compile()
    out, = c(x)  # two calls of batch 4
    assert out.shape == (8, 10)
    assert out.tobytes() == tq_run(FASHION, [x], tmp_path, "--batch=4").tobytes()


def test_errors():
    with pytest.raises(tq.ModelError, match="nothere.mlir: cannot read: No such file"):
        tq.load(ROOT / "nothere.mlir")
    m = tq.load(DIGITS / "model.mlir")
    with pytest.raises(tq.ModelError, match="unknown quantizer 'fp8_e4m2'"):
        m.quantize(activations="fp8_e4m2")
    with pytest.raises(TypeError, match="a map is a quantizer string"):
        m.quantize(activations=8)
    with pytest.raises(tq.ModelError, match="@forward takes 1 input, 2 given"):
        m.run([np.zeros((1, 8, 8, 1), np.float32)] * 2)
    with pytest.raises(tq.ModelError):
        m.run([np.zeros((1, 8, 8, 2), np.float32)])


def test_gpu():
    """On a CUDA GPU the same bits as the CPU; without one, the runner's
    message."""
    x = np.load(DIGITS / "test_x.npy")[:4]
    m = tq.load(DIGITS / "model.mlir")
    try:
        out, = m.run(x, gpu=True)
    except tq.ModelError as e:
        assert "--gpu: no CUDA" in str(e)
        return
    assert out.tobytes() == m.run(x)[0].tobytes()
