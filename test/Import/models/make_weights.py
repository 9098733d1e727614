#!/usr/bin/python3
"""Rebuilds weights.bin, the ONNX external data of a test model, from its
manifest.json with numpy alone (no torch, no onnx package).

    make_weights.py DIR [OUTDIR]

DIR holds model.onnx and manifest.json (test/Import/models/<name>). Writes
weights.bin next to model.onnx in DIR, or, with OUTDIR, into OUTDIR together
with a copy of model.onnx, so that the external data resolves relative to
the model (ONNX locations are relative to the model file's directory).

Each initializer listed in manifest.json is drawn as

    rng = np.random.default_rng(recipe["seed"])   # [global seed, crc32(name)]
    rng.uniform(low, high, shape).astype(np.float32)

and written little-endian at its offset; the file's sha256 must match the
manifest (a mismatch means numpy drew different numbers, e.g. another numpy
version: the error says so). Idempotent: an existing weights.bin with the
right size and sha256 is left alone. Files are written to a temporary name
and renamed, so parallel runs on the same OUTDIR are safe. Prints the path
of the model to load (OUTDIR/model.onnx or DIR/model.onnx).
"""

import hashlib
import json
import os
import shutil
import sys
import tempfile

try:
    import numpy as np
except ImportError:
    sys.stderr.write("make_weights.py: error: needs numpy (%s has none; "
                     "Debian's /usr/bin/python3 has it)\n" % sys.executable)
    sys.exit(1)


def fail(msg):
    sys.stderr.write("make_weights.py: error: %s\n" % msg)
    sys.exit(1)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def up_to_date(path, size, sha):
    try:
        if os.path.getsize(path) != size:
            return False
    except OSError:
        return False
    return sha256_file(path) == sha


def draw(entry):
    r = entry["recipe"]
    if r["distribution"] != "uniform":
        fail("%s: unknown distribution %r" % (entry["name"], r["distribution"]))
    if entry["dtype"] != "float32":
        fail("%s: unsupported dtype %r" % (entry["name"], entry["dtype"]))
    rng = np.random.default_rng(r["seed"])
    a = rng.uniform(r["low"], r["high"], size=tuple(entry["shape"]))
    return a.astype("<f4").tobytes()


def copy_atomic(src, dst):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dst) or ".", prefix=".tmp-")
    os.close(fd)
    shutil.copyfile(src, tmp)
    os.chmod(tmp, 0o644)
    os.replace(tmp, dst)


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    src = argv[1]
    out = argv[2] if len(argv) == 3 else src
    try:
        with open(os.path.join(src, "manifest.json")) as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        fail("cannot read %s: %s" % (os.path.join(src, "manifest.json"), e))
    w = manifest["weights"]
    os.makedirs(out, exist_ok=True)
    target = os.path.join(out, w["file"])

    if not up_to_date(target, w["size"], w["sha256"]):
        blob = bytearray(w["size"])
        for e in manifest["initializers"]:
            data = draw(e)
            if len(data) != e["length"]:
                fail("%s: %d bytes drawn, manifest says %d"
                     % (e["name"], len(data), e["length"]))
            if e["offset"] + e["length"] > len(blob):
                fail("%s: offset %d + %d past the file size %d"
                     % (e["name"], e["offset"], e["length"], len(blob)))
            blob[e["offset"]:e["offset"] + e["length"]] = data
        sha = hashlib.sha256(blob).hexdigest()
        if sha != w["sha256"]:
            was = manifest.get("versions", {}).get("numpy", "?")
            why = ("numpy %s drew other numbers than numpy %s did when the "
                   "model was generated (its random stream changed?)"
                   % (np.__version__, was)) if was != np.__version__ else (
                   "same numpy version (%s) as at generation: manifest.json "
                   "or this script edited?" % was)
            fail("%s: sha256 of the regenerated weights is %s, manifest.json "
                 "expects %s: %s; regenerate the model with generate.py "
                 "(needs torch)" % (os.path.join(src, "manifest.json"), sha,
                                    w["sha256"], why))
        fd, tmp = tempfile.mkstemp(dir=out, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)

    model = os.path.join(out, "model.onnx")
    if os.path.realpath(out) != os.path.realpath(src):
        src_model = os.path.join(src, "model.onnx")
        with open(src_model, "rb") as f:
            want = f.read()
        try:
            with open(model, "rb") as f:
                same = f.read() == want
        except OSError:
            same = False
        if not same:
            copy_atomic(src_model, model)
    print(model)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
