#!/usr/bin/env bash
# run_codec_bench.sh — builds cdd_bench_codecs (Release, -DCDD_BUILD_BENCH=ON) in build/bench and runs it.
# Usage: native/bench/run_codec_bench.sh [--quick] [--update-docs] [--regime R] [--data BOOK.npy]
#   --quick        a short run (one target, 4 KiB chunks)
#   --update-docs  rewrite the "## Codecs" section of docs/BENCHMARKS.md with the results
#   --regime R     the generator regime (calm, normal (default), busy, trending, gappy, stress, legacy)
#   --data F       a real (N, 50, 3) order book .npy instead of the generator
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${CDD_BENCH_BUILD_DIR:-$ROOT/build/bench}"
ARGS=()
UPDATE=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) ARGS+=(--quick) ;;
    --update-docs) UPDATE=1 ;;
    --regime|--data)
      [[ $# -ge 2 ]] || { echo "$0: $1 needs a value" >&2; exit 2; }
      ARGS+=("$1" "$2"); shift ;;
    *) echo "usage: $0 [--quick] [--update-docs] [--regime R] [--data BOOK.npy]" >&2; exit 2 ;;
  esac
  shift
done

cmake -S "$ROOT/native" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCDD_BUILD_BENCH=ON \
  -DCDD_BUILD_TESTS=OFF -DCDD_BUILD_TOOLS=OFF >/dev/null
cmake --build "$BUILD" --target cdd_bench_codecs -j "${CDD_JOBS:-2}"

if [[ "$UPDATE" == 1 ]]; then
  "$BUILD/cdd_bench_codecs" "${ARGS[@]}" --markdown | tee /dev/stderr |
    python3 "$ROOT/native/bench/update_benchmarks_md.py" "$ROOT/docs/BENCHMARKS.md"
else
  "$BUILD/cdd_bench_codecs" "${ARGS[@]}"
fi
