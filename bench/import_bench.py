#!/usr/bin/python3
"""Speed of the ONNX importer as ratios to baselines run in the same rounds
(issue: importing a model should take at most 2x parsing the MLIR it emits).

Two models, built first into a temporary directory (or --workdir):

  resnet18  test/Import/models/resnet18 with its weights rebuilt by
            test/Import/models/make_weights.py (model.onnx + 46.8 MB of
            external data in weights.bin);
  big       bench/make_big_onnx.py: a 3-layer MLP, 100.3 MB with the
            weights embedded in the .onnx.

Every round runs, for each model, these commands back to back (wall clock
of the whole subprocess, and its user and system CPU seconds; the files
are in the page cache after the first round; OUT.mlir is in --workdir,
by default a temporary directory):

  cat       cat MODEL_FILES > /dev/null                    baseline 1
  import    tq-translate --import-onnx MODEL --batch=1 -o OUT.mlir
  import-null    the same with -o /dev/null (no file written)
  import-nodbg   -o /dev/null --mlir-print-debuginfo=false (no locations)
  parse     mlir-opt OUT.mlir -o /dev/null --mlir-timing   baseline 2
            (parses and prints the module again; --mlir-timing splits
            the time into Parser and Output)

The ratios (import / cat, import / parse, ...) are formed in each round and
the table gives their median over the rounds with [min, max]; the absolute
seconds are medians with [min, max] too. import-null / parse compares like
with like (both print to /dev/null); import / parse includes writing the
file (on a disk file system that can cost more than the printing).
(--mlir-elide-resource-strings-if-larger does not isolate the printing of
the blobs: MLIR formats the hex string before it elides it.)

The parser is Debian's /usr/lib/llvm-22/bin/mlir-opt where it parses the
emitted module (it knows TOSA and dense_resource), else build/bin/tq-opt
(the same parser plus tq's dialect); the output says which.

Whole networks against PyTorch (ResNet-18/50 at run time): network_bench.py.

Usage:
  bench/import_bench.py [--rounds 5] [--json FILE] [--workdir DIR]
      [--parser PATH]
      [--wait-idle S]

Each round also records the share of the machine's CPU time that other
processes used (the 2-core build machine is shared; with 2 threads on 2
cores, one busy core makes torch and OpenMP many times slower): the
table prints it per round, and --wait-idle S waits up to S seconds before
each round for the machine to be quiet.
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PY = sys.executable
MLIR_OPT = "/usr/lib/llvm-22/bin/mlir-opt"
med = statistics.median


def die(msg):
    sys.exit("import_bench.py: error: " + msg)


def run(cmd, what, stdout=subprocess.DEVNULL, cpu=None):
    """Runs cmd; returns (wall seconds, stderr). Dies when it fails. With a
    list cpu, appends (user, sys) CPU seconds of the child to it."""
    u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        die("%s failed (exit %d): %s\n%s" % (what, r.returncode, " ".join(cmd),
                                             r.stderr[-3000:]))
    if cpu is not None:
        cpu.append((u1.ru_utime - u0.ru_utime, u1.ru_stime - u0.ru_stime))
    return dt, r.stderr


def cpu_jiffies():
    """(all CPU time, non-idle CPU time) of the machine, in clock ticks."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:8]]
    return sum(v), sum(v) - v[3] - v[4]


class OtherLoad:
    """The share of the machine's CPU time that processes other than this
    one and its children used between start() and stop() (0..1)."""

    def start(self):
        self.j0, self.t0 = cpu_jiffies(), os.times()

    def stop(self):
        (tot0, busy0), (tot1, busy1) = self.j0, cpu_jiffies()
        t0, t1 = self.t0, os.times()
        own = sum(t1[:4]) - sum(t0[:4])
        own *= os.sysconf("SC_CLK_TCK")
        return max(0.0, (busy1 - busy0 - own) / max(1, tot1 - tot0))


def wait_idle(limit_s, threshold=0.10):
    """Waits (at most limit_s) until the machine was under threshold busy
    for a second; returns the seconds waited."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit_s:
        tot0, busy0 = cpu_jiffies()
        time.sleep(1.0)
        tot1, busy1 = cpu_jiffies()
        if (busy1 - busy0) / max(1, tot1 - tot0) < threshold:
            break
    return time.perf_counter() - t0


def spread(xs, fmt="%.3f"):
    return ("%s [%s, %s]" % (fmt % med(xs), fmt % min(xs), fmt % max(xs)))


def summary(xs):
    return {"median": med(xs), "min": min(xs), "max": max(xs), "all": xs}


def build_models(work, bindir):
    """Writes the two models into work; returns a list of case dicts."""
    r18 = os.path.join(work, "resnet18")
    out = subprocess.run([PY, os.path.join(ROOT, "test/Import/models/make_weights.py"),
                          os.path.join(ROOT, "test/Import/models/resnet18"), r18],
                         stdout=subprocess.PIPE, text=True)
    if out.returncode != 0:
        die("make_weights.py failed")
    big = os.path.join(work, "big.onnx")
    if not os.path.exists(big):
        if subprocess.run([PY, os.path.join(ROOT, "bench/make_big_onnx.py"), big],
                          stdout=subprocess.DEVNULL).returncode != 0:
            die("make_big_onnx.py failed")
    return [
        {"name": "resnet18", "model": os.path.join(r18, "model.onnx"),
         "files": [os.path.join(r18, "model.onnx"), os.path.join(r18, "weights.bin")],
         "out": os.path.join(work, "resnet18.mlir")},
        {"name": "big", "model": big, "files": [big],
         "out": os.path.join(work, "big.mlir")},
    ]


def pick_parser(case, bindir, forced):
    """Emits case's module once and returns (parser path, note)."""
    tr = os.path.join(bindir, "tq-translate")
    run([tr, "--import-onnx", case["model"], "--batch=1", "-o", case["out"]],
        "tq-translate")
    cands = [forced] if forced else [MLIR_OPT, os.path.join(bindir, "tq-opt")]
    notes = []
    for p in cands:
        if not os.path.exists(p):
            notes.append("%s: not found" % p)
            continue
        r = subprocess.run([p, case["out"], "-o", os.devnull],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode == 0:
            return p, notes
        notes.append("%s cannot parse the module: %s"
                     % (p, r.stderr.strip().splitlines()[0] if r.stderr.strip() else
                        "exit %d" % r.returncode))
    die("no parser reads the emitted module: " + "; ".join(notes))


TIMING = re.compile(r"^\s*([0-9.]+)\s+\(\s*[0-9.]+%\)\s+(Parser|Output)\s*$", re.M)


def import_part(a, work, bindir):
    cases = build_models(work, bindir)
    tr = os.path.join(bindir, "tq-translate")
    parser, notes = pick_parser(cases[0], bindir, a.parser)
    for n in notes:
        print("note:", n)
    print("parser: %s" % parser, flush=True)
    # Every command of a case, in the order of a round.
    def cmds(c):
        imp = [tr, "--import-onnx", c["model"], "--batch=1"]
        return [
            ("cat", ["cat"] + c["files"]),
            ("import", imp + ["-o", c["out"]]),
            ("import-null", imp + ["-o", os.devnull]),
            ("import-nodbg", imp + ["-o", os.devnull, "--mlir-print-debuginfo=false"]),
            ("parse", [parser, c["out"], "-o", os.devnull, "--mlir-timing",
                       "--mlir-timing-display=list"]),
        ]
    kinds = [k for k, _ in cmds(cases[0])]
    t = {(c["name"], k): [] for c in cases for k in kinds}
    cpu = {(c["name"], k): [] for c in cases for k in kinds}
    split = {(c["name"], k): [] for c in cases for k in ("Parser", "Output")}
    others, waited = [], []
    ol = OtherLoad()
    for r in range(a.rounds):
        waited.append(wait_idle(a.wait_idle) if a.wait_idle else 0.0)
        ol.start()
        for c in cases:
            for k, cmd in cmds(c):
                dt, err = run(cmd, k, cpu=cpu[(c["name"], k)])
                t[(c["name"], k)].append(dt)
                if k == "parse":
                    got = dict((n, float(s)) for s, n in TIMING.findall(err))
                    for n in ("Parser", "Output"):
                        split[(c["name"], n)].append(got.get(n, float("nan")))
        others.append(ol.stop())
        print("round %d/%d done (other processes used %.0f%% of the CPUs; waited "
              "%.0f s for an idle machine)" % (r + 1, a.rounds, 100 * others[-1],
                                               waited[-1]), file=sys.stderr)

    res = {"rounds": a.rounds, "parser": parser, "parser_notes": notes,
           "round_other_cpu_load": others, "round_wait_idle_s": waited, "cases": {}}
    print()
    print("%d rounds, interleaved; seconds and ratios: median [min, max] over the "
          "rounds (a ratio is formed within each round)" % a.rounds)
    print("share of the CPUs other processes used, per round: %s"
          % ", ".join("%.0f%%" % (100 * o) for o in others))
    hdr = "%-9s %6s %7s  %-22s %-22s %-22s %-22s %-20s %-19s %-19s" % (
        "model", "in MB", "out MB", "import s", "import-null s", "cat s",
        "parse s", "import/cat", "import/parse", "import-null/parse")
    print(hdr)
    for c in cases:
        n = c["name"]
        g = lambda k: t[(n, k)]
        ratio = lambda x, y: [p / q for p, q in zip(g(x), g(y))]
        insize = sum(os.path.getsize(f) for f in c["files"])
        outsize = os.path.getsize(c["out"])
        print("%-9s %6.1f %7.1f  %-22s %-22s %-22s %-22s %-20s %-19s %-19s" % (
            n, insize / 1e6, outsize / 1e6, spread(g("import")),
            spread(g("import-null")), spread(g("cat")), spread(g("parse")),
            spread(ratio("import", "cat"), "%.1f"),
            spread(ratio("import", "parse"), "%.2f"),
            spread(ratio("import-null", "parse"), "%.2f")))
        res["cases"][n] = {
            "input_bytes": insize, "mlir_bytes": outsize,
            "seconds": {k: summary(g(k)) for k in kinds},
            "user_seconds": {k: summary([u for u, _ in cpu[(n, k)]]) for k in kinds},
            "sys_seconds": {k: summary([s for _, s in cpu[(n, k)]]) for k in kinds},
            "parse_split_seconds": {k: summary(split[(n, k)])
                                    for k in ("Parser", "Output")},
            "ratios": {
                "import/cat": summary(ratio("import", "cat")),
                "import/parse": summary(ratio("import", "parse")),
                "import-null/parse": summary(ratio("import-null", "parse")),
                "import-nodbg/import-null": summary(ratio("import-nodbg", "import-null")),
            },
        }
    print()
    print("where the time goes (median seconds [min, max]; user and sys: median CPU "
          "seconds):")
    print("%-9s %-14s %-22s %-12s %-22s %-22s" % (
        "model", "command", "wall s", "user/sys", "parse: Parser", "parse: Output"))
    for c in cases:
        n = c["name"]
        for k in kinds:
            us = cpu[(n, k)]
            extra = ""
            if k == "parse":
                extra = "%-22s %-22s" % (spread(split[(n, "Parser")]),
                                         spread(split[(n, "Output")]))
            print("%-9s %-14s %-22s %-12s %s" % (
                n, k, spread(t[(n, k)]), "%.2f/%.2f" % (med([u for u, _ in us]),
                                                        med([x for _, x in us])),
                extra))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", help="also write the results to this JSON file")
    ap.add_argument("--workdir", help="keep the models and outputs here "
                    "(default: a temporary directory, removed)")
    ap.add_argument("--parser", help="parser binary (default: %s if it reads the "
                    "module, else build/bin/tq-opt)" % MLIR_OPT)
    ap.add_argument("--wait-idle", type=float, default=0, metavar="S",
                    help="before each round, wait up to S seconds for a second "
                    "in which the machine is under 10%% busy")
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    a = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # in order with the progress
    if not os.access(os.path.join(a.bin, "tq-translate"), os.X_OK):
        die("tq-translate not found in %s (build it first)" % a.bin)

    tmp = None
    work = a.workdir
    if not work:
        tmp = work = tempfile.mkdtemp(prefix="tq-import-bench-")
    os.makedirs(work, exist_ok=True)
    res = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(),
           "load_average_start": os.getloadavg()}
    try:
        res["import"] = import_part(a, work, a.bin)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    res["load_average_end"] = os.getloadavg()
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
