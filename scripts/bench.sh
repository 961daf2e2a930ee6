#!/usr/bin/env bash
# bench.sh — `pnpm bench`: every benchmark, side by side, each writing its section of docs/BENCHMARKS.md:
# the native codec bench (native/bench), the TypeScript reader vs the core (packages/codec-native), and
# CDD vs zarr / blosc2 / TensorStore through Python (`python -m cdd bench`). Not part of the test command.
# Run scripts/setup.sh first. Pass --quick for a short run of each.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILD="${CDD_BUILD_DIR:-build/release}"
PY_ARGS=(--docs docs)
NATIVE_ARGS=(--update-docs)
# --quick: short runs that print their results and leave docs/BENCHMARKS.md as it is.
for arg in "$@"; do
  case "$arg" in
    --quick) NATIVE_ARGS=(--quick); PY_ARGS=(--rows 100000 --seconds 0.5) ;;
    --) ;;  # `pnpm bench -- --quick` may pass the separator through
    *) echo "usage: scripts/bench.sh [--quick]" >&2; exit 2 ;;
  esac
done

step() { printf '\n==> %s\n' "$*"; }

step "Native codec benchmark (native/bench)"
native/bench/run_codec_bench.sh "${NATIVE_ARGS[@]}"

step "TypeScript reader vs the core (packages/codec-native)"
pnpm run bench:ts

python3 -c 'import blosc2, tensorstore, matplotlib' 2>/dev/null ||
  echo "bench.sh: for the full comparison: python3 -m pip install blosc2 tensorstore matplotlib" >&2
step "Python: CDD vs zarr, blosc2, TensorStore (python -m cdd bench)"
LIB="$(find "$ROOT/$BUILD" -maxdepth 2 \( -name 'libcdd.so' -o -name 'libcdd.dylib' \) | head -n 1)"
if [[ -z "$LIB" ]]; then
  echo "bench.sh: libcdd shared library not found under $BUILD; run scripts/setup.sh first" >&2
  exit 1
fi
CDD_LIBRARY="$LIB" PYTHONPATH="$ROOT/packages/python-bridge/src" \
  python3 -m cdd bench "${PY_ARGS[@]}"
