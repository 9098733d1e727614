#!/usr/bin/env bash
# Builds tq's libFuzzer targets (fuzz/, docs/reliability.md) in their own
# build folder and runs each for SECONDS (default 30) on a scratch copy of its
# seed corpus, with its dictionary; the committed corpora are not modified.
#   scripts/fuzz.sh [SECONDS] [TARGET...]    TARGET: quantizer-string, npy, ...
# Without targets, every target except the opt-in ones (TQ_FUZZ_OPT_IN,
# default "onnx-import": it also fuzzes libonnx's checker and shape
# inference, which crash on some malformed models, fuzz/crashes/README.md)
# runs; name a target to run it.
#   TQ_FUZZ_BUILD_DIR   build folder (default: build-fuzz)
#   TQ_FUZZ_NO_BUILD=1  use the targets as built (no configure/build step)
#   TQ_FUZZ_NO_RUN=1    only configure and build the targets
#   TQ_FUZZ_ARGS        extra libFuzzer arguments; for a long campaign that
#                       goes on past known findings: "-fork=1 -ignore_crashes=1"
#   TQ_FUZZ_WORK        scratch folder (default: BUILD/fuzz-run): per target
#                       the grown corpus, crash-*/timeout-*/leak-* artifacts
#                       and the log; emptied at the start of each run
#   TQ_FUZZ_RESULTS     results file (default: BUILD/fuzz-results.xml)
# Writes the results file (JUnit, one case per target) for
# scripts/summary.py. Exits 1 when a target finds a crash, a hang or a leak,
# printing the reproducer's path. Without clang-22's fuzzer runtime
# (libclang-rt-22-dev) it prints a "skipped" line and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-30}"
shift || true
BUILD="${TQ_FUZZ_BUILD_DIR:-build-fuzz}"
LLVM=/usr/lib/llvm-22
WORK="${TQ_FUZZ_WORK:-$BUILD/fuzz-run}"
RESULTS="${TQ_FUZZ_RESULTS:-$BUILD/fuzz-results.xml}"

mkdir -p "$BUILD"
rm -f "$RESULTS"
runtime=$(ls "$LLVM"/lib/clang/*/lib/*/libclang_rt.fuzzer*.a 2>/dev/null | head -1 || true)
if [ -z "$runtime" ] || ! command -v clang++-22 >/dev/null; then
  echo "fuzz: skipped: libclang-rt-22-dev not installed (clang-22's libFuzzer runtime)"
  printf '<testsuite name="fuzz"><testcase classname="fuzz" name="all"><skipped message="libclang-rt-22-dev not installed"/></testcase></testsuite>\n' > "$RESULTS"
  exit 0
fi

if [ "${TQ_FUZZ_NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$BUILD/build.ninja" ]; then
    CC=clang-22 CXX=clang++-22 cmake -G Ninja -S . -B "$BUILD" \
      -DMLIR_DIR="$LLVM/lib/cmake/mlir" -DLLVM_EXTERNAL_LIT="$LLVM/bin/lit" \
      -DTQ_ENABLE_FUZZ=ON >/dev/null
  fi
  cmake --build "$BUILD" --target fuzz
fi
[ "${TQ_FUZZ_NO_RUN:-0}" != 1 ] || exit 0

if [ $# -eq 0 ]; then
  set --
  for exe in "$BUILD"/bin/fuzz-*; do
    t="${exe##*/fuzz-}"
    case " ${TQ_FUZZ_OPT_IN-onnx-import} " in *" $t "*) continue ;; esac
    set -- "$@" "$t"
  done
fi

# tq's code is instrumented, libMLIR.so is not (test/lit.cfg.py): ignore the
# manual poisoning of LLVM's allocators.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allow_user_poisoning=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

status=0
cases=""
for target in "$@"; do
  exe="$BUILD/bin/fuzz-$target"
  [ -x "$exe" ] || { echo "fuzz: no target $exe" >&2; exit 2; }
  work="$WORK/$target"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp fuzz/corpus/"$target"/* "$work/corpus/" 2>/dev/null || true
  dict=()
  [ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
  echo "== fuzz $target (${SECONDS_PER_TARGET} s)"
  rc=0
  # shellcheck disable=SC2086
  nice "$exe" "$work/corpus" "${dict[@]}" -max_total_time="$SECONDS_PER_TARGET" \
    -timeout=25 -rss_limit_mb=2560 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" ${TQ_FUZZ_ARGS:-} >"$work/log" 2>&1 || rc=$?
  # (-fork=N prints "#EXECS: ... corp: N ..." and no final stats.)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  [ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$work/log" | tail -1 | tr -d '#')
  corp=$(grep -o 'corp: [0-9][^ ]*' "$work/log" | tail -1 | cut -d' ' -f2)
  # (No `ls | head` under pipefail: a long listing dies of SIGPIPE.)
  artifacts=("$work"/artifacts/*)
  [ -e "${artifacts[0]}" ] || artifacts=()
  nfound=${#artifacts[@]}
  found="${artifacts[0]:-}"
  line="fuzz-$target: ${SECONDS_PER_TARGET} s, ${execs:-?} executions, corpus ${corp:-?}"
  if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
    status=1
    repro="$found"
    echo "$line: FOUND a problem (exit $rc, $nfound reproducer(s) in $work/artifacts)"
    # Each distinct message once (fork mode repeats them), then the first stack.
    grep -E "ERROR: |runtime error|Assertion|== tq fuzz finding" "$work/log" |
      sed 's/^==[0-9]*== *//' | sort | uniq -c | sort -rn | head -10 || true
    awk '/^    #[0-9]/ { p = 1; if (++n <= 25) print; next } p { exit }' "$work/log"
    echo "  reproducer: ${repro:-none written; see $work/log}"
    echo "  rerun it:   $exe ${repro:-}"
    cases+="<testcase classname=\"fuzz\" name=\"$target\"><failure message=\"reproducer: ${repro:-$work/log}\"/></testcase>"
  else
    echo "$line: no finding"
    cases+="<testcase classname=\"fuzz\" name=\"$target\"/>"
  fi
done
printf '<testsuite name="fuzz">%s</testsuite>\n' "$cases" > "$RESULTS"
exit $status
