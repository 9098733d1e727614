#!/usr/bin/env bash
# The sharded sweep on a real Slurm: starts a one-node cluster on this
# machine (local-cluster.sh: munged, slurmctld and slurmd, configured in a
# temporary directory, stopped at the end), submits the array job and the
# merge job (submit.sh), waits, and compares the merged CSV with the
# single-machine run's byte for byte. Then a shard that dies: the merge job
# is cancelled, `tq-sweep merge` names the missing shard, `sbatch --array=K`
# runs it alone, and the merge gives the same CSV again.
#
#   scripts/slurm/check.sh [BUILD [RESULTS.xml]]
#
# Writes a JUnit file (default BUILD/slurm-results.xml) for
# scripts/summary.py. Where the daemons cannot start (no slurm-wlm or
# munge, not root), the test is skipped with the reason; exits 0 then.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD" # (the script changes into its work folder below)
BUILD="$(cd "${1:-build}" && pwd)"
RESULTS="${2:-$BUILD/slurm-results.xml}"
# Absolute: the script changes into its work folder below.
RESULTS="$(cd "$(dirname "$RESULTS")" && pwd)/$(basename "$RESULTS")"
export TQ_SWEEP="$BUILD/bin/tq-sweep"
WORK="$(mktemp -d /tmp/tq-slurm.XXXXXX)"
started=0
start_time=$(date +%s)

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' | tr '\n' ' '; }
result() { # STATUS MESSAGE: passed, failed or skipped
  local secs=$(( $(date +%s) - start_time )) msg
  msg="$(printf '%s' "$2" | xml_escape)"
  case "$1" in
    passed) body="" ;;
    failed) body="<failure message=\"$msg\"/>" ;;
    skipped) body="<skipped message=\"$msg\"/>" ;;
  esac
  printf '<testsuite name="slurm"><testcase classname="slurm" name="sharded-sweep" time="%s">%s</testcase></testsuite>\n' \
    "$secs" "$body" > "$RESULTS"
  echo "slurm: $1${2:+: $2}"
}
# Stops the daemons (an absolute path: the cleanup runs in $WORK; a relative
# one left munged, slurmctld and slurmd running after every check).
stop_cluster() {
  [ $started = 1 ] && "$ROOT/scripts/slurm/local-cluster.sh" stop "$WORK/cluster" >/dev/null 2>&1
  started=0
}
cleanup() {
  stop_cluster
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { result failed "$1"; exit 1; }

if ! out=$(scripts/slurm/local-cluster.sh start "$WORK/cluster" 2>&1); then
  if [ $? = 77 ] || grep -q "cannot start" <<<"$out"; then
    result skipped "$(tail -1 <<<"$out")"
    exit 0
  fi
  fail "local-cluster.sh: $out"
fi
started=1
export SLURM_CONF="$WORK/cluster/slurm.conf"

D="$PWD/examples/digits"
ARGS=("$D/model.mlir" -i "$D/test_x.npy" --labels "$D/test_y.npy"
      --configs "$PWD/test/Tools/tq-sweep/Inputs/shard-sweep.json")
"$TQ_SWEEP" "${ARGS[@]}" --csv "$WORK/single.csv" >/dev/null 2>"$WORK/single.err" ||
  fail "the single-machine sweep failed: $(cat "$WORK/single.err")"

# Waits until the jobs have left the queue (at most 300 s).
wait_jobs() {
  for _ in $(seq 600); do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
    sleep 0.5
  done
  fail "jobs $1 still queued after 300 s: $(squeue -j "$1" 2>&1)"
}

# 1. Three shards of the configurations, two sample parts: six array tasks.
cd "$WORK" || fail "no $WORK"
ids=$(TQ_SBATCH_OPTS="--chdir=$WORK" "$OLDPWD/scripts/slurm/submit.sh" 6 "$WORK/parts" "$WORK/merged.csv" \
      "${ARGS[@]}" --sample-parts 2 2>&1) || fail "submit.sh: $ids"
read -r array merge <<<"$(tail -1 <<<"$ids")"
wait_jobs "$array,$merge"
[ -f "$WORK/merged.csv" ] ||
  fail "no merged CSV; merge job output: $(cat "$WORK"/tq-sweep-merge-*.out 2>/dev/null) shard outputs: $(tail -n 3 "$WORK"/tq-sweep-*_*.out 2>/dev/null)"
cmp -s "$WORK/single.csv" "$WORK/merged.csv" || fail "the merged CSV differs from the single-machine CSV"

# 2. Shard 2 of 3 dies: the merge job is cancelled and writes nothing.
cat > "$WORK/dies.sh" <<EOS
#!/usr/bin/env bash
[ "\$SLURM_ARRAY_TASK_ID" = 2 ] && { echo "shard 2: killed" >&2; exit 1; }
exec "$TQ_SWEEP" "\$@"
EOS
chmod +x "$WORK/dies.sh"
ids=$(TQ_SWEEP="$WORK/dies.sh" TQ_SBATCH_OPTS="--chdir=$WORK" "$OLDPWD/scripts/slurm/submit.sh" 3 "$WORK/parts3" \
      "$WORK/merged3.csv" "${ARGS[@]}" 2>&1) || fail "submit.sh: $ids"
read -r array merge <<<"$(tail -1 <<<"$ids")"
wait_jobs "$array,$merge"
[ -e "$WORK/merged3.csv" ] && fail "the merge ran although shard 2 failed"
ls "$WORK/parts3" | grep -qx "shard-2.csv" && fail "the failed shard left a partial file"
msg=$("$TQ_SWEEP" merge "$WORK"/parts3/shard-*.csv -o "$WORK/merged3.csv" 2>&1) &&
  fail "tq-sweep merge accepted two of three shards"
grep -q "shard 2 of 3 is missing" <<<"$msg" || fail "unexpected merge error: $msg"
[ -e "$WORK/merged3.csv" ] && fail "the refused merge wrote its output"
# ... run again alone, then merged.
rerun=$(sbatch --parsable --chdir="$WORK" --array=2 "$OLDPWD/scripts/slurm/sweep.sbatch" 3 "$WORK/parts3" \
        "${ARGS[@]}" 2>&1) || fail "sbatch --array=2: $rerun"
wait_jobs "${rerun%%;*}"
"$TQ_SWEEP" merge "$WORK"/parts3/shard-*.csv -o "$WORK/merged3.csv" >/dev/null 2>&1 ||
  fail "the merge after the re-run failed"
cmp -s "$WORK/single.csv" "$WORK/merged3.csv" || fail "the re-run's merged CSV differs from the single-machine CSV"
# 3. Nothing outlives the cluster.
stop_cluster
left=$(pgrep -af -- "$WORK/cluster" | grep -v -e "^$$ " || true)
[ -z "$left" ] || fail "daemons still running after local-cluster.sh stop: $left"
result passed ""
