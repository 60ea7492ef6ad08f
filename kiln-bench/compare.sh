#!/usr/bin/env bash
# Runs Kiln's and PyTorch's figures for the given workloads in one run and prints a side-by-side
# Markdown table with the ratio Kiln/PyTorch (a time ratio for W2/W3/W4/W6–W9, a throughput ratio for W1/W5).
#   kiln-bench/compare.sh [--threads N] [--rounds R] [--quick] [--sizes 64,256,1024] [--keep DIR] W4 W5 ...
# Needs: mvn -q package -DskipTests (Kiln), and PyTorch through $TORCH_SH
# (default /work/shared/bench/torch.sh, which installs Debian's python3-torch on first use) and, as a
# second PyTorch side with its own table, $TORCH2_SH (default /work/shared/bench/torch2.sh: PyTorch 2.14
# with MKL and oneDNN; set TORCH2_SH= to skip it).
# Per workload Kiln runs first, then PyTorch, so that the two figures of a row are minutes apart at most;
# with --rounds R the whole sequence is repeated R times and each side's best round counts (a shared,
# noisy machine only ever slows a run down). The table also gives the ratio of the best repetitions.
# Each side's peak resident memory (the whole process: JVM or Python, one process per workload and round)
# is measured with GNU time (/usr/bin/time, when installed) and listed in a last table.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
torch_sh="${TORCH_SH:-/work/shared/bench/torch.sh}"
torch2_sh="${TORCH2_SH-/work/shared/bench/torch2.sh}"
threads=2; rounds=1; quick=(); sizes=(); keep=""; workloads=()
while (($#)); do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --quick) quick=(--quick); shift ;;
    --sizes) sizes=(--sizes "$2"); shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) workloads+=("$(echo "$1" | tr '[:upper:]' '[:lower:]')"); shift ;;
  esac
done
((${#workloads[@]})) || { echo "compare.sh: name at least one workload (W1 … W9)" >&2; exit 2; }
dir="${keep:-$(mktemp -d)}"; mkdir -p "$dir"
kiln="$dir/kiln.jsonl"; torch="$dir/torch.jsonl"; torch2="$dir/torch2.jsonl"; : > "$kiln"; : > "$torch"; : > "$torch2"
start="$(date -u +%Y-%m-%dT%H:%MZ)"; load0="$(cut -d' ' -f1-3 /proc/loadavg)"
# peak RSS: "<side> <workload> <kB>" lines in $dir/rss.txt (GNU time's %M)
rss="$dir/rss.txt"; : > "$rss"
measured() { # measured SIDE WORKLOAD COMMAND...: runs COMMAND, noting its peak RSS when GNU time is there
  local side="$1" w="$2"; shift 2
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "$side $w %M" -a -o "$rss" "$@"
  else
    "$@"
  fi
}
for ((r = 1; r <= rounds; r++)); do
  for w in "${workloads[@]}"; do
    echo "compare.sh: round $r/$rounds, $w: Kiln ..." >&2
    measured kiln "$w" "$here/bench.sh" --workload "$w" --threads "$threads" "${quick[@]}" "${sizes[@]}" --out "$kiln" > /dev/null
    echo "compare.sh: round $r/$rounds, $w: PyTorch ..." >&2
    measured torch "$w" "$torch_sh" "$w" --threads "$threads" "${quick[@]}" "${sizes[@]}" --out "$torch" > /dev/null
    if [ -n "$torch2_sh" ]; then
      echo "compare.sh: round $r/$rounds, $w: PyTorch (second stack) ..." >&2
      measured torch2 "$w" "$torch2_sh" "$w" --threads "$threads" "${quick[@]}" "${sizes[@]}" --out "$torch2" > /dev/null
    fi
  done
done
echo "Kiln/PyTorch, $threads threads, $rounds round(s), $start to $(date -u +%H:%MZ), load average $load0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; records in $dir"
echo
echo "### Kiln / PyTorch ($torch_sh)"
echo
"$here/bench.sh" --compare "$kiln" "$torch"
if [ -n "$torch2_sh" ]; then
  echo
  echo "### Kiln / PyTorch ($torch2_sh)"
  echo
  "$here/bench.sh" --compare "$kiln" "$torch2"
fi
if [ -s "$rss" ]; then
  echo
  echo "### Peak resident memory (GNU time's maximum RSS of each process, MB, least–most over the rounds)"
  echo
  awk -v t2="$torch2_sh" '
    NF == 3 && $3 ~ /^[0-9]+$/ {
      k = $1 " " $2; v = $3 / 1024
      if (!(k in lo) || v < lo[k]) lo[k] = v
      if (!(k in hi) || v > hi[k]) hi[k] = v
      if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 }
    }
    function cell(k) { return (k in lo) ? (lo[k] == hi[k] ? sprintf("%.0f", lo[k]) : sprintf("%.0f–%.0f", lo[k], hi[k])) : "–" }
    END {
      printf "| workload | Kiln | PyTorch (torch.sh) |%s\n", t2 != "" ? " PyTorch (torch2.sh) |" : ""
      printf "| --- | ---: | ---: |%s\n", t2 != "" ? " ---: |" : ""
      for (i = 1; i <= n; i++) {
        w = order[i]
        printf "| %s | %s | %s |%s\n", toupper(w), cell("kiln " w), cell("torch " w), t2 != "" ? " " cell("torch2 " w) " |" : ""
      }
    }' "$rss"
fi
