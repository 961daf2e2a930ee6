#!/usr/bin/env bash
# run_codec_bench.sh — builds cdd_bench_codecs (Release, -DCDD_BUILD_BENCH=ON) in build/bench and runs it.
# Usage: native/bench/run_codec_bench.sh [--quick] [--update-docs]
#   --quick        a short run (one target, 4 KiB chunks)
#   --update-docs  rewrite the "## Codecs" section of docs/BENCHMARKS.md with the results
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${CDD_BENCH_BUILD_DIR:-$ROOT/build/bench}"
QUICK=()
UPDATE=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=(--quick) ;;
    --update-docs) UPDATE=1 ;;
    *) echo "usage: $0 [--quick] [--update-docs]" >&2; exit 2 ;;
  esac
done

cmake -S "$ROOT/native" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCDD_BUILD_BENCH=ON \
  -DCDD_BUILD_TESTS=OFF -DCDD_BUILD_TOOLS=OFF >/dev/null
cmake --build "$BUILD" --target cdd_bench_codecs -j "${CDD_JOBS:-2}"

if [[ "$UPDATE" == 1 ]]; then
  "$BUILD/cdd_bench_codecs" "${QUICK[@]}" --markdown | tee /dev/stderr |
    python3 "$ROOT/native/bench/update_benchmarks_md.py" "$ROOT/docs/BENCHMARKS.md"
else
  "$BUILD/cdd_bench_codecs" "${QUICK[@]}"
fi
