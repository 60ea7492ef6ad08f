#!/usr/bin/env bash
# CI: the `kiln` launcher's heap for a run folder's model, and the launcher with and without its warm-start cache (the AOT cache of docs/benchmarks.md,
# "Warm start"): a run without the cache, the one-time recording, runs that use it, and runs with a
# stale and with a broken cache, which must still work (the JVM ignores a cache that does not fit and
# the launcher records a new one when the jars are newer). Run after the launcher has built Kiln.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
aot=kiln-cli/target/aot
fail() { echo "launcher: $*" >&2; exit 1; }
# kiln ARGS...: runs the launcher, output in $tmp/out and $tmp/err; fails the test if the command fails
kiln() { ./kiln "$@" > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err" >&2; fail "'kiln $*' failed"; }; }
accuracy() { grep -o 'test accuracy: [0-9.]*%' "$tmp/out" | tail -n 1; }

# the heap follows the model of a run folder named on the command line (evaluate, predict, --resume)
heap() { mkdir -p "$tmp/$1" && echo "{\"model\": \"$1\", \"data\": \"iris\"}" > "$tmp/$1/run.json"
         { KILN_AOT=0 KILN_PRINT_HEAP=1 ./kiln "$2" "$tmp/$1" 2>&1 >/dev/null || true; } | sed -n 's/^kiln: heap -Xmx\([0-9]*\)m$/\1/p'; }
small="$(heap mlp evaluate)"; large="$(heap resnet18 evaluate)"
[[ -n "$small" && -n "$large" ]] && (( large > small )) || fail "evaluate of a resnet18 run should get a larger heap than of an MLP run: $large vs $small MB"
[[ "$(heap vgg predict)" == "$large" ]] || fail "predict of a vgg run should get the large heap"

rm -rf "$aot"
KILN_AOT=0 KILN_PRINT_AOT=1 kiln train --data iris --epochs 3 --out "$tmp/plain"
grep -q '^kiln: warm-start cache: none$' "$tmp/err" || fail "KILN_AOT=0 should run without a cache: $(cat "$tmp/err")"
[[ ! -e "$aot" ]] || fail "KILN_AOT=0 should record no cache"
without="$(accuracy)"

KILN_PRINT_AOT=1 kiln train --data iris --epochs 3 --out "$tmp/first"
grep -q '^kiln: recording a warm-start cache' "$tmp/err" || fail "the first train should record the cache: $(cat "$tmp/err")"
cache="$PWD/$(ls "$aot"/kiln-*.aot)" || fail "no cache in $aot"
grep -q "^kiln: warm-start cache: $cache\$" "$tmp/err" || fail "the cache should be used once recorded: $(cat "$tmp/err")"
[[ "$(accuracy)" == "$without" ]] || fail "with the cache: $(accuracy), without: $without (the cache changes speed, not results)"
[[ -z "$(ls -d "$aot"/record.* 2>/dev/null)" ]] || fail "the recording left its temporary folder"

KILN_PRINT_AOT=1 kiln evaluate "$tmp/first"
grep -q '^kiln: recording' "$tmp/err" && fail "a fresh cache should not be recorded again"
grep -q "^kiln: warm-start cache: $cache\$" "$tmp/err" || fail "evaluate should use the cache: $(cat "$tmp/err")"

# stale: older than the jars, so the next train records it again
touch -d '2000-01-01' "$cache"
kiln train --data iris --epochs 3 --out "$tmp/stale"
grep -q '^kiln: recording a warm-start cache' "$tmp/err" || fail "a stale cache should be recorded again"
[[ "$cache" -nt kiln-cli/target/kiln-cli-0.1.0-SNAPSHOT.jar ]] || fail "the cache was not renewed"

# broken (truncated, yet newer than the jars): used, refused by the JVM without a word, and the run works
head -c 4096 "$cache" > "$tmp/broken" && cat "$tmp/broken" > "$cache"
KILN_PRINT_AOT=1 kiln train --data iris --epochs 3 --out "$tmp/broken-run"
[[ "$(accuracy)" == "$without" ]] || fail "with a broken cache: $(accuracy), without: $without"
grep -v -e '^kiln: warm-start cache: ' -e '^epoch ' "$tmp/err" | grep -q . && fail "a broken cache should make no noise: $(cat "$tmp/err")"
rm -rf "$aot"
echo "launcher: ok" >&2
