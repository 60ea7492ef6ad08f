#!/usr/bin/env bash
# Runs Kiln's side of the benchmark workloads (WORKLOADS.md); one JSON record per line on stdout.
#   kiln-bench/bench.sh --workload W4,W5 --threads 2 [--out kiln.jsonl] [--quick] [--sizes 256,1024]
# Needs a build: mvn -q package -DskipTests (from the repository root).
# JVM options for the bench (override with KILN_BENCH_JVM_OPTS): a fixed, pre-touched heap with a large
# young generation, so that big out-of-place results are allocated in already-mapped memory and die young.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

java_version() { "$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}' | cut -d. -f1; }
find_java() {
  local candidates=()
  [[ -n "${KILN_JAVA:-}" ]] && candidates+=("$KILN_JAVA")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  for d in /usr/lib/jvm/*25* /usr/lib/jvm/*-2[5-9]* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [[ -x "$d/bin/java" ]] && candidates+=("$d/bin/java")
  done
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for j in "${candidates[@]}"; do
    local v; v="$(java_version "$j" 2>/dev/null || true)"
    if [[ "$v" =~ ^[0-9]+$ ]] && (( v >= 25 )); then echo "$j"; return 0; fi
  done
  return 1
}
JAVA="$(find_java)" || { echo "bench.sh: Java 25 or newer is required (set JAVA_HOME or KILN_JAVA)" >&2; exit 1; }

jar="$here/target/kiln-bench-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$jar" || ! -d "$here/target/lib" ]]; then
  echo "bench.sh: not built; run 'mvn -q package -DskipTests' in $(dirname "$here") first" >&2
  exit 1
fi
# W8 alone (ResNet-18 training, as compare.sh runs it) gets a fixed, pre-touched 640 MB heap with a 96 MB
# young generation: its activations come back to the step's Workspace, so a step allocates ~46 MB and the
# live set (parameters, gradients, momentum, the reused activation arrays: ~455 MB) sits in the old
# generation; peak RSS 0.74 GB against PyTorch 1.13's 0.83 GB, at the 3 GB heap's step time within noise
# (alternated rounds; without -Xms/pre-touch the same heap was up to 10-20% slower). See docs/benchmarks.md,
# "Session 8, helper mem". The other workloads keep the 2 GB young generation: W5's 64 MB out-of-place
# results would not fit a small one.
default_opts="-XX:+UseParallelGC -Xms3g -Xmx3g -Xmn2g -XX:+AlwaysPreTouch"
args=("$@")
for ((i = 0; i + 1 < ${#args[@]}; i++)); do
  [[ "${args[$i]}" == --workload && "${args[$((i + 1))],,}" == w8 ]] && default_opts="-XX:+UseParallelGC -Xms640m -Xmx640m -Xmn96m -XX:+AlwaysPreTouch"
done
opts=${KILN_BENCH_JVM_OPTS:-$default_opts}
# shellcheck disable=SC2086
exec "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED $opts \
  -cp "$jar:$here/target/lib/*" dev.kiln.bench.Bench "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&2)
