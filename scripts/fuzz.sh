#!/usr/bin/env bash
# fuzz.sh [SECONDS] — builds the libFuzzer targets of native/fuzz/ (clang, ASan + UBSan, in build/fuzz)
# and runs each of them in turn. SECONDS (default 600) is the TOTAL time budget, split equally among the
# fuzzers. Seeds are cut from spec/vectors (scripts/fuzz_seeds.py) and joined by the kept regression
# inputs of native/tests/corpus/<fuzzer>/; each fuzzer's growing corpus stays in build/fuzz/corpus/.
# Prints executions per fuzzer and in total; any crash, leak, sanitizer report, timeout or oversized
# allocation is copied to native/tests/corpus/<fuzzer>/ (replayed by ctest from then on) and makes the
# script fail. Installs clang when it is missing (apt-get, Debian). Not part of scripts/test.sh.
# Environment: CDD_FUZZ_BUILD (build dir), CDD_FUZZ_ONLY (space-separated subset of fuzzers),
# CDD_FUZZ_NICE (nice level, default 0), CDD_JOBS, CDD_CMAKE_ARGS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TOTAL="${1:-600}"
JOBS="${CDD_JOBS:-2}"
BUILD="${CDD_FUZZ_BUILD:-build/fuzz}"
NICE="${CDD_FUZZ_NICE:-0}"
FUZZERS=(${CDD_FUZZ_ONLY:-header index_block chunk_frame codec file npy})
CORPUS="$ROOT/native/tests/corpus"

step() { printf '\n==> %s\n' "$*"; }

# A clang whose C++23 mode gives libstdc++'s std::expected (clang >= 16) and its libFuzzer runtime.
find_clang() {
  for v in 19 18 17 16; do
    if command -v "clang++-$v" >/dev/null 2>&1; then echo "$v"; return 0; fi
  done
  if command -v clang++ >/dev/null 2>&1; then
    local major
    major="$(clang++ -dumpversion | cut -d. -f1)"
    if [[ "$major" -ge 16 ]]; then echo ""; return 0; fi
  fi
  return 1
}

step "clang with libFuzzer"
if ! V="$(find_clang)"; then
  echo "fuzz.sh: no clang >= 16 found; installing clang-16 and libclang-rt-16-dev (Debian 12)"
  SUDO=""
  if [[ "$(id -u)" -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends clang-16 libclang-rt-16-dev
  V="$(find_clang)"
fi
CC_BIN="clang${V:+-$V}"
CXX_BIN="clang++${V:+-$V}"
echo "using $($CXX_BIN --version | head -n 1)"

step "Build the fuzzers ($BUILD: clang, ASan + UBSan, libFuzzer, -j$JOBS)"
CC="$CC_BIN" CXX="$CXX_BIN" cmake -S native -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER="$CC_BIN" -DCMAKE_CXX_COMPILER="$CXX_BIN" \
  -DCDD_SANITIZE=ON -DCDD_BUILD_FUZZERS=ON -DCDD_BUILD_TESTS=OFF -DCDD_BUILD_TOOLS=ON -DCDD_WERROR=OFF \
  ${CDD_CMAKE_ARGS:-} >/dev/null
targets=()
for f in "${FUZZERS[@]}"; do targets+=("${f}_fuzzer"); done
nice -n "$NICE" cmake --build "$BUILD" -j "$JOBS" --target "${targets[@]}"

step "Seeds from spec/vectors"
rm -rf "$BUILD/seeds"
python3 scripts/fuzz_seeds.py spec/vectors "$BUILD/seeds"

PER=$(( TOTAL / ${#FUZZERS[@]} ))
if [[ "$PER" -lt 1 ]]; then PER=1; fi
step "Fuzzing: ${#FUZZERS[@]} fuzzers x ${PER} s (total budget ${TOTAL} s)"
declare -A EXECS RATE CRASHES
total_execs=0
failed=0
for f in "${FUZZERS[@]}"; do
  work="$BUILD/corpus/$f"
  art="$BUILD/artifacts/$f"
  mkdir -p "$work" "$art" "$CORPUS/$f"
  log="$BUILD/$f.log"
  seeds=("$BUILD/seeds/$f")
  if compgen -G "$CORPUS/$f/*" >/dev/null; then seeds+=("$CORPUS/$f"); fi
  start=$SECONDS
  set +e
  ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    nice -n "$NICE" "$BUILD/bin/${f}_fuzzer" -max_total_time="$PER" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=512 -print_final_stats=1 -artifact_prefix="$art/" "$work" "${seeds[@]}" >"$log" 2>&1
  rc=$?
  set -e
  secs=$(( SECONDS - start ))
  n="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || true)"
  n="${n:-0}"
  EXECS[$f]=$n
  RATE[$f]=$(( n / (secs > 0 ? secs : 1) ))
  total_execs=$(( total_execs + n ))
  found=0
  for a in "$art"/*; do
    [[ -f "$a" ]] || continue
    cp "$a" "$CORPUS/$f/$(basename "$a")"
    found=$(( found + 1 ))
  done
  rm -f "$art"/*
  CRASHES[$f]=$found
  if [[ "$rc" -ne 0 || "$found" -ne 0 ]]; then
    failed=1
    echo "!! $f: exit $rc, $found input(s) kept in native/tests/corpus/$f/ — see $log"
    grep -m 5 -E 'ERROR|SUMMARY|runtime error' "$log" || true
  fi
  printf '%-12s %6d s %12d execs %8d execs/s  crashes %d\n' "$f" "$secs" "$n" "${RATE[$f]}" "$found"
done

step "Summary"
printf '%-12s %12s %10s %8s\n' fuzzer execs execs/s crashes
for f in "${FUZZERS[@]}"; do printf '%-12s %12d %10d %8d\n' "$f" "${EXECS[$f]}" "${RATE[$f]}" "${CRASHES[$f]}"; done
printf '%-12s %12d\n' total "$total_execs"
if [[ "$failed" -ne 0 ]]; then
  echo "fuzz.sh: failures found; the inputs are in native/tests/corpus/ (ctest replays them)" >&2
  exit 1
fi
echo "fuzz.sh: no crash, leak or sanitizer report"
