#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from
the tests, the examples and the docs, plus generated .npy files. Files are
named by the SHA-1 of their content, as libFuzzer names them; files named
regression-* (reproducers of fixed findings, fuzz/crashes/README.md) are
kept. Run from anywhere; rewrites the corpora (needs NumPy for the .npy
seeds):

    /usr/bin/python3 fuzz/make_corpus.py
"""

import glob
import hashlib
import io
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
MAX_SEED = 8192  # bytes: seeds stay small


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


def write_corpus(name, seeds):
    out = os.path.join(CORPUS, name)
    os.makedirs(out, exist_ok=True)
    for old in os.listdir(out):
        if not old.startswith("regression-"):
            os.remove(os.path.join(out, old))
    kept = 0
    for seed in sorted(set(seeds)):
        if not seed or len(seed) > MAX_SEED:
            continue
        with open(os.path.join(out, hashlib.sha1(seed).hexdigest()), "wb") as f:
            f.write(seed)
        kept += 1
    print(f"{name}: {kept} seeds")


def files(*patterns):
    for pattern in patterns:
        yield from sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True))


# -- Quantizer strings ------------------------------------------------------

NAMES = ("none identity nearest nearest_even nearest_away toward_zero zero down "
         "up odd stochastic fixed float fp16 bf16 tf32 fp8_e4m3 fp8_e5m2 "
         "fp6_e2m3 fp6_e3m2 fp4_e2m1 pow2 logarithmic binary ternary sparse "
         "affine mxfp8 mxfp8_e4m3 mxfp8_e5m2 mxfp6 mxfp6_e2m3 mxfp6_e3m2 mxfp4 "
         "mxfp4_e2m1 mxint8 bfp").split()
NAME_RE = re.compile(r"^\s*(%s)\b" % "|".join(sorted(NAMES, key=len, reverse=True)),
                     re.I)


def quantizer_strings():
    found = set()
    for path in files("test/**/*.mlir", "test/**/*.test", "test/**/*.json",
                      "examples/**/*.json", "docs/*.md", "README.md"):
        text = open(path, encoding="utf-8", errors="replace").read()
        # Quoted strings and `code` spans that start with a format name.
        for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"|`([^`\n]*)`', text):
            s = m.group(1) if m.group(1) is not None else m.group(2)
            if NAME_RE.match(s) and len(s) < 200:
                found.add(s.replace("{bits}", "8"))
        # Pass options: activations=fp16, weights=nearest,8,4
        for m in re.finditer(r"(?:activations|weights|intrinsic)=([A-Za-z0-9_.,;=+-]+)", text):
            if NAME_RE.match(m.group(1)):
                found.add(m.group(1))
    # Known corner cases: subnormal and extreme parameters, blanks, case.
    found |= {"ternary,0x1p-1074", "sparse,1e-310", "binary,0x1.fffffffffffffp+1023",
              "fixed,53,-1000", "fixed,1,1000", "pow2,-2147483648,2147483647",
              "mxfp4,block=2147483647,axis=-1", "bfp,2,block=1",
              " Nearest , 8 ,4 ", "affine,8,1e-45;3,-128;127,axis=1,narrow",
              "float,11,52,ieee,infinity", "float,8,23,finite_only,no_subnormals"}
    return [s.encode() for s in found]


# -- Quantizer maps -----------------------------------------------------------
# The first byte selects the form (see fuzz_quant_map.cpp): low two bits the
# role (0 combined, 1 activations, 2 weights, 3 intrinsic), bits 2-3 the match
# mode (0 substring, 1 exact, 2 glob, 3 regex).

def braced(text, start):
    """The balanced {...} starting at text[start], or None."""
    depth, i, in_str = 0, start, False
    while i < len(text):
        c = text[i]
        if in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
        i += 1
    return None


def quant_maps():
    seeds = []
    role_of = {"activations": 1, "weights": 2, "intrinsic": 3}
    for path in files("test/Dialect/TQ/Transforms/Inputs/*.json", "examples/maps/*.json",
                      "test/**/Inputs/*map*.json"):
        data = read(path)
        try:
            doc = json.loads(data)
            combined = isinstance(doc, dict) and any(k in role_of for k in doc)
        except ValueError:
            combined = True  # malformed on purpose: read it both ways
            seeds.append(bytes([1]) + data)
        seeds.append(bytes([0 if combined else 1]) + data)
    for path in files("test/**/*.mlir", "test/**/*.test", "docs/*.md", "README.md"):
        text = open(path, encoding="utf-8", errors="replace").read()
        for m in re.finditer(r"\b(activations|weights|intrinsic)=", text):
            role = role_of[m.group(1)]
            rest = text[m.end():]
            value = braced(rest, 0) if rest.startswith("{") else \
                re.match(r'"[^"\n]*"|[A-Za-z0-9_.,;=+-]*', rest).group(0)
            if not value:
                continue
            mode = 0
            near = text[max(0, m.start() - 200):m.start() + 200]
            for i, word in enumerate(("substring", "exact", "glob", "regex")):
                if "match=" + word in near:
                    mode = i
            seeds.append(bytes([role | mode << 2]) + value.encode())
            if value.startswith("{"):  # as MLIR's option parser passes it
                seeds.append(bytes([role | mode << 2]) + value[1:-1].encode())
    for mode in range(4):  # every mode on one glob/regex-heavy map
        seeds.append(bytes([1 | mode << 2]) +
                     b'{"conv*_[0-9]": "fp16", "(dense|matmul).*": "bf16", "": "nearest,8,4"}')
    seeds.append(bytes([3]) + b'{"dense": ["fp16", "fixed,32,16"], "": "bf16"}')
    seeds.append(bytes([0]) + b'{"activations": "fp16", "weights": {"a\\u0041\\n": "bf16"}}')
    return seeds


# -- .npy files ---------------------------------------------------------------

def npy_files():
    import numpy as np
    seeds = []

    def save(array, version=None):
        buf = io.BytesIO()
        if version is None:
            np.save(buf, array)
        else:
            np.lib.format.write_array(buf, array, version=version)
        seeds.append(buf.getvalue())

    values = [0.0, -0.0, 1.5, -2.25, float("nan"), float("inf"), 65504.0, 1e-7]
    for dtype in ("<f2", "<f4", "<f8", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2",
                  "<u4", "<u8", "|b1"):
        with np.errstate(all="ignore"):
            base = np.array(values if dtype[1] == "f" else range(-3, 5)).astype(dtype)
        save(base)
        save(base.reshape(2, 4))
        save(base.reshape(2, 2, 2)[:1])
        save(base[:0])
        save(np.array(base[1]))  # shape ()
    f4 = np.arange(6, dtype="<f4").reshape(2, 3)
    save(f4, version=(2, 0))
    save(f4, version=(3, 0))
    save(np.zeros((0, 3, 0), dtype="<f4"))
    save(np.asfortranarray(f4))  # rejected: Fortran order
    save(f4.astype(">f4"))  # rejected: big-endian
    seeds.append(read("examples/digits/test_y.npy"))
    x = np.load(os.path.join(ROOT, "examples/digits/test_x.npy"))
    save(np.ascontiguousarray(x[:2]))
    # Headers that claim more than the data holds, or overflow.
    hdr = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }"
    for shape in ("4611686018427387904, 3", "3037000500, 3037000500", "0, 9223372036854775807",
                  "9223372036854775807, 0", "-1,", "2,"):
        h = (hdr % shape).encode()
        h += b" " * ((64 - (10 + len(h) + 1) % 64) % 64) + b"\n"
        seeds.append(b"\x93NUMPY\x01\x00" + len(h).to_bytes(2, "little") + h + b"\0" * 8)
    return seeds


# -- Sweep files --------------------------------------------------------------

def sweep_files():
    seeds = []
    for path in files("examples/sweeps/*.json", "test/**/Inputs/*sweep*.json"):
        seeds.append(read(path))
    for path in files("test/**/*.test", "docs/*.md", "README.md"):
        text = open(path, encoding="utf-8", errors="replace").read()
        for m in re.finditer(r'\{\s*"experiments"', text):
            value = braced(text, m.start())
            if value:
                seeds.append(value.replace("\nRUN: ", "\n").encode())
            else:  # deliberately unterminated: up to the end of the line
                seeds.append(text[m.start():text.find("\n", m.start())].encode())
    seeds.append(b'{"experiments": [{"family": "x", "quantizers": ["binary,fit", "ternary,fit",'
                 b' "ternary,0.5,fit", "fixed,{bits},fit", "down,{bits},fit"],'
                 b' "bits": "1-3", "roles": ["weights", "activations", "both"],'
                 b' "layers": ["conv2d", "relu"], "seed": 18446744073709551615}]}')
    seeds.append(b'{"experiments": [{"family": "e", "quantizer": "nearest,{bits},fit",'
                 b' "bits": [1, 64], "layers": "each"}]}')
    return seeds


def main():
    targets = {"quantizer-string": quantizer_strings, "quant-map": quant_maps,
               "npy": npy_files, "sweep-file": sweep_files}
    for name in sys.argv[1:] or targets:
        write_corpus(name, targets[name]())


if __name__ == "__main__":
    main()
