#!/usr/bin/env bash
# wine-run.sh — the CMAKE_CROSSCOMPILING_EMULATOR of the MinGW toolchain: runs a Windows program under
# wine64 with the program's exit status, and turns its CRLF line ends (Windows text-mode stdout) into LF
# so that gtest_discover_tests and ctest read its output as they do on Linux. Quiet by default (no wine
# debug channels, no Mono/Gecko install prompts); WINEPREFIX and WINEDEBUG from the caller win.
set -o pipefail
WINE="${CDD_WINE:-}"
if [[ -z "$WINE" ]]; then
  for w in wine64 /usr/lib/wine/wine64 wine; do
    if command -v "$w" >/dev/null 2>&1; then WINE="$w"; break; fi
  done
fi
if [[ -z "$WINE" ]]; then
  echo "wine-run.sh: wine64 not found (apt-get install wine64 wine)" >&2
  exit 127
fi
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
"$WINE" "$@" | tr -d '\r'
