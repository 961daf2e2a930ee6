#!/usr/bin/env bash
# test.sh — the README's second command: every test suite. ctest on the Release build of setup.sh, ctest
# again on an AddressSanitizer + UBSan build, the TypeScript packages' vitest suites, and the Python
# bridge's pytest suite against the Release libcdd. Run scripts/setup.sh first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="${CDD_JOBS:-2}"  # CDD_CMAKE_ARGS: extra cmake -D options for the native configure
BUILD="${CDD_BUILD_DIR:-build/release}"
ASAN_BUILD="${CDD_ASAN_BUILD_DIR:-build/asan}"

step() { printf '\n==> %s\n' "$*"; }

if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  echo "test.sh: no native build in $BUILD; run scripts/setup.sh first" >&2
  exit 1
fi

step "Native tests (Release)"
cmake --build "$BUILD" -j "$JOBS"
ctest --test-dir "$BUILD" --output-on-failure -j "$JOBS"

step "Native tests under AddressSanitizer + UndefinedBehaviorSanitizer ($ASAN_BUILD)"
cmake -S native -B "$ASAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCDD_SANITIZE=ON \
  -DCDD_BUILD_TESTS=ON -DCDD_BUILD_TOOLS=ON ${CDD_CMAKE_ARGS:-}
cmake --build "$ASAN_BUILD" -j "$JOBS"
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  ctest --test-dir "$ASAN_BUILD" --output-on-failure -j "$JOBS"

step "TypeScript tests (vitest)"
pnpm test

step "Python bridge tests (pytest)"
LIB="$(find "$ROOT/$BUILD" -maxdepth 2 \( -name 'libcdd.so' -o -name 'libcdd.dylib' \) | head -n 1)"
if [[ -z "$LIB" ]]; then
  echo "test.sh: libcdd shared library not found under $BUILD" >&2
  exit 1
fi
CDD_LIBRARY="$LIB" PYTHONPATH="$ROOT/packages/python-bridge/src" \
  python3 -m pytest -q -rs packages/python-bridge/tests

step "All tests passed"
