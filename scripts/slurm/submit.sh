#!/usr/bin/env bash
# Submits a sharded tq-sweep to Slurm: an array job of N shards
# (sweep.sbatch) and a merge job that runs once all of them succeeded
# (merge.sbatch, --dependency=afterok; cancelled if a shard fails). Prints
# the two job ids. docs/sweep.md, "On a Slurm cluster".
#
#   scripts/slurm/submit.sh N PARTS OUT.csv TQ-SWEEP-ARGS...
#
# Extra sbatch options (partition, account, time, CPUs per shard) go in
# TQ_SBATCH_OPTS, e.g. TQ_SBATCH_OPTS="--partition=cpu --time=2:00:00
# --cpus-per-task=4". TQ_SWEEP names the tq-sweep binary.
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: $0 N PARTS OUT.csv TQ-SWEEP-ARGS..." >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
shards=$1 parts=$2 out=$3
shift 3
case "$shards" in
  '' | *[!0-9]* | 0) echo "submit.sh: N must be a positive integer, got '$shards'" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086 # TQ_SBATCH_OPTS is a list of options
array=$(sbatch --parsable ${TQ_SBATCH_OPTS:-} --array="1-$shards" \
  "$here/sweep.sbatch" "$shards" "$parts" "$@")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${TQ_SBATCH_OPTS:-} --dependency="afterok:$array" \
  --kill-on-invalid-dep=yes "$here/merge.sbatch" "$parts" "$out")
merge=${merge%%;*}
echo "submit.sh: shards: job $array (tasks 1-$shards), merge: job $merge -> $out"
echo "submit.sh: a failed shard K: sbatch --array=K $here/sweep.sbatch $shards $parts ...; then sbatch $here/merge.sbatch $parts $out"
echo "$array $merge"
