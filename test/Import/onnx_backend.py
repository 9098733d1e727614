#!/usr/bin/env python3
"""Checks the ONNX importer against ONNX's own backend node tests.

Every directory under DATA (Debian's libonnx-testdata, by default
/usr/share/libonnx-testdata/data/node) holds a model.onnx and
test_data_set_N/{input,output}_K.pb. Each data set runs through

    tq-run MODEL -i input_0.pb ... --expect output_0.pb ... --quiet

and the test is classified:

  passed       every data set within --rtol/--atol (numpy.allclose)
  failed       imported, but a result is outside the tolerance, or tq-run
               crashed or timed out after the import
  unsupported  the importer refused it (op, attribute or type not supported)
  error        anything else (checker or shape-inference failure, a
               lowering or compile error after the import, an importer crash)

The op types a test exercises come from the model itself (a small protobuf
wire-format walk). An op is supported when a test whose only op type it is
imports; a test is covered when all its op types are supported, its inputs
and outputs are numeric tensors (not strings, sequences, maps or optionals:
types tq's IR does not carry) and its input files match the inputs the model
declares (element type and static sizes). Tests of supported ops left out by
the last two rules are listed with the reason (`excluded`).

The exit status is 0 unless a test not in the known list (--known, one
`name status reason` a line) is not passed, a known test passes, or a known
test's status changed (each is printed on stderr as UNEXPECTED:).
--write-known writes that list from this run (and then exits 0).

Standard library only: no numpy, no onnx package.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = "/usr/share/libonnx-testdata/data/node"
DEFAULT_KNOWN = os.path.join(HERE, "onnx_backend_known.txt")
DEFAULT_TQ_RUN = os.path.join(HERE, "..", "..", "build", "bin", "tq-run")
STATUSES = ("passed", "failed", "unsupported", "error")
REGENERATE = "python3 test/Import/onnx_backend.py --markdown docs/onnx-backend-results.md"


# --- Op types from the model: ModelProto.graph (7) -> GraphProto.node (1)
# -> NodeProto.op_type (4) / domain (7) / attribute (5) -> AttributeProto.g
# (6) and .graphs (11), the bodies of If, Loop and Scan.

def _varint(buf, pos):
    """The varint at buf[pos], and the position after it."""
    v = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, pos


def _fields(buf):
    """Yields (field number, wire type, value) of one protobuf message."""
    pos, n = 0, len(buf)

    def varint():
        nonlocal pos
        v, pos = _varint(buf, pos)
        return v

    while pos < n:
        key = varint()
        field, wire = key >> 3, key & 7
        if wire == 0:
            yield field, wire, varint()
        elif wire == 1:
            pos += 8
        elif wire == 2:
            size = varint()
            yield field, wire, buf[pos:pos + size]
            pos += size
        elif wire == 5:
            pos += 4
        else:
            raise ValueError("wire type %d" % wire)


def _graph_ops(graph, ops):
    for f, w, node in _fields(graph):
        if f != 1 or w != 2:
            continue
        op_type = domain = ""
        for g, gw, v in _fields(node):
            if g == 4 and gw == 2:
                op_type = v.decode()
            elif g == 7 and gw == 2:
                domain = v.decode()
            elif g == 5 and gw == 2:  # AttributeProto: subgraphs
                for a, aw, av in _fields(v):
                    if a in (6, 11) and aw == 2:
                        _graph_ops(av, ops)
        if domain not in ("", "ai.onnx"):
            op_type = domain + "." + op_type
        ops.add(op_type)


STRING, UINT16, BFLOAT16 = 8, 4, 16


def _packed_ints(wire, value):
    if wire == 0:
        return [value]
    out, pos = [], 0
    while pos < len(value):
        v, pos = _varint(value, pos)
        out.append(v)
    return out


def _value_info(vi):
    """(name, kind, elem_type, dims) of a ValueInfoProto: kind is 'tensor',
    'sequence', 'map', 'optional', 'sparse' or '?'; dims None when unknown."""
    name, kind, elem, dims = "", "?", 0, None
    for f, w, v in _fields(vi):
        if f == 1 and w == 2:
            name = v.decode()
        elif f == 2 and w == 2:
            for tf, tw, tv in _fields(v):
                if tw != 2:
                    continue
                kind = {1: "tensor", 4: "sequence", 5: "map", 8: "sparse",
                        9: "optional"}.get(tf, kind)
                if tf != 1:
                    continue
                for ef, ew, ev in _fields(tv):
                    if ef == 1 and ew == 0:
                        elem = ev
                    elif ef == 2 and ew == 2:
                        dims = []
                        for df, dw, dv in _fields(ev):
                            if df != 1 or dw != 2:
                                continue
                            size = None
                            for sf, sw, sv in _fields(dv):
                                if sf == 1 and sw == 0:
                                    size = sv
                            dims.append(size)
    return name, kind, elem, dims


def model_io(path):
    """The graph's inputs (without initializers) and outputs, as
    _value_info tuples."""
    inputs, outputs, inits = [], [], set()
    with open(path, "rb") as f:
        for field, wire, graph in _fields(f.read()):
            if field != 7 or wire != 2:
                continue
            for g, gw, v in _fields(graph):
                if gw != 2:
                    continue
                if g == 11:
                    inputs.append(_value_info(v))
                elif g == 12:
                    outputs.append(_value_info(v))
                elif g == 5:
                    for tf, tw, tv in _fields(v):
                        if tf == 8 and tw == 2:
                            inits.add(tv.decode())
    return [i for i in inputs if i[0] not in inits], outputs


def tensor_file(path):
    """(elem_type, dims) of a TensorProto file."""
    elem, dims = 0, []
    with open(path, "rb") as f:
        for field, wire, value in _fields(f.read()):
            if field == 1:
                dims += _packed_ints(wire, value)
            elif field == 2 and wire == 0:
                elem = value
    return elem, dims


def excluded_reason(model, data_sets):
    """Why a test cannot check an op's semantics here, or ''."""
    try:
        inputs, outputs = model_io(model)
    except (OSError, ValueError, IndexError, UnicodeDecodeError):
        return ""
    for what, infos in (("input", inputs), ("output", outputs)):
        for name, kind, elem, _ in infos:
            if kind != "tensor":
                return "%s '%s' is %s %s, not a tensor" % (
                    what, name, "an" if kind[0] in "aeiou" else "a", kind)
            if elem == STRING:
                return "%s '%s' is a tensor of strings" % (what, name)
    for sd in data_sets:
        for k, (name, _, elem, dims) in enumerate(inputs):
            f = os.path.join(sd, "input_%d.pb" % k)
            if not os.path.exists(f):
                continue
            try:
                felem, fdims = tensor_file(f)
            except (OSError, ValueError, IndexError):
                continue
            # ONNX stores bfloat16 test data as uint16 bit patterns.
            same_type = felem == elem or (felem, elem) == (UINT16, BFLOAT16)
            mismatch = not same_type or (dims is not None and (
                len(fdims) != len(dims) or
                any(d is not None and d != fd for d, fd in zip(dims, fdims))))
            if mismatch:
                return ("the test data do not match the model: %s/input_%d.pb "
                        "is element type %d of shape %s, the model's input '%s' "
                        "element type %d of shape %s" % (
                            os.path.basename(sd), k, felem, fdims, name, elem,
                            ["?" if d is None else d for d in (dims or [])]))
    return ""


def model_ops(path):
    ops = set()
    with open(path, "rb") as f:
        for field, wire, graph in _fields(f.read()):
            if field == 7 and wire == 2:
                _graph_ops(graph, ops)
    return sorted(ops)


# --- Running one test.

IMPORT_FAILED = "cannot import the ONNX model"
UNSUPPORTED = re.compile(r"unsupported|not supported|only .*supported|"
                         r"must be a constant")
RESULT_LINE = re.compile(r"tq-run: result \d+: (\d+) of \d+ elements outside")
DIAG = re.compile(r"^(?:.*?:\d+:\d+|loc\(.*?\)): error: ")


def _first_error(stderr):
    """The first error line, without the file:line:col prefix."""
    for line in stderr.splitlines():
        if DIAG.match(line):
            return DIAG.sub("", line)
    for line in stderr.splitlines():
        if "error" in line.lower():
            return re.sub(r"^tq-run: error: ", "", line)
    lines = [l for l in stderr.splitlines() if l.strip()]
    return lines[-1] if lines else "(no message)"


FRAME = re.compile(r"^\s*#\d+ 0x[0-9a-f]+ (.+?)(?: \(/| [^ ]+:\d+:\d+$|$)")


def _crash_frame(out):
    """The first frame of LLVM's stack dump that is not the signal handler,
    abort or the allocator."""
    for line in out.splitlines():
        m = FRAME.match(line)
        if m and not re.match(r"(llvm::sys::|llvm::report_|\(/|0x|_start|__libc|"
                              r"__pthread|raise|abort|operator new)", m.group(1)):
            return m.group(1)
    return ""


def _signal(rc):
    if rc < 0:
        try:
            import signal
            return "killed by " + signal.Signals(-rc).name
        except ValueError:
            return "killed by signal %d" % -rc
    return "exit %d" % rc


def _run(cmd, timeout):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
        return p.returncode, (p.stdout + p.stderr).decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"") + (e.stderr or b"")
        return None, out.decode(errors="replace")
    except OSError as e:  # no result of the test: stop the whole run
        raise SystemExit("onnx_backend.py: cannot run %s: %s" % (cmd[0], e))


def _imports(args, model, values=()):
    """Whether tq-translate imports the model (with `values`, NAME=FILE
    input values), and its output."""
    cmd = [args.tq_translate, "--import-onnx", model, "-o", os.devnull]
    for v in values:
        cmd += ["--input-value", v]
    rc, out = _run(cmd, args.timeout)
    return rc == 0, out


def tensor_name(path):
    """The name field of a TensorProto file ('' if none)."""
    try:
        with open(path, "rb") as f:
            for field, wire, value in _fields(f.read()):
                if field == 8 and wire == 2:
                    return value.decode()
    except (OSError, ValueError, IndexError, UnicodeDecodeError):
        pass
    return ""


# The importer's hint for an operand TOSA needs static that is a graph input.
GIVE_VALUE = re.compile(r"give its value with --input-value=(\S+?)=FILE")


def run_test(args, name):
    d = os.path.join(args.data, name)
    model = os.path.join(d, "model.onnx")
    t0 = time.monotonic()
    try:
        ops = model_ops(model)
    except (OSError, ValueError, IndexError, UnicodeDecodeError):
        ops = []
    sets = sorted(s for s in os.listdir(d) if s.startswith("test_data_set_"))
    if not args.all_data_sets:
        sets = sets[:1]
    status, reason, note, details = "passed", "", "", []
    imported = None
    bound = []  # inputs given with --input-value
    for s in sets:
        sd = os.path.join(d, s)
        files = os.listdir(sd)

        def numbered(prefix):
            return sorted((f for f in files if re.fullmatch(prefix + r"_\d+\.pb", f)),
                          key=lambda f: int(f[len(prefix) + 1:-3]))

        inputs = [os.path.join(sd, f) for f in numbered("input")]
        names = [tensor_name(f) for f in inputs]
        while True:
            # Inputs the importer needs as constants (a Reshape's shape, a
            # Split's sizes) are given with --input-value, the rest with -i.
            cmd = [args.tq_run, model, "--quiet",
                   "--rtol", repr(args.rtol), "--atol", repr(args.atol)]
            for f, n in zip(inputs, names):
                cmd += (["--input-value", "%s=%s" % (n, f)] if n in bound
                        else ["-i", f])
            for f in numbered("output"):
                cmd += ["--expect", os.path.join(sd, f)]
            rc, out = _run(cmd, args.timeout)
            m = GIVE_VALUE.search(out) if IMPORT_FAILED in out else None
            if not m or m.group(1) in bound or m.group(1) not in names:
                break
            bound.append(m.group(1))
        if bound:
            note = "given at import: " + ", ".join(bound)
        if rc == 0:
            imported = True
            continue
        if IMPORT_FAILED in out:
            imported = False
            reason = _first_error(out)
            status = "unsupported" if UNSUPPORTED.search(reason) else "error"
            details = out.splitlines()
            break
        results = RESULT_LINE.findall(out)
        if rc == 1 and results and "error:" not in out:
            imported = True
            status = "failed"
            details = [l for l in out.splitlines() if l.startswith("tq-run: result")]
            bad = [l for l in details if RESULT_LINE.search(l) and
                   RESULT_LINE.search(l).group(1) != "0"]
            reason = "%s: %s" % (s, (bad or details)[0].replace("tq-run: ", ""))
            break
        # A crash, a timeout, or an error outside the import (tq-run reads
        # the inputs first, and lowers and compiles after the import): ask
        # the importer alone whether the model imports.
        if rc is None or rc < 0 or rc > 1:
            what = ("timed out after %g s" % args.timeout if rc is None
                    else _signal(rc))
            frame = _crash_frame(out)
            fatal = re.search(r"^LLVM ERROR: (.*)$", out, re.M)
            what = "tq-run %s%s%s" % (what, " at " + frame if frame else "",
                                      " (%s)" % fatal.group(1) if fatal else "")
        else:
            what = "tq-run: " + ("compiling: " if "compiling @" in out else "") \
                + _first_error(out)
        details = out.splitlines()[-30:]
        imported, iout = _imports(
            args, model, ["%s=%s" % (n, f) for f, n in zip(inputs, names)
                          if n in bound])
        if "importONNX" in out and rc is not None and rc < 0:
            imported = False  # it crashed inside the importer
            status, reason = "error", what + " in the import"
            err = _first_error(out) if any(DIAG.match(l) for l in out.splitlines()) else ""
            if err:
                reason += ", after: " + err
        elif not imported:
            reason = _first_error(iout)
            status = "unsupported" if UNSUPPORTED.search(reason) else "error"
            note = what
        elif rc is None or rc < 0 or rc > 1:
            status, reason = "failed", "%s: %s, after the import" % (s, what)
        else:
            status, reason = "error", what[len("tq-run: "):]
        break
    return {"name": name, "status": status, "reason": reason, "note": note,
            "given": bound,
            "excluded": excluded_reason(model, [os.path.join(d, x) for x in sets]),
            "ops": ops,
            "imported": bool(imported), "data_sets": len(sets),
            "seconds": round(time.monotonic() - t0, 3), "details": details}


# --- Known list.

def read_known(path):
    known = {}
    if not path or not os.path.exists(path):
        return known
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            status = parts[1] if len(parts) > 1 and parts[1] in STATUSES else None
            reason = parts[2] if status and len(parts) > 2 else " ".join(parts[1:])
            known[parts[0]] = (status, reason)
    return known


def write_known(path, results, s):
    with open(path, "w") as f:
        f.write("# ONNX backend node tests that are expected not to pass:\n"
                "# name status first line of the reason. Written by\n"
                "# test/Import/onnx_backend.py --write-known; with it,\n"
                "# test/Import/onnx-backend.test checks:\n"
                "# %s\n" % summary_line(s))
        for r in results:
            if r["status"] != "passed":
                f.write("%s %s %s\n" % (r["name"], r["status"], r["reason"]))


# --- Reports.

def unsupported_key(reason):
    """'node 'x' (Op, opset N): msg' -> 'Op: msg' (names and numbers out)."""
    m = re.match(r"node '.*?' \((\S+), opset \d+\): (.*)", reason)
    key = "%s: %s" % (m.group(1), m.group(2)) if m else reason
    return re.sub(r"\b((?:input|output) (?:\d+, )?)'[^']*'", r"\1'...'", key)


def summarize(results):
    counts = collections.Counter(r["status"] for r in results)
    single = collections.defaultdict(list)
    for r in results:
        if len(r["ops"]) == 1:
            single[r["ops"][0]].append(r["imported"])
    supported = {op for op, imp in single.items() if any(imp)}
    for r in results:
        r["covered"] = (bool(r["ops"]) and all(op in supported for op in r["ops"])
                        and not r["excluded"])
    per_op = collections.defaultdict(collections.Counter)
    for r in results:
        for op in r["ops"]:
            per_op[op][r["status"]] += 1
            per_op[op]["covered"] += r["covered"]
    reasons = collections.Counter(unsupported_key(r["reason"]) for r in results
                                  if r["status"] == "unsupported")
    return {"tests": len(results),
            "covered": sum(r["covered"] for r in results),
            **{s: counts[s] for s in STATUSES},
            "supported_ops": sorted(supported),
            "per_op": {op: dict(c) for op, c in sorted(per_op.items())},
            "unsupported_reasons": reasons.most_common()}


def summary_line(s):
    return ("covered %d / passed %d / failed %d / unsupported %d / error %d"
            % (s["covered"], s["passed"], s["failed"], s["unsupported"], s["error"]))


def _full_reason(r):
    return r["reason"] + (" (and %s)" % r["note"] if r["note"] else "")


def _md(text):
    return text.replace("|", "\\|").replace("\n", " ")


def write_markdown(path, results, s, args):
    out = []
    w = out.append
    w("# ONNX backend node tests\n")
    w("How the ONNX importer (`tq-translate --import-onnx`, `tq-run MODEL.onnx`) "
      "does on ONNX's own backend node tests (Debian's libonnx-testdata, %d "
      "tests in `%s`): every `test_data_set_N` of a test runs through "
      "`tq-run MODEL -i input_K.pb ... --expect output_K.pb ...` with ONNX's "
      "tolerances (rtol %g, atol %g).\n" % (s["tests"], args.data, args.rtol, args.atol))
    w("The page is generated by `test/Import/onnx_backend.py` (after building "
      "tq-run and tq-translate; 30 to 75 s on a 2-core machine). Regenerate it, with "
      "the list of known failures that `test/Import/onnx-backend.test` checks, "
      "from the repository root with\n")
    w("```text\n%s \\\n    --write-known test/Import/onnx_backend_known.txt\n```\n"
      % REGENERATE)
    w("and copy the summary line it prints into the CHECK line of "
      "`test/Import/onnx-backend.test`.\n")
    w("## Summary\n")
    w("| tests | covered | passed | failed | unsupported | error |")
    w("|---:|---:|---:|---:|---:|---:|")
    w("| %d | %d | %d | %d | %d | %d |\n" % (s["tests"], s["covered"], s["passed"],
                                           s["failed"], s["unsupported"], s["error"]))
    w("*passed*: every result within tolerance; *failed*: imported, but a result "
      "is outside the tolerance or tq-run crashed or timed out; *unsupported*: "
      "the importer refused an op, attribute or type; *error*: anything else "
      "(checker or shape inference, a lowering error after the import). A test "
      "is *covered* when every op type in it is supported, that is, some test "
      "with only that op type imports (%d op types), and it is not excluded "
      "(below: strings, sequences, optionals, or test data that contradict "
      "the model).\n" % len(s["supported_ops"]))
    given = [r for r in results if r.get("given") and r["status"] == "passed"]
    w("## Inputs given at import (%d)\n" % len(given))
    w("TOSA needs some operands static: a Reshape's shape, a Split's sizes, "
      "Unsqueeze's axes. Where a test feeds one from a graph input, the "
      "importer says so (`give its value with --input-value=NAME=FILE`) and "
      "the script gives that input's `input_K.pb` with `--input-value`, the "
      "rest with `-i`: the op is checked on that value, specialized at import. "
      "These tests passed that way:\n")
    w(", ".join("%s (%s)" % (r["name"], ", ".join(r["given"])) for r in given)
      + "\n" if given else "None.\n")
    excluded = [r for r in results if r["excluded"] and r["ops"] and
                all(op in s["supported_ops"] for op in r["ops"])]
    w("## Excluded tests of supported ops (%d)\n" % len(excluded))
    w("Tests whose op types are all supported but that cannot check them here: "
      "their inputs or outputs are strings, sequences or optionals (types tq's "
      "IR does not carry; the issue's scope is Cast between float types), or "
      "their input files contradict the model (a defect of the test data; "
      "ONNX Runtime refuses such inputs too). They are not counted as covered.\n")
    if excluded:
        w("| test | status | why excluded |")
        w("|---|---|---|")
        for r in excluded:
            w("| %s | %s | %s |" % (r["name"], r["status"], _md(r["excluded"])))
        w("")
    else:
        w("None.\n")
    rest = [r for r in results if r["covered"] and r["status"] != "passed"]
    w("## Covered, not passed (%d)\n" % len(rest))
    if rest:
        w("| test | status | reason |")
        w("|---|---|---|")
        for r in rest:
            w("| %s | %s | %s |" % (r["name"], r["status"], _md(_full_reason(r))))
        w("")
    else:
        w("None.\n")
    w("## Most common unsupported reasons\n")
    w("| tests | op: reason |")
    w("|---:|---|")
    for key, n in s["unsupported_reasons"][:30]:
        w("| %d | %s |" % (n, _md(key)))
    w("")
    for status in ("failed", "error", "unsupported"):
        rows = [r for r in results if r["status"] == status]
        w("## %s (%d)\n" % (status.capitalize(), len(rows)))
        if not rows:
            w("None.\n")
            continue
        w("| test | ops | reason |")
        w("|---|---|---|")
        for r in rows:
            w("| %s | %s | %s |" % (r["name"], ", ".join(r["ops"]), _md(_full_reason(r))))
        w("")
    w("## Per op type\n")
    w("Tests that contain the op type, by status.\n")
    w("| op | tests | covered | passed | failed | unsupported | error |")
    w("|---|---:|---:|---:|---:|---:|---:|")
    for op, c in s["per_op"].items():
        w("| %s | %d | %d | %d | %d | %d | %d |" % (
            op, sum(c.get(x, 0) for x in STATUSES), c.get("covered", 0),
            *(c.get(x, 0) for x in STATUSES)))
    w("")
    with open(path, "w") as f:
        f.write("\n".join(out))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tq-run", default=DEFAULT_TQ_RUN,
                   help="tq-run binary (default: build/bin/tq-run)")
    p.add_argument("--tq-translate",
                   help="tq-translate binary (default: next to tq-run)")
    p.add_argument("--data", default=DEFAULT_DATA,
                   help="node test directory (default %(default)s)")
    p.add_argument("--filter", help="only tests whose name matches this regex")
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--timeout", type=float, default=60, help="seconds per tq-run")
    p.add_argument("--rtol", type=float, default=1e-3)
    p.add_argument("--atol", type=float, default=1e-7)
    p.add_argument("--all-data-sets", action=argparse.BooleanOptionalAction,
                   default=True, help="run every test_data_set_N (default), "
                   "else only test_data_set_0")
    p.add_argument("--known", default=DEFAULT_KNOWN,
                   help="known failures (default %(default)s; '' for none)")
    p.add_argument("--write-known", metavar="FILE",
                   help="write the known list from this run")
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--markdown", metavar="FILE")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="print every test that is not passed")
    args = p.parse_args()
    args.tq_run = os.path.abspath(args.tq_run)
    if not args.tq_translate:
        args.tq_translate = os.path.join(os.path.dirname(args.tq_run), "tq-translate")
    if not os.access(args.tq_run, os.X_OK):
        sys.exit("onnx_backend.py: %s is not an executable" % args.tq_run)
    names = sorted(n for n in os.listdir(args.data)
                   if os.path.isfile(os.path.join(args.data, n, "model.onnx")))
    if args.filter:
        names = [n for n in names if re.search(args.filter, n)]

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = list(pool.map(lambda n: run_test(args, n), names))
    seconds = time.monotonic() - t0
    s = summarize(results)

    known = read_known(args.known)
    unexpected = []
    for r in results:
        k = known.get(r["name"])
        if k is None and r["status"] != "passed":
            unexpected.append("%s: %s (not in the known list): %s"
                              % (r["name"], r["status"].upper(), r["reason"]))
        elif k is not None and r["status"] == "passed":
            unexpected.append("%s: PASSED but in the known list as %s"
                              % (r["name"], k[0] or "not passing"))
        elif k is not None and k[0] and k[0] != r["status"]:
            unexpected.append("%s: %s, in the known list as %s: %s"
                              % (r["name"], r["status"].upper(), k[0], r["reason"]))

    if not args.filter:
        names_run = set(names)
        unexpected += ["%s: in the known list, but there is no such test" % n
                       for n in sorted(known) if n not in names_run]

    if args.verbose:
        for status in ("failed", "error", "unsupported"):
            for r in results:
                if r["status"] == status:
                    print("%-11s %s [%s]: %s" % (status.upper(), r["name"],
                                                 ",".join(r["ops"]), _full_reason(r)))
    print("per op type: tests covered passed failed unsupported error")
    for op, c in s["per_op"].items():
        print("  %-32s %4d %4d %4d %4d %4d %4d" % (
            op, sum(c.get(x, 0) for x in STATUSES), c.get("covered", 0),
            *(c.get(x, 0) for x in STATUSES)))
    print("unsupported reasons (top 20):")
    for key, n in s["unsupported_reasons"][:20]:
        print("  %4d  %s" % (n, key))
    sys.stdout.flush()
    for line in unexpected:
        print("UNEXPECTED: " + line, file=sys.stderr)
    if unexpected:
        print("%d unexpected; if intended, rewrite the list with --write-known %s"
              % (len(unexpected), args.known or "FILE"),
              file=sys.stderr)
    print("onnx backend: %d tests in %.1f s, %d op types supported"
          % (s["tests"], seconds, len(s["supported_ops"])))
    print(summary_line(s))

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summary": s, "seconds": round(seconds, 1),
                       "rtol": args.rtol, "atol": args.atol,
                       "unexpected": unexpected, "tests": results}, f, indent=1)
    if args.markdown:
        write_markdown(args.markdown, results, s, args)
    if args.write_known:
        write_known(args.write_known, results, s)
        print("wrote %s; the CHECK line of test/Import/onnx-backend.test is now\n"
              "CHECK-NEXT: %s" % (args.write_known, summary_line(s)), file=sys.stderr)
    # With --write-known the list now matches: the differences were shown.
    return 1 if unexpected and not args.write_known else 0


if __name__ == "__main__":
    sys.exit(main())
