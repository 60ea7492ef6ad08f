#!/usr/bin/env bash
# MNIST-10k accuracy and epoch time, Kiln (`kiln train`) and PyTorch (mnist_torch.py) in one run.
#   kiln-bench/mnist/compare.sh [--batch-size 32] [--epochs 10] [--threads 2] [mlp lenet]
# PyTorch comes from Debian's python3-torch as /work/shared/bench/torch.sh installs it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${KILN_MNIST_DIR:-$root/kiln-core/src/main/resources/dev/kiln/data}"
batch=32; epochs=10; threads=2; models=()
while (($#)); do
  case "$1" in
    --batch-size) batch="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) models+=("$1"); shift ;;
  esac
done
((${#models[@]})) || models=(mlp lenet)
out="$(mktemp -d)"
echo "| model | library | batch | test accuracy | median epoch time (s, epochs 2-$epochs) |"
echo "| --- | --- | --- | --- | --- |"
for m in "${models[@]}"; do
  "$root/kiln" train --model "$m" --batch-size "$batch" --epochs "$epochs" --out "$out/kiln-$m" > "$out/kiln-$m.log" 2>&1
  acc="$(grep '^test accuracy' "$out/kiln-$m.log" | awk '{print $3}')"
  secs="$(python3 -c 'import csv,statistics,sys; r=list(csv.DictReader(open(sys.argv[1])))[1:]; print("%.2f" % statistics.median(float(x["seconds"]) for x in r))' "$out/kiln-$m/metrics.csv")"
  echo "| $m | Kiln | $batch | $acc | $secs |"
  core=; grep -q avx512f /proc/cpuinfo && core=SkylakeX
  env LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp ${core:+OPENBLAS_CORETYPE=$core} OMP_NUM_THREADS=$threads \
    OPENBLAS_NUM_THREADS=$threads /usr/bin/python3 "$here/mnist_torch.py" --model "$m" --batch-size "$batch" --epochs "$epochs" \
    --threads "$threads" --data "$data" > "$out/torch-$m.jsonl"
  python3 - "$out/torch-$m.jsonl" "$m" "$batch" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ep = [r["seconds"] for r in rows if "epoch" in r and r["epoch"] > 1]
acc = rows[-1]["test_accuracy"] * 100
import statistics
print(f"| {sys.argv[2]} | PyTorch 1.13 | {sys.argv[3]} | {acc:.2f}% | {statistics.median(ep):.2f} |")
PY
done
echo
echo "logs in $out"
