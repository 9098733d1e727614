"""tq: number-format emulation from Python (docs/python.md).

    import numpy as np, tq
    x = np.linspace(-2, 2, 9, dtype=np.float32)
    tq.quantize(x, "nearest,4,2")        # fixed point, 4 bits, 2 fractional
    q = tq.Quantizer("mxfp4")            # parsed once
    q.spec, q.bits                       # ('mxfp4', 4.25)

    m = tq.load("examples/fashion/model.onnx", batch=100)
    m.names()                            # ['conv1', 'conv2', 'fc1', 'fc2', ...]
    q8, report = m.quantize(activations="fp8_e4m3", weights={"fc": "nearest,8,6"})
    logits, = q8.run([images])           # NumPy in, NumPy out

The quantizers are tq's C++ reference semantics (include/tq/Reference), the
same bits as the MLIR folder and the compiled CPU and GPU code; models are
read, quantized, compiled and run by the libraries behind tq-run.
"""

import json as _json
import os as _os
import tempfile as _tempfile

from ._tq import ModelError, Quantizer, QuantizerError, quantize
from . import _tq

__all__ = ["Quantizer", "QuantizerError", "ModelError", "quantize", "load",
           "Model", "CompiledModel", "sweep", "train"]


def _split_top(text):
    """Splits at commas outside brackets."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "[<(":
            depth += 1
        elif ch in "]>)":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts]


def _value(text):
    """A parameter of the attribute's assembly as Python data."""
    if text.startswith("[") and text.endswith("]"):
        return [_value(v) for v in _split_top(text[1:-1])]
    if text in ("true", "false"):
        return text == "true"
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text.strip('"')


def _format(self):
    """The format's name in the dialect (`fixed`, `float`, `mx`, ...)."""
    return self.attribute[len("#tq."):].split("<", 1)[0]


def _params(self):
    """The parameters written in the attribute (those that differ from the
    format's defaults, docs/generated/TQDialect.md), as Python data:
    Quantizer("nearest,8,4").params == {"bits": 8, "frac": 4,
    "rounding": "nearest_away"}."""
    text = self.attribute
    if "<" not in text:
        return {}
    body = text.split("<", 1)[1].rsplit(">", 1)[0]
    params = {}
    for part in _split_top(body):
        key, _, value = part.partition("=")
        params[key.strip()] = _value(value.strip())
    return params


Quantizer.format = property(_format)
Quantizer.params = property(_params)


def _map_json(map):
    """A combined map (dict of roles) as JSON, quantizers as strings."""
    return _json.dumps({k: {p: (q.spec if isinstance(q, Quantizer) else q)
                            for p, q in v.items()} if isinstance(v, dict)
                        else _map_option(v) for k, v in map.items()})


def _map_option(value):
    """A map given to quantize(): a quantizer string or tq.Quantizer (every
    op), or a dict {pattern: quantizer} (TensorQuant's form)."""
    if isinstance(value, Quantizer):
        return value.spec
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _json.dumps({k: (v.spec if isinstance(v, Quantizer) else v)
                            for k, v in value.items()})
    raise TypeError("a map is a quantizer string, a tq.Quantizer or a dict "
                    f"{{pattern: quantizer}}, not {type(value).__name__}")


def _quote(value):
    """An option value for --tq-quantize-pipeline='...' (braces or spaces
    need quoting)."""
    if any(c in value for c in " {}'\"="):
        if '"' in value and "'" in value:
            raise ValueError(f"cannot pass {value!r} as an option")
        return "'" + value + "'" if '"' in value else '"' + value + '"'
    return value


class CompiledModel:
    """A model lowered and JIT-compiled once (Model.compile()); call it on
    NumPy arrays as many times as needed. Calls from several threads run
    one at a time."""

    def __init__(self, native):
        self._native = native

    @property
    def compile_seconds(self):
        """Seconds spent in tq's pipeline and LLVM."""
        return self._native.compile_seconds

    def run(self, inputs):
        """The entry on `inputs` (one array per argument, or one array for a
        single argument): a list of NumPy arrays, one per result. An input
        whose leading dimension is k times the argument's is a batch of k
        calls, the outputs concatenated (as tq-run)."""
        import numpy as np
        if isinstance(inputs, np.ndarray):
            inputs = [inputs]
        return self._native.run([np.asarray(a) for a in inputs])

    __call__ = run


class Model:
    """A TOSA or linalg module, or an ONNX model imported (tq.load)."""

    def __init__(self, native, report=None):
        self._native = native
        self.report = report

    @property
    def entry(self):
        """The function that runs (the only public one, else main/forward)."""
        return self._native.entry

    def ops(self):
        """The named ops (what tq-list-names prints): dicts with name, op
        and results (their types)."""
        return _json.loads(self._native.list_names())

    def names(self):
        """The op names maps and sweeps match against: module paths of an
        imported ONNX model, name locations, else Keras-style names."""
        return [op["name"] for op in self.ops()]

    def quantize(self, map=None, *, activations=None, weights=None,
                 intrinsic=None, seed=None, match=None, strict=False,
                 fold_weights=True):
        """A new model with quantizers inserted (tq-quantize-pipeline) and
        the insertion report as Python data: (model, report).

        map          a combined map: a path to a JSON file, or a dict with
                     "activations" / "weights" / "intrinsic" maps
        activations, weights, intrinsic
                     a quantizer string or tq.Quantizer (every op), or a
                     dict {pattern: quantizer} (docs/insert.md)
        seed         base seed of stochastic quantizers
        match        how patterns match op names: substring (default),
                     exact, glob or regex
        strict       a map entry that matches nothing is an error
        fold_weights quantize constant weights at compile time (default)
        """
        options = []
        tmp = None
        if isinstance(map, dict):
            fd, tmp = _tempfile.mkstemp(suffix=".json", prefix="tq-map-")
            with _os.fdopen(fd, "w") as f:
                f.write(_map_json(map))
            options.append("map-file=" + _quote(tmp))
        elif map is not None:
            options.append("map-file=" + _quote(_os.fspath(map)))
        for key, value in (("activations", activations), ("weights", weights),
                           ("intrinsic", intrinsic)):
            if value is not None:
                options.append(f"{key}=" + _quote(_map_option(value)))
        if seed is not None:
            options.append(f"seed={int(seed)}")
        if match is not None:
            options.append(f"match={match}")
        if strict:
            options.append("strict=true")
        if not fold_weights:
            options.append("fold-weights=false")
        fd, report_path = _tempfile.mkstemp(suffix=".json", prefix="tq-report-")
        _os.close(fd)
        options.append("report-json=" + _quote(report_path))
        try:
            native = self._native.quantize(" ".join(options))
            with open(report_path) as f:
                text = f.read()
            report = _json.loads(text) if text.strip() else None
        finally:
            _os.unlink(report_path)
            if tmp:
                _os.unlink(tmp)
        return Model(native, report), report

    def compile(self, threads=False, gpu=False):
        """Lowers and JIT-compiles the model once: a CompiledModel to call
        many times. threads: OpenMP over all cores (tq-cpu-pipeline
        {threads}); gpu: tq-gpu-pipeline, the kernels on a CUDA GPU (as
        tq-run --gpu; a ModelError without one)."""
        return CompiledModel(self._native.compile(bool(threads), bool(gpu)))

    def run(self, inputs, threads=False, gpu=False):
        """compile(threads, gpu).run(inputs): a list of NumPy arrays."""
        return self.compile(threads, gpu).run(inputs)

    def __str__(self):
        return self._native.text()


def load(path, *, batch=None, input_shapes=None, entry=None):
    """Reads a model: a .mlir file (TOSA or linalg, its entry taking the
    inputs as arguments) or an ONNX model (imported as docs/import.md says;
    recognized by content). batch fixes a dynamic leading dimension;
    input_shapes one shape (a tuple) per argument."""
    shapes = [list(s) for s in (input_shapes or [])]
    return Model(_tq._Model.load(_os.fspath(path), int(batch or 0), shapes,
                                 entry or ""))


def _measure(out, ref, labels):
    """tq-sweep's metrics (tq::measureSweep, docs/sweep.md): top1 (None
    without labels), mean and largest |out - ref|."""
    import numpy as np
    labels = [] if labels is None else [int(v) for v in np.asarray(labels).reshape(-1)]
    return _tq._measure(np.asarray(out), np.asarray(ref), labels)


def _progress(done, total, start):
    import sys
    import time
    if not sys.stderr.isatty():
        return
    elapsed = time.monotonic() - start
    rate = done / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate > 0 else 0.0
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r\x1b[K[{done}/{total}] {rate:.2f} configurations/s, "
                     f"ETA {int(left) // 60}:{int(left) % 60:02d}{end}")
    sys.stderr.flush()


def sweep(model, configs, inputs, labels=None, *, threads=False,
          as_frame=None):
    """The accuracy of `model` across formats, as tq-sweep measures it: one
    row per configuration after the float run's row, with family,
    quantizer, role, bits, top1 (None without labels), mean_abs_err and
    max_abs_err of the first output against the float run.

    configs  a list of quantizer strings or tq.Quantizers (both roles,
             every op), or dicts {"quantizer": ..., "family": label,
             "role": "weights" | "activations" | "both", "seed": int}
    inputs   one array per argument (or one array), a batch as in run()
    labels   integer class per row of the first output, for top1
    as_frame a pandas DataFrame (default: when pandas is installed) or a
             list of dicts

    A progress line is printed on a terminal. Each configuration is
    compiled and run once; the numbers are tq-sweep's for the same
    configuration (docs/sweep.md, "The table").
    """
    import time
    import numpy as np
    if isinstance(model, (str, _os.PathLike)):
        model = load(model)
    if isinstance(inputs, np.ndarray):
        inputs = [inputs]
    rows = []
    ref = model.run(inputs, threads)[0]
    top1, mean, worst = _measure(ref, ref, labels)
    rows.append(dict(family="float", quantizer="none", role="-", bits=32.0,
                     top1=top1, mean_abs_err=mean, max_abs_err=worst))
    start = time.monotonic()
    for i, c in enumerate(configs):
        if not isinstance(c, dict):
            c = {"quantizer": c}
        unknown = set(c) - {"quantizer", "family", "role", "seed"}
        if unknown or "quantizer" not in c:
            raise ValueError(f"configuration {i + 1}: expected keys quantizer, "
                             f"family, role, seed; got {sorted(c)}")
        q = c["quantizer"]
        q = q if isinstance(q, Quantizer) else Quantizer(q)
        role = c.get("role", "both")
        if role not in ("weights", "activations", "both"):
            raise ValueError(f"configuration {i + 1}: role must be weights, "
                             f"activations or both, not {role!r}")
        maps = {"activations": q if role != "weights" else None,
                "weights": q if role != "activations" else None}
        quantized, _ = model.quantize(seed=c.get("seed", 0), **maps)
        out = quantized.run(inputs, threads)[0]
        top1, mean, worst = _measure(out, ref, labels)
        written = c["quantizer"] if isinstance(c["quantizer"], str) else q.spec
        rows.append(dict(family=c.get("family", written), quantizer=written,
                         role=role, bits=q.bits, top1=top1,
                         mean_abs_err=mean, max_abs_err=worst))
        _progress(i + 1, len(configs), start)
    if as_frame is None or as_frame:
        try:
            import pandas
        except ImportError:
            if as_frame:
                raise
        else:
            return pandas.DataFrame(rows)
    return rows


_TRAIN_KEYS = {"entry", "train_limit", "test_limit", "batch", "epochs",
               "optimizer", "lr", "momentum", "weight_decay", "beta1",
               "beta2", "eps", "schedule", "step_size", "gamma", "seed",
               "match", "ste", "threads", "gpu", "csv", "png", "out"}


def train(model, train=None, test=None, *, fashion_mnist=None, map=None,
          **options):
    """Trains a model in emulated formats, as tq-train does (docs/train.md):
    the same step, the same data order and the same numbers. Returns one
    dict per epoch: epoch, lr, train_loss, test_loss, test_accuracy,
    test_correct, test_count, seconds.

    model          an ONNX model or TOSA module path (logits [batch, K])
    train, test    (x, y): float32 examples and integer labels, as NumPy
                   arrays or .npy paths
    fashion_mnist  instead: the folder of Fashion-MNIST's IDX files
                   (/usr/share/datasets/fashion-mnist)
    map            a combined map (file path or dict): inference roles and
                   the training roles gradients, weight-gradients, updates,
                   optimizer-state
    options        tq-train's options with underscores: batch=64, epochs=1,
                   optimizer="sgd"|"adam", lr=0.01, momentum, weight_decay,
                   beta1, beta2, eps, schedule="constant"|"step"|"cosine",
                   step_size, gamma, seed, match, ste="plain"|"clipped",
                   threads, gpu, train_limit, test_limit, csv, png, out
                   (the trained model)

    A progress line per step on a terminal.
    """
    import sys
    import numpy as np
    unknown = set(options) - _TRAIN_KEYS
    if unknown:
        raise TypeError(f"train() got unknown options {sorted(unknown)} "
                        f"(tq-train's: {sorted(_TRAIN_KEYS)})")
    tmpdir = _tempfile.mkdtemp(prefix="tq-train-")
    files = []
    try:
        def path(value, name):
            if isinstance(value, np.ndarray):
                p = _os.path.join(tmpdir, name + ".npy")
                np.save(p, value)
                files.append(p)
                return p
            return _os.fspath(value)
        o = dict(options, model=_os.fspath(model))
        for role, data in (("train", train), ("test", test)):
            if data is None:
                continue
            x, y = data
            o[role + "_x"] = path(x, role + "_x")
            o[role + "_y"] = path(y, role + "_y")
        if fashion_mnist is not None:
            o["fashion_dir"] = _os.fspath(fashion_mnist)
        if isinstance(map, dict):
            p = _os.path.join(tmpdir, "map.json")
            with open(p, "w") as f:
                f.write(_map_json(map))
            files.append(p)
            o["map_file"] = p
        elif map is not None:
            o["map_file"] = _os.fspath(map)
        for k in ("csv", "png", "out"):
            if o.get(k) is not None:
                o[k] = _os.fspath(o[k])
        return _tq._train(o, sys.stderr.isatty())
    finally:
        for p in files:
            _os.unlink(p)
        _os.rmdir(tmpdir)
