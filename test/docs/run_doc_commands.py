#!/usr/bin/env python3
"""Runs every shell command of README.md and docs/*.md as a reader would,
from the repository root, after nothing but the set-up (scripts/setup.sh,
scripts/build.sh): tq's tools are build/bin/..., Debian's MLIR tools
/usr/lib/llvm-22/bin/...; neither is on PATH.

What runs:
  ```sh blocks       every command (a line, its `\\` continuations, or a
                     compound command such as a for loop); it must exit 0.
                     Variable assignments on a line of their own (D=...)
                     stay set for the rest of the block.
  ``` and ```console `$ COMMAND` lines of a transcript; the command must
                     exit 0, or non-zero when its output shown below it
                     has an "error:".
  ```text and others not run.
A command whose text has `# not run by the doc test: REASON`, and every
command of a ```sh block right after a line
`<!-- not run by the doc test: REASON -->`, is listed as not run (a reason
is required).

Each doc file runs in its own scratch copy of the repository root: the
source's top-level entries (tracked or not ignored by git) as symlinks,
and build/ as a folder of symlinks to the build's entries, so files that
commands write land in the scratch folder, not in the checkout. HOME is a
scratch folder too. Each command has a timeout.

Usage: run_doc_commands.py SRC_ROOT BUILD_DIR [--timeout S] [--jobs N]
                           [--list] [--keep] [FILE...]
Prints one line per command (ok / FAIL / skip with file:line) and, for each
failure, the command and the end of its output; exits 1 if any failed.
"""

import argparse
import concurrent.futures
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

MARKER = "# not run by the doc test:"
# Tools that must not be found on the reader's PATH: the docs spell out
# where they are.
HIDDEN_TOOLS = ("tq-opt", "tq-run", "tq-sweep", "mlir-opt", "mlir-runner",
                "mlir-translate", "FileCheck", "lit")
# Before a ```sh block, on the line above its fence: none of its commands run.
BLOCK_MARKER = re.compile(r"^<!-- not run by the doc test:(.*)-->$")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=\S*(\s+[A-Za-z_][A-Za-z0-9_]*=\S*)*$")


class Command:
    def __init__(self, path, line, text, kind, expect_failure=False):
        self.path = path          # relative to the source root
        self.line = line          # 1-based line of the command's first line
        self.text = text          # as written (continuations kept)
        self.kind = kind          # "sh" or "transcript"
        self.expect_failure = expect_failure
        self.prelude = []         # assignments made earlier in the block
        self.skip_reason = None
        if MARKER in text:
            self.skip_reason = text.split(MARKER, 1)[1].strip().splitlines()[0]
            if not self.skip_reason:
                raise SystemExit(f"{self.where()}: '{MARKER}' needs a reason")

    def where(self):
        return f"{self.path}:{self.line}"


def complete(text):
    """Whether `text` is a complete shell command (bash -n parses it)."""
    if text.rstrip().endswith("\\"):
        return False
    return subprocess.run(["bash", "-n", "-c", text], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def sh_commands(path, start, lines):
    """The commands of a ```sh block whose first line is line `start`."""
    commands, prelude = [], []
    pending, first = [], 0
    for i, line in enumerate(lines):
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if not pending:
            first = start + i
        pending.append(line)
        text = "\n".join(pending)
        if complete(text):
            c = Command(path, first, text, "sh")
            c.prelude = list(prelude)
            if ASSIGNMENT.match(text.strip()) and c.skip_reason is None:
                prelude.append(text.strip())
            commands.append(c)
            pending = []
    if pending:
        raise SystemExit(f"{path}:{first}: incomplete shell command in a sh block")
    return commands


def transcript_commands(path, start, lines):
    """`$ ` commands of an output block, each with the output shown below."""
    commands = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            i += 1
            continue
        first = start + i
        pending = [lines[i][2:]]
        i += 1
        while pending[-1].rstrip().endswith("\\") and i < len(lines):
            pending.append(lines[i])
            i += 1
        output = []
        while i < len(lines) and not lines[i].startswith("$ "):
            output.append(lines[i])
            i += 1
        failing = any("error:" in o for o in output)
        commands.append(Command(path, first, "\n".join(pending), "transcript",
                                expect_failure=failing))
    return commands


def doc_commands(src, rel):
    commands = []
    with open(os.path.join(src, rel), encoding="utf-8") as f:
        lines = f.read().split("\n")
    fence, block, start, previous = None, [], 0, ""
    block_reason = None
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        if fence is None:
            if stripped.startswith("```"):
                fence, block, start = stripped[3:].strip(), [], n + 1
                indent = line[:len(line) - len(line.lstrip())]
                m = BLOCK_MARKER.match(previous)
                block_reason = m.group(1).strip() if m else None
                if m and not block_reason:
                    raise SystemExit(f"{rel}:{n - 1}: the marker needs a reason")
            elif stripped:
                previous = stripped
            continue
        if stripped == "```":
            if fence == "sh":
                block_commands = sh_commands(rel, start, block)
                if block_reason:
                    for c in block_commands:
                        c.skip_reason = block_reason
                commands += block_commands
            elif fence in ("", "console"):
                commands += transcript_commands(rel, start, block)
            fence = None
            continue
        # Blocks inside list items are indented: read them as written.
        block.append(line[len(indent):] if line.startswith(indent) else line)
    if fence is not None:
        raise SystemExit(f"{rel}: unterminated code block")
    return commands


def top_level_entries(src):
    """The source's top-level entries a clone would have."""
    try:
        out = subprocess.run(
            ["git", "-C", src, "ls-files", "--cached", "--others",
             "--exclude-standard", "-z"],
            capture_output=True, check=True).stdout.decode()
        names = {p.split("/", 1)[0] for p in out.split("\0") if p}
    except (OSError, subprocess.CalledProcessError):
        names = set(os.listdir(src))
    return sorted(n for n in names if n not in (".git", "build")
                  and os.path.lexists(os.path.join(src, n)))


def make_root(src, build, scratch):
    os.makedirs(scratch)
    for name in top_level_entries(src):
        os.symlink(os.path.join(src, name), os.path.join(scratch, name))
    os.makedirs(os.path.join(scratch, "build"))
    for name in os.listdir(build):
        os.symlink(os.path.join(build, name), os.path.join(scratch, "build", name))
    os.makedirs(os.path.join(scratch, ".home"))


def reader_path():
    """PATH without the folders that hold tq's or LLVM's unversioned tools."""
    dirs = []
    for d in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep):
        if d and not any(os.path.exists(os.path.join(d, t)) for t in HIDDEN_TOOLS):
            dirs.append(d)
    for d in ("/usr/bin", "/bin"):
        if d not in dirs:
            dirs.append(d)
    return os.pathsep.join(dirs)


def run(command, cwd, env, timeout):
    script = "\n".join(command.prelude + [command.text])
    start = time.monotonic()
    # A session of its own, so that a timeout ends the command's children
    # (a build, a pipeline) too.
    p = subprocess.Popen(["bash", "-e", "-o", "pipefail", "-c", script],
                         cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        rc = None
    output = out.decode(errors="replace")
    seconds = time.monotonic() - start
    if rc is None:
        problem = f"timed out after {timeout} s"
    elif rc in (126, 127):
        problem = f"exit {rc} (command not found or not executable)"
    elif command.expect_failure and rc == 0:
        problem = "exit 0, but the doc shows an error"
    elif not command.expect_failure and rc != 0:
        problem = f"exit {rc}"
    else:
        problem = None
    return problem, output, seconds


def run_file(src, build, scratch, rel, commands, timeout):
    root = os.path.join(scratch, rel.replace("/", "_"))
    make_root(src, build, root)
    env = dict(os.environ)
    env["PATH"] = reader_path()
    env["HOME"] = os.path.join(root, ".home")
    env.pop("TQ_BUILD_DIR", None)
    results = []
    for c in commands:
        if c.skip_reason is not None:
            results.append((c, "skip", c.skip_reason, 0.0))
            continue
        problem, output, seconds = run(c, root, env, timeout)
        results.append((c, problem, output, seconds))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src")
    ap.add_argument("build")
    ap.add_argument("files", nargs="*",
                    help="docs to run (default: README.md and docs/*.md)")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--list", action="store_true",
                    help="print the commands without running them")
    ap.add_argument("--log", help="also write the report to this file")
    ap.add_argument("--exclude", action="append", default=[],
                    help="FILE:REASON, a doc not run at all (listed as such)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the scratch folder (its path is printed)")
    args = ap.parse_intermixed_args()
    src, build = os.path.abspath(args.src), os.path.abspath(args.build)

    files = args.files or ["README.md"] + sorted(
        os.path.relpath(p, src) for p in glob.glob(os.path.join(src, "docs", "*.md")))
    excluded = dict(e.split(":", 1) for e in args.exclude)
    per_file = {rel: doc_commands(src, rel) for rel in files}
    for rel, reason in excluded.items():
        for c in per_file.get(rel, []):
            c.skip_reason = f"{rel} excluded: {reason.strip()}"
    # Docs with sweeps, plots and benchmarks first: the others fill the
    # other worker meanwhile.
    def weight(rel):
        text = " ".join(c.text for c in per_file[rel] if c.skip_reason is None)
        return -sum(text.count(w) for w in ("tq-sweep", "plot_sweep", "bench/"))
    run_order = sorted(per_file, key=weight)

    if args.list:
        for rel, commands in per_file.items():
            for c in commands:
                tag = "skip" if c.skip_reason else (
                    "fails" if c.expect_failure else c.kind)
                print(f"{c.where()}: [{tag}] {c.text.splitlines()[0]}")
        return 0

    hidden = [t for t in HIDDEN_TOOLS if shutil.which(t, path=reader_path())]
    if hidden:
        print(f"error: still on PATH: {', '.join(hidden)}")
        return 1

    report = []

    def say(line=""):
        print(line, flush=True)
        report.append(line)

    scratch = tempfile.mkdtemp(prefix="tq-doc-commands-")
    start = time.monotonic()
    failures, counts = [], {"ok": 0, "skip": 0, "FAIL": 0}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {rel: pool.submit(run_file, src, build, scratch, rel,
                                    per_file[rel], args.timeout)
                   for rel in run_order if per_file[rel]}
        for rel in per_file:
            if rel not in futures:
                continue
            for c, problem, output, seconds in futures[rel].result():
                first = c.text.splitlines()[0]
                if problem == "skip":
                    counts["skip"] += 1
                    say(f"skip {c.where()}: {first}  ({output})")
                elif problem:
                    counts["FAIL"] += 1
                    failures.append((c, problem, output))
                    say(f"FAIL {c.where()}: {first}  ({problem})")
                else:
                    counts["ok"] += 1
                    say(f"ok   {c.where()}: {first}  ({seconds:.1f} s)")
    for c, problem, output in failures:
        say(f"\n{c.where()}: error: {problem}:\n{c.text}")
        tail = output.strip().splitlines()[-15:]
        say("\n".join("  | " + l for l in tail))
    say(f"\n{counts['ok']} commands ran, {counts['FAIL']} failed, "
          f"{counts['skip']} not run (marked), in {time.monotonic() - start:.1f} s")
    if args.log:
        with open(args.log, "w") as f:
            f.write("\n".join(report) + "\n")
    if args.keep:
        print(f"scratch: {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
