#!/usr/bin/env bash
# bench.sh — `pnpm bench`: every benchmark, side by side, each writing its section of docs/BENCHMARKS.md:
# the native codec bench (native/bench), the TypeScript reader vs the core (packages/codec-native), and
# CDD vs zarr / blosc2 / TensorStore through Python (`python -m cdd bench`). Not part of the test command.
# Run scripts/setup.sh first. Pass --quick for a short run of each; --regime R (a generator regime:
# calm, normal, busy, trending, gappy, stress, legacy; the Python bench also takes a comma list or `all`,
# its default here) and --data BOOK.npy (a real (N, 50, 3) order book) go to every benchmark. blosc2,
# tensorstore and matplotlib are optional (python3 -m pip install blosc2 tensorstore matplotlib): the
# Python bench skips a library that is not installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILD="${CDD_BUILD_DIR:-build/release}"
PY_ARGS=(--docs docs --rows 200000 --seconds 0.5)
NATIVE_ARGS=(--update-docs)
TS_ENV=()
REGIME="all"
DATA=""
# --quick: short runs that print their results and leave docs/BENCHMARKS.md as it is.
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) NATIVE_ARGS=(--quick); PY_ARGS=(--rows 100000 --seconds 0.5); REGIME="normal" ;;
    --regime|--data)
      [[ $# -ge 2 ]] || { echo "scripts/bench.sh: $1 needs a value" >&2; exit 2; }
      if [[ "$1" == --regime ]]; then REGIME="$2"; else DATA="$2"; fi
      shift ;;
    --) ;;  # `pnpm bench -- --quick` may pass the separator through
    *) echo "usage: scripts/bench.sh [--quick] [--regime R] [--data BOOK.npy]" >&2; exit 2 ;;
  esac
  shift
done
PY_ARGS+=(--regime "$REGIME")
if [[ -n "$DATA" ]]; then
  PY_ARGS+=(--data "$DATA")
  NATIVE_ARGS+=(--data "$DATA")
  # The TS bench reads a float16 book; it runs on the generator unless the file is one.
  python3 -c 'import numpy as np, sys; a = np.load(sys.argv[1], mmap_mode="r"); sys.exit(a.dtype != np.float16)' "$DATA" &&
    TS_ENV+=(CDD_BENCH_DATA="$(realpath "$DATA")")
fi
if [[ "$REGIME" != *,* && "$REGIME" != all ]]; then
  NATIVE_ARGS+=(--regime "$REGIME")
  TS_ENV+=(CDD_BENCH_REGIME="$REGIME")
fi

step() { printf '\n==> %s\n' "$*"; }

step "Native codec benchmark (native/bench)"
native/bench/run_codec_bench.sh "${NATIVE_ARGS[@]}"

step "TypeScript reader vs the core (packages/codec-native)"
env "${TS_ENV[@]}" pnpm run bench:ts

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
