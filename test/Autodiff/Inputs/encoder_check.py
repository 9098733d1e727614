"""encoder_check.py TQ_RUN GRAD.mlir REFERENCE.npz TMPDIR RTOL ATOL

Runs @main_params and @main_grad of an imported network differentiated with
loss=softmax-cross-entropy constants=true (tq-run TQ_RUN), and compares the
loss, the logits and the gradient of every parameter named after a PyTorch
parameter (tq.name) with REFERENCE.npz (make_encoder.py). A parameter's
reference is mapped to tq's layout by the transform (a reshape, or a
transpose and a reshape) under which PyTorch's value equals tq's exactly.
Prints one line per comparison:

    NAME: K of M elements outside rtol R atol A (largest difference D)

then the constants that are no PyTorch parameter (the importer's scalars,
also made parameters) and the PyTorch parameters tq does not have. Needs
numpy only."""
import os
import re
import subprocess
import sys

import numpy as np

tq_run, mlir, reference, tmp, rtol, atol = sys.argv[1:7]
rtol, atol = float(rtol), float(atol)
os.makedirs(tmp, exist_ok=True)
ref = np.load(reference)
text = open(mlir).read()
signature = re.search(r"func\.func @main_params\(\) -> \((.*)\) \{", text).group(1)
params = [(tuple(int(d) for d in shape.split("x")[:-1]), name)
          for shape, name in re.findall(r'tensor<([0-9x]+f32)> \{tq\.name = "([^"]*)"\}',
                                         signature)]


def run(entry, inputs, count):
    outs = [os.path.join(tmp, "%s_%d.npy" % (entry, i)) for i in range(count)]
    cmd = [tq_run, mlir, "-e", entry, "--quiet"]
    for i in inputs:
        cmd += ["-i", i]
    for o in outs:
        cmd += ["-o", o]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return [np.load(o) for o in outs]


values = run("main_params", [], len(params))
np.save(os.path.join(tmp, "ids.npy"), ref["ids"])
np.save(os.path.join(tmp, "labels.npy"), ref["labels"])
inputs = [os.path.join(tmp, "ids.npy"), os.path.join(tmp, "labels.npy")]
inputs += [os.path.join(tmp, "main_params_%d.npy" % i) for i in range(len(params))]
results = run("main_grad", inputs, 2 + len(params))


def compare(name, got, want):
    got, want = got.astype(np.float64), want.astype(np.float64)
    assert got.shape == want.shape, (name, got.shape, want.shape)
    outside = int(np.sum(np.abs(got - want) > atol + rtol * np.abs(want)))
    print("%s: %d of %d elements outside rtol %g atol %g (largest difference %.2g)"
          % (name, outside, want.size, rtol, atol, np.abs(got - want).max()))


compare("loss", results[0], ref["loss"])
compare("logits", results[1], ref["logits"])
others, seen = [], set()
for (shape, name), value, grad in zip(params, values, results[2:]):
    if "param:" + name not in ref:
        others.append(name)
        continue
    seen.add(name)
    p, g = ref["param:" + name], ref["grad:" + name]
    transforms = [lambda a: a.reshape(shape)]
    if p.ndim == 2:
        transforms.append(lambda a: a.T.reshape(shape))
    matches = [t for t in transforms
               if p.size == value.size and np.array_equal(t(p), value)]
    if len(matches) != 1:
        print("%s: tq's value is not PyTorch's" % name)
        continue
    compare(name, grad, matches[0](g))
print("other constants: %d" % len(others))
missing = sorted(k[6:] for k in ref.files if k.startswith("param:") and k[6:] not in seen)
print("missing: %s" % (", ".join(missing) if missing else "none"))
