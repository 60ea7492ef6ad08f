#!/usr/bin/env bash
# Runs Kiln's and PyTorch's figures for the given workloads in one run and prints a side-by-side
# Markdown table with the ratio Kiln/PyTorch (a time ratio for W2/W3/W4/W6, a throughput ratio for W1/W5).
#   kiln-bench/compare.sh [--threads N] [--quick] [--sizes 64,256,1024] [--keep DIR] W4 W5 ...
# Needs: mvn -q package -DskipTests (Kiln), and PyTorch through $TORCH_SH
# (default /work/shared/bench/torch.sh, which installs Debian's python3-torch on first use).
# Per workload Kiln runs first, then PyTorch, so that the two figures of a row are minutes apart at most.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
torch_sh="${TORCH_SH:-/work/shared/bench/torch.sh}"
threads=2; quick=(); sizes=(); keep=""; workloads=()
while (($#)); do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --quick) quick=(--quick); shift ;;
    --sizes) sizes=(--sizes "$2"); shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) workloads+=("$(echo "$1" | tr '[:upper:]' '[:lower:]')"); shift ;;
  esac
done
((${#workloads[@]})) || { echo "compare.sh: name at least one workload (W1 … W6)" >&2; exit 2; }
dir="${keep:-$(mktemp -d)}"; mkdir -p "$dir"
kiln="$dir/kiln.jsonl"; torch="$dir/torch.jsonl"; : > "$kiln"; : > "$torch"
for w in "${workloads[@]}"; do
  echo "compare.sh: $w: Kiln ..." >&2
  "$here/bench.sh" --workload "$w" --threads "$threads" "${quick[@]}" "${sizes[@]}" --out "$kiln" > /dev/null
  echo "compare.sh: $w: PyTorch ..." >&2
  "$torch_sh" "$w" --threads "$threads" "${quick[@]}" "${sizes[@]}" --out "$torch" > /dev/null
done
echo "Kiln/PyTorch, $threads threads, $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg); records in $dir"
echo
"$here/bench.sh" --compare "$kiln" "$torch"
