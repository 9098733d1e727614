#!/usr/bin/env bash
# Sets up the machine, builds tq and runs every test: the lit suite
# (check-tq), the unit tests, a short run of each fuzz target
# (scripts/fuzz.sh, TQ_FUZZ_SECONDS each, default 15; 0 leaves it out;
# skipped without libclang-rt-22-dev) and the sharded sweep on a one-node
# Slurm cluster started for it (scripts/slurm/check.sh; skipped, with the
# reason, where its daemons cannot start). Ends with each phase's time and a
# summary of pass/fail counts; exits non-zero when any test fails or a fuzz
# target finds a crash. The Python package's tests (test/Python, pytest) run
# after the unit tests; the fuzz targets run meanwhile, in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${TQ_BUILD_DIR:-build}"
scripts/build.sh

# Sanitized builds (TQ_ENABLE_SANITIZERS): see test/lit.cfg.py for why.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allow_user_poisoning=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

status=0
# Each phase's wall time, printed with the summary (CI keeps only the log).
phases=()
phase_start=0 # (SECONDS: since the script started)
phase() { phases+=("$1 $((SECONDS - phase_start)) s"); phase_start=$SECONDS; }
phase "build"
echo "== lit (check-tq)"
/usr/lib/llvm-22/bin/lit -s -v --xunit-xml-output "$BUILD/lit-results.xml" \
  "$BUILD/test" || status=1
phase "lit"
results=("lit=$BUILD/lit-results.xml" "unit=$BUILD/unit-results.xml")
# The fuzz targets (a build folder of their own) are built here, then run in
# the background (one core) while the unit, Python and Slurm tests run.
fuzz_pid=""
if [ "${TQ_FUZZ_SECONDS:-15}" != 0 ]; then
  echo "== fuzz (building the targets)"
  export TQ_FUZZ_BUILD_DIR="${TQ_FUZZ_BUILD_DIR:-build-fuzz}"
  TQ_FUZZ_NO_RUN=1 scripts/fuzz.sh || status=1
  phase "fuzz build"
  mkdir -p "$TQ_FUZZ_BUILD_DIR"
  TQ_FUZZ_NO_BUILD=1 scripts/fuzz.sh "${TQ_FUZZ_SECONDS:-15}" \
    >"$TQ_FUZZ_BUILD_DIR/fuzz-short-run.log" 2>&1 &
  fuzz_pid=$!
  results+=("fuzz=$TQ_FUZZ_BUILD_DIR/fuzz-results.xml")
fi
echo "== unit tests"
"$BUILD/bin/tq-unittests" --gtest_brief=1 \
  --gtest_output="xml:$BUILD/unit-results.xml" || status=1
echo "== python (pytest: the tq package)"
if ls "$BUILD"/python/tq/_tq*.so >/dev/null 2>&1; then
  PYTHONDONTWRITEBYTECODE=1 TQ_BUILD_DIR="$BUILD" /usr/bin/python3 -m pytest -q -p no:cacheprovider test/Python \
    --junitxml="$BUILD/python-results.xml" || status=1
else
  echo "python: skipped: the tq package was not built (pybind11-dev, python3-dev)"
  printf '<testsuite name="python"><testcase classname="python" name="all"><skipped message="the tq package was not built (pybind11-dev, python3-dev)"/></testcase></testsuite>\n' > "$BUILD/python-results.xml"
fi
results+=("python=$BUILD/python-results.xml")
echo "== slurm (sharded sweep on a one-node cluster)"
scripts/slurm/check.sh "$BUILD" "$BUILD/slurm-results.xml" || status=1
results+=("slurm=$BUILD/slurm-results.xml")
phase "unit, python, slurm"
if [ -n "$fuzz_pid" ]; then
  fuzz_status=0
  wait "$fuzz_pid" || fuzz_status=$?
  echo "== fuzz (short run, TQ_FUZZ_SECONDS=${TQ_FUZZ_SECONDS:-15} per target)"
  cat "$TQ_FUZZ_BUILD_DIR/fuzz-short-run.log"
  [ "$fuzz_status" = 0 ] || status=1
  phase "fuzz runs (after the above)"
fi
echo "== time per phase: ${phases[*]/%/;}"
python3 scripts/summary.py "${results[@]}" || status=1
exit $status
