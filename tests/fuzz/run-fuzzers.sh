#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for SECONDS each, seeded from tests/fuzz/corpus/NAME (left unchanged).
# Usage: run-fuzzers.sh BUILD_DIR SECONDS. New inputs go to BUILD_DIR/corpus/NAME, crashes to BUILD_DIR/artifacts/.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BUILD_DIR SECONDS" >&2; exit 2; }
build=$1
seconds=$2
seeds=$(cd "$(dirname "$0")" && pwd)/corpus
mkdir -p "$build/artifacts"
status=0
for name in feed_validator minisign webvtt; do
  mkdir -p "$build/corpus/$name"
  echo "== fuzz_$name: ${seconds} s"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$build/fuzz_$name" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$name-" "$build/corpus/$name" "$seeds/$name" 2>"$build/fuzz_$name.log"; then
    echo "fuzz_$name FAILED: see $build/fuzz_$name.log and $build/artifacts/" >&2
    tail -30 "$build/fuzz_$name.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$build/fuzz_$name.log" | tail -2
  fi
done
exit $status
