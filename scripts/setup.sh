#!/usr/bin/env bash
# setup.sh — the README's first command: installs the project's JS and Python dependencies, builds the
# native core (Release, with tests and the `cdd` CLI) and the TypeScript packages, then runs `cdd demo`.
# System packages (compiler, cmake, zstd, lz4, highway, tbb, gtest, blake3) come from .ci/run or the README.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="${CDD_JOBS:-2}"  # CDD_CMAKE_ARGS: extra cmake -D options for the native configure
BUILD="${CDD_BUILD_DIR:-build/release}"

step() { printf '\n==> %s\n' "$*"; }

step "Python dependencies (numpy, pytest, zarr)"
python3 -m pip install --quiet --disable-pip-version-check numpy pytest zarr 2>/dev/null ||
  python3 -m pip install --quiet --disable-pip-version-check --break-system-packages numpy pytest zarr

step "Native core: configure and build ($BUILD, Release, -j$JOBS)"
cmake -S native -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCDD_BUILD_TESTS=ON -DCDD_BUILD_TOOLS=ON ${CDD_CMAKE_ARGS:-}
cmake --build "$BUILD" -j "$JOBS"

step "JavaScript dependencies and TypeScript packages"
pnpm install --frozen-lockfile
pnpm build

step "Demo: cdd demo"
"$BUILD/bin/cdd" demo
