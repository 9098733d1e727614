#!/usr/bin/python3
"""Regenerates the PyTorch-exported test models of test/Import/models.

NEEDS PyTorch: Debian's python3-torch 1.13 and python3-torchvision 0.14, plus
numpy and python3-onnx 1.12 (no network, no pretrained weights). The tests
themselves need only numpy (make_weights.py); this script is for whoever
changes the models.

    /usr/bin/python3 test/Import/models/generate.py [--only NAME ...]
        [--no-timing] [--timing-only]

Takes about 2 min on the 2-core build machine, idle (export, references
and checks about 20 s; the rest is the timing runs; --no-timing skips
them, --timing-only does only them).

Per model, in test/Import/models/<name>/:

    model.onnx      opset 17 graph; every initializer is ONNX external data
                    in weights.bin (location "weights.bin", offset, length)
    manifest.json   the external initializers (name, dtype, shape, offset,
                    length, recipe), the sha256 and size of weights.bin,
                    op types with counts, node count, opset, output stats
    input.npy       float32 input, standard normal from a seeded numpy rng
    expected.npy    float32 output of the PyTorch model on input.npy
    timing.json     PyTorch CPU time per inference (2 threads; median of 10
                    runs, in 5 rounds interleaved over the models); measured,
                    so it differs from run to run (all other files are
                    byte-identical on every run); time it on an idle machine
    weights.bin     NOT committed (.gitignore): make_weights.py rebuilds it,
                    bit-identical, from manifest.json with numpy only

Weights: every floating-point state_dict entry is overwritten, before export,
with numpy values: rng = np.random.default_rng([GLOBAL_SEED,
zlib.crc32(name)]), values = rng.uniform(low, high, shape) (float64 drawn,
then cast to float32). low/high by kind (manifest.json records them per
tensor, so make_weights.py needs no rules):

    weight, 2+ dims (conv, linear)  +-gain / sqrt(fan_in), fan_in = prod(shape[1:])
    BatchNorm / LayerNorm weight    [0.5, 1.5)
    bias, BatchNorm running_mean    [-0.1, 0.1)
    BatchNorm running_var           [0.5, 1.5)

gain is per model (MODELS) and keeps activations O(1): the random BatchNorm
statistics do not normalise, so the gain sets how activations grow or shrink
from layer to layer (output stats in manifest.json).

Export: model.eval(), torch.onnx.export(opset_version=17,
do_constant_folding=False, training=TrainingMode.PRESERVE, input_names
["input"], output_names ["output"], static shapes). TrainingMode.PRESERVE
with the model in eval mode exports the same eval-mode graph, but torch
1.13's default (TrainingMode.EVAL) runs an eval peephole pass that folds
every BatchNormalization into the preceding Conv (initializers then become
"onnx::Conv_193", whatever do_constant_folding says); PRESERVE keeps
BatchNormalization nodes and the PyTorch parameter names. The export runs
with autograd enabled (not under torch.no_grad()): nn.TransformerEncoder's
fused fast path is taken only without grad and does not export.
"""

import argparse
import collections
import hashlib
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zlib

import numpy as np
import onnx
import torch
import torch.nn as nn
import torchvision
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
GLOBAL_SEED = 20240917
OPSET = 17
THREADS = 2
TIMING_RUNS = 10
TIMING_ROUNDS = 5
OTHER_LOAD_MAX = 0.1  # share of the CPUs other processes may use in a round
WEIGHTS_FILE = "weights.bin"


def transformer_encoder():
    layer = nn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=128,
                                       dropout=0.0, batch_first=True)
    return nn.TransformerEncoder(layer, num_layers=2)


# name: (constructor, committed input shape, weight gain, extra timing shapes)
MODELS = collections.OrderedDict([
    ("resnet18", (lambda: torchvision.models.resnet18(num_classes=1000),
                  (1, 3, 224, 224), 3 ** 0.5, [])),
    ("mobilenet_v2", (lambda: torchvision.models.mobilenet_v2(num_classes=1000),
                      (1, 3, 64, 64), 2.0, [(1, 3, 224, 224)])),
    ("squeezenet1_1", (lambda: torchvision.models.squeezenet1_1(num_classes=1000),
                       (1, 3, 64, 64), 6 ** 0.5, [(1, 3, 224, 224)])),
    ("transformer_encoder", (transformer_encoder, (1, 16, 64), 3 ** 0.5, [])),
])


def crc(name):
    return zlib.crc32(name.encode("utf-8"))


def recipe_for(name, shape, gain):
    """(low, high, kind) of the uniform distribution for one state_dict entry."""
    leaf = name.rsplit(".", 1)[-1]
    if leaf == "running_var":
        return 0.5, 1.5, "running_var"
    if leaf == "running_mean":
        return -0.1, 0.1, "running_mean"
    if len(shape) >= 2:
        fan_in = int(np.prod(shape[1:]))
        b = gain / float(np.sqrt(fan_in))
        return -b, b, "weight gain/sqrt(fan_in=%d)" % fan_in
    if leaf.endswith("bias"):
        return -0.1, 0.1, "bias"
    if leaf == "weight" and len(shape) == 1:
        return 0.5, 1.5, "norm weight"
    raise SystemExit("no weight recipe for %s %s" % (name, shape))


def draw(name, shape, low, high):
    """The one numpy recipe (make_weights.py has the same lines)."""
    rng = np.random.default_rng([GLOBAL_SEED, crc(name)])
    return rng.uniform(low, high, size=tuple(shape)).astype(np.float32)


def set_weights(model, gain):
    """Overwrites every floating-point state_dict entry; returns name ->
    (array, recipe) in state_dict order and the names left alone."""
    sd = model.state_dict()
    arrays = collections.OrderedDict()
    new_sd = collections.OrderedDict()
    untouched = []
    for name, t in sd.items():
        if not t.is_floating_point():
            untouched.append(name)  # BatchNorm num_batches_tracked (int64)
            new_sd[name] = t
            continue
        shape = list(t.shape)
        low, high, kind = recipe_for(name, shape, gain)
        a = draw(name, shape, low, high)
        arrays[name] = (a, {"distribution": "uniform", "low": low, "high": high,
                            "kind": kind, "seed": [GLOBAL_SEED, crc(name)]})
        new_sd[name] = torch.from_numpy(a.copy())
    model.load_state_dict(new_sd, strict=True)
    for name, t in model.state_dict().items():
        if name in arrays and not np.array_equal(t.numpy(), arrays[name][0]):
            raise SystemExit("%s: weights not taken" % name)
    return arrays, untouched


def input_array(name, shape):
    rng = np.random.default_rng([GLOBAL_SEED, crc("input:" + name)])
    return rng.standard_normal(size=shape).astype(np.float32)


def build(name):
    ctor, shape, gain, _ = MODELS[name]
    torch.manual_seed(0)  # default init is overwritten anyway
    model = ctor()
    model.eval()
    arrays, untouched = set_weights(model, gain)
    for p in model.parameters():  # grad on: slow (exportable) transformer path
        p.requires_grad_(True)
    return model, arrays, untouched, shape, gain


def export(model, x):
    f = io.BytesIO()
    torch.onnx.export(model, (x,), f, opset_version=OPSET,
                      do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE,
                      input_names=["input"], output_names=["output"])
    return onnx.load_from_string(f.getvalue())


def stats(y):
    y = y.astype(np.float64)
    return {"mean": float(y.mean()), "std": float(y.std()),
            "min": float(y.min()), "max": float(y.max()),
            "abs_max": float(np.abs(y).max()),
            "zero_fraction": float((y == 0).mean()),
            "finite": bool(np.isfinite(y).all())}


def check_export(name, model, om, arrays):
    """The properties the importer tests rely on; raises on a surprise."""
    problems = []
    inits = list(om.graph.initializer)
    for t in inits:
        if t.name not in arrays:
            problems.append("initializer %r is not a state_dict entry" % t.name)
            continue
        got = numpy_helper.to_array(t)
        want = arrays[t.name][0]
        if got.dtype != np.float32 or list(got.shape) != list(want.shape) \
                or got.tobytes() != want.tobytes():
            problems.append("initializer %r differs from the numpy weights" % t.name)
    missing = [n for n in arrays if n not in {t.name for t in inits}]
    if missing:
        problems.append("state_dict entries not exported: %s" % missing[:5])
    ops = collections.Counter(n.op_type for n in om.graph.node)
    n_bn = sum(isinstance(m, nn.BatchNorm2d) for m in model.modules())
    if ops.get("BatchNormalization", 0) != n_bn:
        problems.append("%d BatchNormalization nodes for %d BatchNorm2d modules"
                        % (ops.get("BatchNormalization", 0), n_bn))
    if ops.get("Identity"):
        problems.append("%d Identity nodes (deduplicated initializers?)"
                        % ops["Identity"])
    if problems:
        raise SystemExit("%s: %s" % (name, "; ".join(problems)))


def to_external(om, arrays):
    """Moves every initializer into one weights.bin blob (graph order,
    contiguous, little-endian float32); returns the blob and the entries."""
    blob = bytearray()
    entries = []
    for t in om.graph.initializer:
        a, recipe = arrays[t.name]
        data = a.astype("<f4").tobytes()
        offset = len(blob)
        blob += data
        del t.external_data[:]
        t.raw_data = data  # set_external_data insists on raw_data
        onnx.external_data_helper.set_external_data(
            t, WEIGHTS_FILE, offset=offset, length=len(data))
        t.ClearField("raw_data")
        t.ClearField("float_data")
        t.data_location = onnx.TensorProto.EXTERNAL
        e = collections.OrderedDict()
        e["name"] = t.name
        e["dtype"] = "float32"
        e["shape"] = list(a.shape)
        e["offset"] = offset
        e["length"] = len(data)
        e["recipe"] = recipe
        entries.append(e)
    return bytes(blob), entries


def pretty_json(obj, indent=""):
    """JSON with one line per scalar list and per initializer entry (short
    diffs, small files); json.loads gives back the same object."""
    inline = lambda o: json.dumps(o, separators=(", ", ": "))
    inner = indent + " "
    if isinstance(obj, dict) and obj:
        items = ["%s%s: %s" % (inner, json.dumps(k), pretty_json(v, inner))
                 for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(obj, list) and obj and all(isinstance(o, dict) for o in obj):
        return ("[\n" + ",\n".join(inner + inline(o) for o in obj) + "\n"
                + indent + "]")
    return inline(obj)


def write_atomic(path, data):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def npy_bytes(a):
    f = io.BytesIO()
    np.save(f, a, allow_pickle=False)
    return f.getvalue()


def generate(name):
    t0 = time.time()
    model, arrays, untouched, shape, gain = build(name)
    x = input_array(name, shape)
    xt = torch.from_numpy(x.copy())
    y = model(xt).detach().numpy().astype(np.float32)  # grad enabled, as exported
    extra = {}
    if name == "transformer_encoder":
        with torch.no_grad():  # fused fast path (not what the ONNX graph does)
            y_fast = model(xt).numpy()
        extra["no_grad_fast_path_max_abs_diff"] = float(np.abs(y_fast - y).max())
    st = stats(y)
    if not st["finite"] or st["std"] < 1e-3 or st["zero_fraction"] > 0.5:
        raise SystemExit("%s: output not sane: %s" % (name, st))

    om = export(model, xt)
    check_export(name, model, om, arrays)
    onnx.checker.check_model(om)
    ops = collections.Counter(n.op_type for n in om.graph.node)
    blob, entries = to_external(om, arrays)

    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    model_bytes = om.SerializeToString()
    write_atomic(os.path.join(d, "model.onnx"), model_bytes)
    write_atomic(os.path.join(d, WEIGHTS_FILE), blob)
    write_atomic(os.path.join(d, "input.npy"), npy_bytes(x))
    write_atomic(os.path.join(d, "expected.npy"), npy_bytes(y))

    opset = [o.version for o in om.opset_import if o.domain in ("", "ai.onnx")][0]
    m = collections.OrderedDict()
    m["model"] = name
    m["generated_by"] = "test/Import/models/generate.py"
    m["versions"] = {"torch": torch.__version__,
                     "torchvision": torchvision.__version__,
                     "onnx": onnx.__version__, "numpy": np.__version__}
    m["export"] = {"opset_version": OPSET, "do_constant_folding": False,
                   "training": "TrainingMode.PRESERVE (model.eval())",
                   "producer": "%s %s" % (om.producer_name, om.producer_version)}
    m["opset"] = opset
    m["input"] = {"name": "input", "file": "input.npy", "dtype": "float32",
                  "shape": list(shape),
                  "recipe": "np.random.default_rng([global_seed, "
                            "zlib.crc32(b'input:' + model)]).standard_normal"
                            "(shape).astype(float32)"}
    m["output"] = {"name": "output", "file": "expected.npy", "dtype": "float32",
                   "shape": list(y.shape), "stats": st}
    m.update(extra)
    m["node_count"] = len(om.graph.node)
    m["op_types"] = collections.OrderedDict(sorted(ops.items(),
                                                   key=lambda kv: (-kv[1], kv[0])))
    m["first_node_names"] = [n.name for n in om.graph.node[:5]]
    m["weights"] = collections.OrderedDict([
        ("file", WEIGHTS_FILE), ("size", len(blob)),
        ("sha256", hashlib.sha256(blob).hexdigest()),
        ("parameters", int(sum(e["length"] for e in entries) // 4)),
        ("global_seed", GLOBAL_SEED), ("gain", gain),
        ("rng", "values = np.random.default_rng(recipe.seed).uniform(low, high, "
                "shape).astype(np.float32); recipe.seed = [global_seed, "
                "zlib.crc32(name.encode())]; written little-endian at offset"),
    ])
    m["state_dict_entries_not_exported"] = untouched
    m["initializers"] = entries
    text = pretty_json(m) + "\n"
    assert json.loads(text) == json.loads(json.dumps(m))
    write_atomic(os.path.join(d, "manifest.json"), text.encode())

    # The numpy-only path must give the very same bytes.
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(HERE, "make_weights.py"),
                        d, tmp], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(tmp, WEIGHTS_FILE), "rb") as f:
            if f.read() != blob:
                raise SystemExit("%s: make_weights.py differs" % name)
        back = onnx.load(os.path.join(tmp, "model.onnx"), load_external_data=True)
        for t in back.graph.initializer:
            if numpy_helper.to_array(t).tobytes() != arrays[t.name][0].tobytes():
                raise SystemExit("%s: %s wrong after reload" % (name, t.name))
        onnx.checker.check_model(os.path.join(tmp, "model.onnx"))
    # The ONNX graph itself (numpy evaluator, no torch) gives expected.npy.
    subprocess.run([sys.executable, os.path.join(HERE, "check_reference.py"), d],
                   check=True, stdout=subprocess.DEVNULL)
    print("%-20s %3d nodes %8d params  out std %.3g  %.1f s" % (
        name, len(om.graph.node), m["weights"]["parameters"], st["std"],
        time.time() - t0))
    return model


def cpu_busy(seconds=2.0):
    """Percentage of the machine's CPU time not idle over a short window."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:8]]
        return sum(v), v[3] + v[4]
    try:
        t1, i1 = sample()
        time.sleep(seconds)
        t2, i2 = sample()
    except OSError:
        return None
    return round(100.0 * (1 - (i2 - i1) / max(1, t2 - t1)), 1)


def cpu_jiffies():
    """(all CPU time, non-idle CPU time) of the machine, in clock ticks."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:8]]
    return sum(v), sum(v) - v[3] - v[4]


def time_runs(model, x, no_grad):
    """2 warm-up runs, then TIMING_RUNS timed ones: (seconds per run, the
    share of the machine's CPU time that other processes used meanwhile)."""
    ctx = torch.no_grad() if no_grad else torch.enable_grad()
    times = []
    with ctx:
        for _ in range(2):
            model(x)
        total0, busy0 = cpu_jiffies()
        own0 = os.times()
        for _ in range(TIMING_RUNS):
            t = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - t)
        total1, busy1 = cpu_jiffies()
        own1 = os.times()
    own = (own1.user + own1.system - own0.user - own0.system) \
        * os.sysconf("SC_CLK_TCK")
    other = max(0.0, (busy1 - busy0 - own) / max(1, total1 - total0))
    return times, other


def timing(names, models):
    """TIMING_ROUNDS rounds, each timing every case once (interleaved, so a
    burst of other load hits one round, not one model); per case the median
    of TIMING_RUNS runs in each round, and the median of those over the
    rounds in which other processes used under OTHER_LOAD_MAX of the CPUs
    (all rounds if none)."""
    cases = []  # (model name, key, input shape, no_grad)
    for name in names:
        _, shape, _, extra_shapes = MODELS[name]
        if name == "transformer_encoder":
            # autograd on: the exported path; no_grad: the fused fast path
            cases.append((name, "committed_input", shape, False))
            cases.append((name, "committed_input_no_grad_fast_path", shape, True))
        else:
            cases.append((name, "committed_input", shape, True))
        cases += [(name, "other_inputs", s, True) for s in extra_shapes]
    busy_before = cpu_busy()
    load_before = os.getloadavg()
    rounds = [[] for _ in cases]
    for _ in range(TIMING_ROUNDS):
        for k, (name, _, shape, no_grad) in enumerate(cases):
            x = torch.from_numpy(input_array("timing", shape))
            rounds[k].append(time_runs(models[name], x, no_grad))
        time.sleep(0.5)
    load_after = os.getloadavg()
    busy_after = cpu_busy()
    for name in names:
        r = collections.OrderedDict()
        r["model"] = name
        r["what"] = ("PyTorch CPU time per inference in ms, torch.set_num_threads(%d); "
                     "%d rounds interleaved over the models, each 2 warm-up runs "
                     "and %d timed runs; median_ms: the median of the rounds' "
                     "medians of %d runs, over the rounds in which other processes "
                     "used less than %d%% of the CPUs (round_other_cpu_load)"
                     % (THREADS, TIMING_ROUNDS, TIMING_RUNS, TIMING_RUNS,
                        OTHER_LOAD_MAX * 100))
        r["torch"] = torch.__version__
        r["machine"] = "%s, %d CPUs" % (platform.processor() or platform.machine(),
                                        os.cpu_count())
        r["date"] = time.strftime("%Y-%m-%d %H:%M")
        r["other_inputs"] = []
        for k, (n, key, shape, no_grad) in enumerate(cases):
            if n != name:
                continue
            meds = [statistics.median(t) * 1e3 for t, _ in rounds[k]]
            others = [o for _, o in rounds[k]]
            clean = [m for m, o in zip(meds, others) if o < OTHER_LOAD_MAX] or meds
            alls = [v * 1e3 for t, _ in rounds[k] for v in t]
            e = collections.OrderedDict([
                ("input_shape", list(shape)), ("grad", not no_grad),
                ("median_ms", round(statistics.median(clean), 3)),
                ("rounds_used", len(clean)),
                ("round_medians_ms", [round(v, 3) for v in meds]),
                ("round_other_cpu_load", [round(o, 3) for o in others]),
                ("min_ms", round(min(alls), 3)), ("max_ms", round(max(alls), 3)),
                ("runs_per_round", TIMING_RUNS)])
            if key == "other_inputs":
                r["other_inputs"].append(e)
            else:
                r[key] = e
        r["cpu_busy_percent_before_after"] = [busy_before, busy_after]
        r["loadavg_before_after"] = [[round(v, 2) for v in load_before],
                                     [round(v, 2) for v in load_after]]
        write_atomic(os.path.join(HERE, name, "timing.json"),
                     (pretty_json(r) + "\n").encode())
        c = r["committed_input"]
        print("%-20s %s: %.2f ms (median of %d clean rounds; rounds %s)" % (
            name, "x".join(map(str, c["input_shape"])), c["median_ms"],
            c["rounds_used"], ", ".join(
                "%.2f%s" % (v, "" if o < OTHER_LOAD_MAX else "*")
                for v, o in zip(c["round_medians_ms"],
                                c["round_other_cpu_load"]))))
    print("CPU busy before/after: %s%% / %s%%" % (busy_before, busy_after))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="+", choices=list(MODELS))
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--timing-only", action="store_true",
                    help="only rewrite timing.json")
    args = ap.parse_args()
    torch.set_num_threads(THREADS)
    names = args.only or list(MODELS)
    models = {}
    for name in names:
        models[name] = build(name)[0] if args.timing_only else generate(name)
    if not args.no_timing:
        timing(names, models)


if __name__ == "__main__":
    main()
