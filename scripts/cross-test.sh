#!/usr/bin/env bash
# cross-test.sh — builds libcdd, its test suite and the `cdd` CLI for the other platforms users run and
# runs them here, on Linux x64:
#   arm64: Debian's aarch64 cross GCC and ":arm64" dev packages; ctest under qemu-user, once with
#          -cpu max (NEON, SVE, SVE2 dispatched) and once with -cpu cortex-a53 (NEON only);
#   mingw: Windows x64 with Debian's MinGW-w64 GCC; zstd, lz4, Highway and GoogleTest built from Debian's
#          source packages / sources; ctest, a C program over cdd.dll and the CLI under wine64.
# On each: the whole ctest suite (spec/vectors conformance included), `cdd demo --rows 20000`, and
# `cdd write-vectors` into a scratch folder compared byte for byte with spec/vectors.
# Installs the Debian packages it needs (as root or through sudo); run by .ci/run after the main tests.
#
# Usage: scripts/cross-test.sh [arm64|mingw|all]      (default: all)
# Environment: CDD_JOBS (default 2), CDD_CMAKE_ARGS (extra configure args, e.g. ccache launchers),
#   CDD_CROSS_CLEAN=1 (remove build/cross-* first), CDD_CROSS_SKIP_APT=1 (packages already installed),
#   CDD_APT_LOCK=<file> (serialize apt-get with flock on a shared machine).
# Build folders: build/cross-arm64, build/cross-mingw (libcdd), build/cross-mingw-deps (sources, builds
# and install prefix of the MinGW dependencies), build/cross-wine (the wine prefix).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="${CDD_JOBS:-2}"
WHAT="${1:-all}"
case "$WHAT" in
  arm64|mingw|all) ;;
  *) echo "usage: scripts/cross-test.sh [arm64|mingw|all]" >&2; exit 2 ;;
esac
want() { [[ "$WHAT" == all || "$WHAT" == "$1" ]]; }

export DEBIAN_FRONTEND=noninteractive
SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then SUDO=(sudo); fi
APT=("${SUDO[@]}" apt-get)
if [[ -n "${CDD_APT_LOCK:-}" ]]; then APT=("${SUDO[@]}" flock "$CDD_APT_LOCK" apt-get); fi
read -r -a CMAKE_EXTRA <<< "${CDD_CMAKE_ARGS:-}"

ARM64_BUILD="$ROOT/build/cross-arm64"
MINGW_BUILD="$ROOT/build/cross-mingw"
MINGW_DEPS="$ROOT/build/cross-mingw-deps"
MINGW_PREFIX="$MINGW_DEPS/prefix"
WINE_PREFIX_DIR="$ROOT/build/cross-wine"
ARM64_TOOLCHAIN="$ROOT/native/cmake/toolchains/aarch64-linux-gnu.cmake"
MINGW_TOOLCHAIN="$ROOT/native/cmake/toolchains/x86_64-w64-mingw32.cmake"
WINE_RUN="$ROOT/native/cmake/toolchains/wine-run.sh"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/cdd-cross.XXXXXX")"

# --- phases and their times --------------------------------------------------------------------------
PHASES=()
START_ALL=$SECONDS
WINESERVER_STARTED=0
summary() {
  local rc=$?
  if [[ $WINESERVER_STARTED -eq 1 ]]; then wineserver -k 2>/dev/null || true; fi
  rm -rf "$SCRATCH"
  printf '\n==> cross-test.sh %s: phase times\n' "$WHAT"
  for p in "${PHASES[@]}"; do echo "    $p"; done
  printf '    %-52s %5d s\n' "total" "$((SECONDS - START_ALL))"
  if [[ $rc -ne 0 ]]; then echo "==> cross-test.sh $WHAT FAILED (exit $rc)" >&2; fi
}
trap summary EXIT
step() { printf '\n==> %s\n' "$*"; }
phase() {  # phase NAME command...: runs it, records its wall time
  local name="$1" t0=$SECONDS
  shift
  step "$name"
  "$@"
  PHASES+=("$(printf '%-52s %5d s' "$name" "$((SECONDS - t0))")")
}
# Runs a noisy command with its output in a log; prints the log's tail if it fails.
quiet() {
  local log="$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "cross-test.sh: failed: $* (log: $log)" >&2
    return 1
  fi
}

# --- Debian packages ---------------------------------------------------------------------------------
ARM64_PACKAGES=(g++-aarch64-linux-gnu qemu-user-static
  libzstd-dev:arm64 liblz4-dev:arm64 libhwy-dev:arm64 libtbb-dev:arm64 libgtest-dev:arm64)
# wine64 runs the x64 programs (wine32 is not needed); dpkg-dev unpacks the source packages; googletest
# ships GoogleTest's sources (/usr/src/googletest); librust-blake3-dev (.ci/run) BLAKE3's C sources.
MINGW_PACKAGES=(g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 wine64 wine dpkg-dev googletest
  librust-blake3-dev cmake ninja-build pkg-config)
DEBSRC_LIST=/etc/apt/sources.list.d/cdd-deb-src.sources

apt_install() {
  if [[ "${CDD_CROSS_SKIP_APT:-0}" == 1 ]]; then
    echo "CDD_CROSS_SKIP_APT=1: not installing packages"
    return
  fi
  local packages=()
  if want arm64; then
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then "${SUDO[@]}" dpkg --add-architecture arm64; fi
    packages+=("${ARM64_PACKAGES[@]}")
  fi
  if want mingw; then
    packages+=("${MINGW_PACKAGES[@]}")
    # `apt-get source` needs deb-src lines for the release this machine runs.
    if [[ ! -f "$DEBSRC_LIST" ]]; then
      local codename
      codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
      printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$codename" "$codename" | "${SUDO[@]}" tee "$DEBSRC_LIST" >/dev/null
    fi
  fi
  "${APT[@]}" update -qq
  quiet "$SCRATCH/apt-install.log" "${APT[@]}" install -y -qq --no-install-recommends "${packages[@]}"
  echo "installed: ${packages[*]}"
}

if [[ "${CDD_CROSS_CLEAN:-0}" == 1 ]]; then
  rm -rf "$ARM64_BUILD" "$MINGW_BUILD" "$MINGW_DEPS" "$WINE_PREFIX_DIR"
fi

# --- checks shared by both platforms -----------------------------------------------------------------
# check_vectors LABEL RUNNER...: `RUNNER write-vectors DIR` must reproduce every file of spec/vectors.
check_vectors() {
  local label="$1"
  shift
  local out="$SCRATCH/vectors-$label"
  rm -rf "$out"
  mkdir -p "$out"
  "$@" write-vectors "$out" >/dev/null
  local n=0 f name
  for f in spec/vectors/*.cdd spec/vectors/*.npy spec/vectors/manifest.json; do
    name="$(basename "$f")"
    if [[ ! -f "$out/$name" ]]; then echo "write-vectors ($label) did not write $name" >&2; return 1; fi
    cmp "$f" "$out/$name"
    n=$((n + 1))
  done
  for f in "$out"/*; do
    name="$(basename "$f")"
    [[ -f "spec/vectors/$name" ]] || { echo "write-vectors ($label) wrote $name, not in spec/vectors" >&2; return 1; }
  done
  echo "write-vectors ($label): all $n files byte-identical to spec/vectors"
}

# check_demo LABEL RUNNER...: `cdd demo --rows 20000` (writes, reads back bit-exact, verifies).
check_demo() {
  local label="$1"
  shift
  local dir="$SCRATCH/demo-$label"
  mkdir -p "$dir"
  "$@" demo --rows 20000 --dir "$dir"
}

# --- arm64 -------------------------------------------------------------------------------------------
QEMU=(qemu-aarch64-static)
arm64_build() {
  command -v aarch64-linux-gnu-g++ >/dev/null || { echo "g++-aarch64-linux-gnu is not installed" >&2; return 1; }
  cmake -S native -B "$ARM64_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$ARM64_TOOLCHAIN" -DCDD_BUILD_TESTS=ON -DCDD_BUILD_TOOLS=ON \
    -DCDD_BUILD_BENCH=OFF "${CMAKE_EXTRA[@]}" >"$SCRATCH/arm64-configure.log" ||
    { cat "$SCRATCH/arm64-configure.log" >&2; return 1; }
  QEMU_CPU=max cmake --build "$ARM64_BUILD" -j "$JOBS"
  file "$ARM64_BUILD/cdd_tests" "$ARM64_BUILD/bin/cdd" 2>/dev/null || true
}

# arm64_ctest CPU EXPECTED_TARGETS [ctest args...]
arm64_ctest() {
  local cpu="$1" expected="$2"
  shift 2
  echo "qemu -cpu $cpu: $(QEMU_CPU="$cpu" "${QEMU[@]}" "$ARM64_BUILD/bin/cdd" version)"
  QEMU_CPU="$cpu" CDD_EXPECT_SIMD_TARGETS="$expected" \
    "${QEMU[@]}" "$ARM64_BUILD/cdd_tests" --gtest_filter=SimdTarget.ReportsTargetsAndMeetsExpectation |
    grep -E 'SIMD targets|FAILED|Failure|expected' || { echo "target report failed" >&2; return 1; }
  QEMU_CPU="$cpu" CDD_EXPECT_SIMD_TARGETS="$expected" \
    ctest --test-dir "$ARM64_BUILD" --output-on-failure -j "$JOBS" "$@"
}

# For the second CPU (NEON only): every per-target SIMD kernel test (Simd*), the order-book codecs (Ob*),
# the generic codecs' round trips, the spec vectors (Spec/, VectorsManifest), the C program and the CLI.
ARM64_SECOND_CPU_TESTS='^(Simd|Ob|Spec/|VectorsManifest|CodecRoundTrip|CodecDecodeRange|CApi[.]|ToolsCli)'

# arm64_cdd CPU ARGS...: the arm64 `cdd` CLI under qemu emulating CPU.
arm64_cdd() {
  local cpu="$1"
  shift
  QEMU_CPU="$cpu" "${QEMU[@]}" "$ARM64_BUILD/bin/cdd" "$@"
}
arm64_demo() { check_demo arm64-max arm64_cdd max && check_demo arm64-a53 arm64_cdd cortex-a53; }
arm64_vectors() { check_vectors arm64-max arm64_cdd max && check_vectors arm64-a53 arm64_cdd cortex-a53; }

# --- Windows x64 (MinGW-w64, wine) -------------------------------------------------------------------
mingw_sources() {
  mkdir -p "$MINGW_DEPS/src"
  if [[ ! -d "$MINGW_DEPS/src/.fetched" ]]; then
    (cd "$MINGW_DEPS/src" && quiet "$SCRATCH/apt-source.log" apt-get source -qq zstd lz4 highway)
    mkdir -p "$MINGW_DEPS/src/.fetched"
  fi
  ls -d "$MINGW_DEPS"/src/*/
}

# mingw_dep NAME SOURCE_DIR [cmake args...]: configure, build and install one static dependency.
mingw_dep() {
  local name="$1" src="$2"
  shift 2
  local b="$MINGW_DEPS/build/$name"
  quiet "$SCRATCH/mingw-$name.log" cmake -S "$src" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$MINGW_TOOLCHAIN" -DCMAKE_INSTALL_PREFIX="$MINGW_PREFIX" \
    -DCMAKE_FIND_ROOT_PATH="$MINGW_PREFIX" -DBUILD_SHARED_LIBS=OFF "${CMAKE_EXTRA[@]}" "$@"
  quiet "$SCRATCH/mingw-$name-build.log" cmake --build "$b" -j "$JOBS"
  quiet "$SCRATCH/mingw-$name-install.log" cmake --install "$b"
  echo "built $name for x86_64-w64-mingw32 from $src"
}

mingw_deps() {
  local src="$MINGW_DEPS/src"
  local zstd lz4 hwy
  zstd="$(ls -d "$src"/libzstd-*/ | head -n 1)"
  lz4="$(ls -d "$src"/lz4-*/ | head -n 1)"
  hwy="$(ls -d "$src"/highway-*/ | head -n 1)"
  mingw_dep zstd "$zstd/build/cmake" -DZSTD_BUILD_PROGRAMS=OFF -DZSTD_BUILD_TESTS=OFF \
    -DZSTD_BUILD_SHARED=OFF -DZSTD_BUILD_STATIC=ON -DZSTD_MULTITHREAD_SUPPORT=OFF \
    -DZSTD_LEGACY_SUPPORT=OFF
  mingw_dep lz4 "$lz4/build/cmake" -DLZ4_BUILD_CLI=OFF -DLZ4_BUILD_LEGACY_LZ4C=OFF -DBUILD_STATIC_LIBS=ON
  mingw_dep highway "$hwy" -DHWY_ENABLE_TESTS=OFF -DHWY_ENABLE_EXAMPLES=OFF -DHWY_ENABLE_CONTRIB=OFF \
    -DHWY_ENABLE_INSTALL=ON -DHWY_FORCE_STATIC_LIBS=ON
  mingw_dep googletest /usr/src/googletest -DBUILD_GMOCK=OFF -DINSTALL_GTEST=ON -Dgtest_disable_pthreads=ON
}

mingw_build() {
  cmake -S native -B "$MINGW_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$MINGW_TOOLCHAIN" -DCMAKE_FIND_ROOT_PATH="$MINGW_PREFIX" \
    -DCDD_WITH_TBB=OFF -DCDD_BUILD_TESTS=ON -DCDD_BUILD_TOOLS=ON -DCDD_BUILD_BENCH=OFF \
    "${CMAKE_EXTRA[@]}" >"$SCRATCH/mingw-configure.log" || { cat "$SCRATCH/mingw-configure.log" >&2; return 1; }
  cmake --build "$MINGW_BUILD" -j "$JOBS"
}

export WINEPREFIX="$WINE_PREFIX_DIR"
mingw_wine_init() {
  # A fresh prefix (first start takes a while; later programs start fast while wineserver runs).
  mkdir -p "$WINEPREFIX"
  # One wineserver for the prefix, kept running until this script exits (summary stops it). Without -p
  # the server exits 3 s after its last program, and a test starting at that moment got "wine client
  # error: recvmsg: Connection reset by peer" in CI (wine-run.sh also retries that one case). A server
  # left from an earlier run is stopped first, and the one wineboot used is let go (-p refuses to start
  # beside a running server; a fresh prefix's wineboot does not finish under a persistent one).
  wineserver -k 2>/dev/null || true
  WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" "$WINE_RUN" wineboot --init >/dev/null 2>&1 || true
  wineserver -w
  wineserver -p
  WINESERVER_STARTED=1
  echo "wine: $("$WINE_RUN" --version 2>/dev/null || wine --version), prefix $WINEPREFIX (wineserver -p)"
}

mingw_exports() {
  local dll="$MINGW_BUILD/cdd.dll"
  [[ -f "$dll" ]] || { echo "no cdd.dll in $MINGW_BUILD" >&2; ls "$MINGW_BUILD" >&2; return 1; }
  # Every function cdd.h declares must be exported by name; nothing of the C++ core may be.
  local declared exported missing extra
  declared="$(grep -oE '^CDD_API [^(]*\b(cdd_[a-z0-9_]+)\(' native/include/cdd/cdd.h |
    grep -oE 'cdd_[a-z0-9_]+\($' | tr -d '(' | sort -u)"
  exported="$(x86_64-w64-mingw32-objdump -p "$dll" |
    awk '/\[Ordinal\/Name Pointer\] Table/{t=1;next} t&&/^[ \t]*\[/{print $NF} t&&/^$/{t=0}' | sort -u)"
  missing="$(comm -23 <(echo "$declared") <(echo "$exported"))"
  extra="$(comm -13 <(echo "$declared") <(echo "$exported"))"
  echo "cdd.dll exports $(echo "$exported" | wc -l) names; cdd.h declares $(echo "$declared" | wc -l)"
  if [[ -n "$missing" ]]; then echo "cdd.dll lacks: $missing" >&2; return 1; fi
  if [[ -n "$extra" ]]; then echo "cdd.dll exports more than cdd.h: $extra" >&2; return 1; fi
  # No MinGW runtime DLL needed beside it (libstdc++, libgcc, winpthread are linked in).
  local imports
  imports="$(x86_64-w64-mingw32-objdump -p "$dll" "$MINGW_BUILD/bin/cdd.exe" "$MINGW_BUILD/cdd_tests.exe" |
    awk '/DLL Name:/{print $3}' | sort -u | tr '\n' ' ')"
  echo "imported DLLs: $imports"
  if grep -qiE 'libstdc|libgcc|winpthread|zstd|lz4|hwy' <<< "$imports"; then
    echo "a MinGW or dependency DLL is still imported" >&2
    return 1
  fi
}

# The x86 targets the Windows build must dispatch under wine: those the native Linux build runs on this
# CPU (build/release from scripts/setup.sh), when it is there; CDD_MINGW_EXPECT_TARGETS overrides.
mingw_expected_targets() {
  if [[ -n "${CDD_MINGW_EXPECT_TARGETS:-}" ]]; then echo "$CDD_MINGW_EXPECT_TARGETS"; return; fi
  local native="$ROOT/${CDD_BUILD_DIR:-build/release}/cdd_tests"
  [[ -x "$native" ]] || return 0
  "$native" --gtest_filter=SimdTarget.ReportsTargetsAndMeetsExpectation 2>/dev/null |
    sed -n 's/^SIMD targets run by the per-target tests here (best first): //p' | tr -d ' '
}

mingw_ctest() {
  "$WINE_RUN" "$MINGW_BUILD/bin/cdd.exe" version
  local expected
  expected="$(mingw_expected_targets)"
  echo "expected SIMD targets (those of the Linux x64 build on this CPU): ${expected:-(not checked)}"
  CDD_EXPECT_SIMD_TARGETS="$expected" \
    "$WINE_RUN" "$MINGW_BUILD/cdd_tests.exe" --gtest_filter=SimdTarget.ReportsTargetsAndMeetsExpectation |
    grep -E 'SIMD targets|FAILED|Failure|expected' || { echo "target report failed" >&2; return 1; }
  CDD_EXPECT_SIMD_TARGETS="$expected" ctest --test-dir "$MINGW_BUILD" --output-on-failure -j "$JOBS"
  # The tests that start and end many threads, three more times each: MinGW builds once crashed,
  # intermittently, when worker threads exited with thread_local objects to destroy (fixed by
  # core/thread_object.hpp; docs/BUILDING.md), so a regression would show here first.
  local threaded='^(Async[A-Za-z]*|CapiAsyncRead|ThreadObject)[.]|[.]Concurrent'
  echo "thread-exit check: the threaded tests, three more runs"
  ctest --test-dir "$MINGW_BUILD" --output-on-failure -j "$JOBS" -R "$threaded" --repeat until-fail:3
}

# ---------------------------------------------------------------------------------------------------
phase "Debian packages ($WHAT)" apt_install

if want arm64; then
  phase "arm64: configure + build (aarch64-linux-gnu-g++)" arm64_build
  phase "arm64: ctest, qemu -cpu max (NEON, SVE, SVE2)" arm64_ctest max "SVE2,SVE,NEON"
  phase "arm64: kernel/codec/vector tests, qemu -cpu cortex-a53 (NEON)" \
    arm64_ctest cortex-a53 "NEON" -R "$ARM64_SECOND_CPU_TESTS"
  phase "arm64: cdd demo --rows 20000 (qemu max, cortex-a53)" arm64_demo
  phase "arm64: write-vectors == spec/vectors (qemu max, cortex-a53)" arm64_vectors
fi

if want mingw; then
  phase "mingw: wine prefix" mingw_wine_init
  phase "mingw: Debian sources of zstd, lz4, highway" mingw_sources
  phase "mingw: build zstd, lz4, highway, googletest" mingw_deps
  phase "mingw: configure + build (x86_64-w64-mingw32-g++-posix)" mingw_build
  phase "mingw: cdd.dll exports and imports (objdump -p)" mingw_exports
  phase "mingw: ctest under wine64" mingw_ctest
  phase "mingw: cdd.exe demo --rows 20000 under wine64" check_demo mingw "$WINE_RUN" "$MINGW_BUILD/bin/cdd.exe"
  phase "mingw: write-vectors == spec/vectors under wine64" check_vectors mingw "$WINE_RUN" "$MINGW_BUILD/bin/cdd.exe"
fi

step "cross-test.sh $WHAT: all passed"
