#!/usr/bin/env bash
# The hyper-parameter search benchmark (../shared/bench/HPO.md), Kiln beside Optuna in one run:
#   kiln-bench/hpo.sh [--seeds 10] [--gp-seeds 5] [--samplers random,qmc,tpe,gp,cmaEs,genetic] [--keep DIR] [--quick]
# Needs: mvn -q package -DskipTests (Kiln), and ../shared/bench/py.sh (Python with Optuna 5.0) or $OPTUNA_PY.
# Prints a Markdown table (median regret over seeds after 100 and 50 trials, seconds per 100 trials).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py="${OPTUNA_PY:-$here/../../shared/bench/py.sh}"   # ../shared beside the repository root
[[ -x "$py" ]] || py=/work/shared/bench/py.sh
seeds=10; gp_seeds=5; samplers="random,qmc,tpe,gp,cmaEs,genetic"; keep=""; quick=()
while (($#)); do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --gp-seeds) gp_seeds="$2"; shift 2 ;;
    --samplers) samplers="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --quick) quick=(--quick); shift ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "hpo.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -x "$py" ]] || { echo "hpo.sh: no Python with Optuna at $py (set OPTUNA_PY)" >&2; exit 1; }
dir="${keep:-$(mktemp -d)}"; mkdir -p "$dir"
kiln="$dir/kiln.jsonl"; optuna="$dir/optuna.jsonl"; : > "$kiln"; : > "$optuna"
start="$(date -u +%Y-%m-%dT%H:%MZ)"; load0="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "hpo.sh: Kiln ..." >&2
"$here/bench.sh" --workload hpo --seeds "$seeds" --samplers "$samplers" "${quick[@]}" --out "$kiln" > /dev/null
trials=100; [[ ${#quick[@]} -gt 0 ]] && { trials=30; seeds=2; gp_seeds=2; }
echo "hpo.sh: Optuna ..." >&2
"$py" "$here/hpo_optuna.py" --seeds "$seeds" --gp-seeds "$gp_seeds" --trials "$trials" \
  --samplers "$(echo "$samplers" | tr '[:upper:]' '[:lower:]')" --out "$optuna" > /dev/null
echo "Kiln beside Optuna, $start to $(date -u +%H:%MZ), load average $load0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; records in $dir"
echo
"$py" "$here/hpo_optuna.py" --table "$kiln" "$optuna"
