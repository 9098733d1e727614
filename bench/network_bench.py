#!/usr/bin/python3
"""Whole networks against PyTorch: imported torchvision ResNet-18 and
ResNet-50 at 1x3x224x224, float and quantized, on one thread and on every
core, in rounds that alternate tq and torch (issue 21: float <= 1.5x
PyTorch, quantizers fused <= 1.1x of tq's float run, ResNet-50 compiled in
<= 5 s).

Models (built into --workdir, by default a temporary directory):

  resnet18  test/Import/models/resnet18, its weights rebuilt by
            test/Import/models/make_weights.py (numpy only);
  resnet50  torchvision.models.resnet50() (random weights, eval) exported
            by torch.onnx (opset 17) when torch and onnx are installed;
            skipped otherwise.

PyTorch runs the same torchvision architecture (random weights, eval,
no_grad); the weights do not change the time of either.

Every round runs, per model and per thread setting, back to back (in an
order that rotates by one from round to round):

  torch     torch.set_num_threads(T); one warm-up call, then the images one
            at a time; per-image time = total / images
  float     tq-run MODEL -i IMAGES.npy [--parallel]
  <quant>   the same with --quantize=<configuration> (--quantize, repeatable;
            default: activations fp8_e4m3, activations nearest,8,4 with
            weights nearest,8,6, activations mxfp8)

tq-run compiles, then calls @main once per image and prints
`compiled in C s, ran in Y s (K calls)` on stderr: its per-image time is
Y / K (compilation excluded; C is reported separately). T is 1 for the
single-thread setting and os.cpu_count() for --parallel. Ratios are formed
in each round (tq float / torch, tq quantized / tq float) and the table
gives their median over the rounds with [min, max], with the share of the
CPUs that other processes used in each round.

Usage:
  /usr/bin/python3 bench/network_bench.py [--rounds 3] [--images 4]
      [--models resnet18,resnet50] [--threads 1,N] [--quantize CFG ...]
      [--workdir DIR] [--json FILE] [--wait-idle S]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from import_bench import (OtherLoad, ROOT, PY, run, spread, summary,  # noqa: E402
                          wait_idle)

RAN = re.compile(r"compiled in ([0-9.]+) s, ran in ([0-9.]+) s \((\d+) calls?\)")
DEFAULT_QUANT = ["activations=fp8_e4m3",
                 "activations=nearest,8,4 weights=nearest,8,6",
                 "activations=mxfp8"]


def die(msg):
    sys.exit("network_bench.py: error: " + msg)


def build(name, work, torchvision, torch):
    """The model's ONNX file in work (None when it cannot be built here)."""
    d = os.path.join(work, name)
    if name == "resnet18":
        subprocess.run([PY, os.path.join(ROOT, "test/Import/models/make_weights.py"),
                        os.path.join(ROOT, "test/Import/models/resnet18"), d],
                       stdout=subprocess.DEVNULL, check=True)
        return os.path.join(d, "model.onnx")
    try:
        import onnx  # noqa: F401  (torch.onnx.export needs it)
    except ImportError:
        print("network_bench.py: %s skipped: no python3-onnx" % name, file=sys.stderr)
        return None
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    net = getattr(torchvision.models, name)().eval()
    torch.onnx.export(net, (torch.zeros(1, 3, 224, 224),), path, opset_version=17)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--images", type=int, default=4)
    ap.add_argument("--models", default="resnet18,resnet50")
    ap.add_argument("--threads", default=None,
                    help="comma-separated thread counts (default 1 and all cores)")
    ap.add_argument("--quantize", action="append", default=None,
                    help="a tq-run --quantize configuration (repeatable)")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--json", default=None)
    ap.add_argument("--wait-idle", type=float, default=0.0)
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    a = ap.parse_args()
    try:
        import numpy as np
        import torch
        import torchvision
    except ImportError as e:
        die("needs numpy, torch and torchvision (%s)" % e)
    tq_run = os.path.join(a.bin, "tq-run")
    if not os.access(tq_run, os.X_OK):
        die("no %s: build the project first" % tq_run)
    ncpu = os.cpu_count() or 1
    threads = ([int(t) for t in a.threads.split(",")] if a.threads
               else sorted({1, ncpu}))
    quant = a.quantize if a.quantize is not None else DEFAULT_QUANT
    work = a.workdir or tempfile.mkdtemp(prefix="tq-network-bench-")
    os.makedirs(work, exist_ok=True)

    models = {}
    for name in a.models.split(","):
        path = build(name, work, torchvision, torch)
        if path:
            models[name] = (path, getattr(torchvision.models, name)().eval())
    x = np.random.default_rng(0).standard_normal((a.images, 3, 224, 224))
    x = x.astype(np.float32)
    inp = os.path.join(work, "images.npy")
    np.save(inp, x)
    imgs = [torch.from_numpy(x[i:i + 1].copy()) for i in range(a.images)]

    def tq(path, t, q):
        cmd = [tq_run, path, "-i", inp] + (["--parallel"] if t > 1 else [])
        if q:
            cmd.append("--quantize=" + q)
        _, err = run(cmd, "tq-run")
        m = RAN.search(err)
        if not m or int(m.group(3)) != a.images:
            die("unexpected tq-run output: " + err[-2000:])
        return float(m.group(2)) / a.images, float(m.group(1))

    def pt(net, t):
        torch.set_num_threads(t)
        with torch.no_grad():
            net(imgs[0])
            t0 = time.perf_counter()
            for im in imgs:
                net(im)
            return (time.perf_counter() - t0) / a.images

    kinds = ["float"] + quant
    times = {}  # (model, threads, kind) -> [s]; kind "torch" too
    compile_s = {}
    others = []
    ol = OtherLoad()
    for r in range(a.rounds):
        if a.wait_idle:
            wait_idle(a.wait_idle)
        ol.start()
        for name, (path, net) in models.items():
            for t in threads:
                # The order rotates from round to round (torch first, then
                # last, ...): no run always follows the same one.
                runs = ["torch"] + kinds
                shift = r % len(runs)
                for k in runs[shift:] + runs[:shift]:
                    if k == "torch":
                        times.setdefault((name, t, k), []).append(pt(net, t))
                        continue
                    s, c = tq(path, t, None if k == "float" else k)
                    times.setdefault((name, t, k), []).append(s)
                    compile_s.setdefault((name, k), []).append(c)
        others.append(ol.stop())
        print("round %d/%d done (other processes used %.0f%% of the CPUs)"
              % (r + 1, a.rounds, 100 * others[-1]), file=sys.stderr, flush=True)

    print("\nWhole networks 1x3x224x224, %d images a run, %d rounds; ms per image "
          "and ratios per round, median [min, max]; torch %s, %d cores"
          % (a.images, a.rounds, torch.__version__, ncpu))
    print("share of the CPUs other processes used, per round: %s"
          % ", ".join("%.0f%%" % (100 * o) for o in others))
    hdr = "%-9s %-7s %-44s %-22s %-22s %-18s %-16s"
    print(hdr % ("model", "threads", "tq run", "tq ms", "torch ms",
                 "tq/torch", "vs tq float"))
    res = {"images": a.images, "rounds": a.rounds, "torch": torch.__version__,
           "cpus": ncpu, "round_other_cpu_load": others, "rows": []}
    ms = lambda xs: [1e3 * v for v in xs]
    for name in models:
        for t in threads:
            base = times[(name, t, "float")]
            ref = times[(name, t, "torch")]
            for k in kinds:
                s = times[(name, t, k)]
                vs_torch = [p / q for p, q in zip(s, ref)]
                vs_float = [p / q for p, q in zip(s, base)]
                print(hdr % (name, t, k[:44], spread(ms(s), "%.1f"),
                             spread(ms(ref), "%.1f"), spread(vs_torch, "%.2f"),
                             "" if k == "float" else spread(vs_float, "%.2f")))
                res["rows"].append({"model": name, "threads": t, "tq": k,
                                    "tq_s": summary(s), "torch_s": summary(ref),
                                    "tq/torch": summary(vs_torch),
                                    "tq/tq_float": summary(vs_float)})
    print("\ncompile time (tq-run's 'compiled in', s), median [min, max] over "
          "rounds and thread settings:")
    for name in models:
        for k in kinds:
            print("  %-9s %-44s %s" % (name, k[:44],
                                       spread(compile_s[(name, k)], "%.1f")))
            res.setdefault("compile_s", {})["%s %s" % (name, k)] = summary(
                compile_s[(name, k)])
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
