#!/usr/bin/env bash
# wine-run.sh — the CMAKE_CROSSCOMPILING_EMULATOR of the MinGW toolchain: runs a Windows program under
# wine64 with the program's exit status, and turns its CRLF line ends (Windows text-mode stdout) into LF
# so that gtest_discover_tests and ctest read its output as they do on Linux. Quiet by default (no wine
# debug channels, no Mono/Gecko install prompts); WINEPREFIX and WINEDEBUG from the caller win.
#
# When wine itself cannot talk to its wineserver ("wine client error: ... Connection reset by peer": the
# server of the prefix was exiting just as this program started; seen once in CI, 0.02 s into a test,
# before the program ran), the program is started again, up to twice, with a note on stderr. A failure of
# the program itself is never retried. scripts/cross-test.sh also keeps one wineserver running (-p) for
# the whole test phase so that this race should not arise at all.
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

errlog="$(mktemp "${TMPDIR:-/tmp}/wine-run.XXXXXX")"
trap 'rm -f "$errlog"' EXIT
for attempt in 1 2 3; do
  # stderr is kept in a file and passed on when the program ends, to tell wine's own failure from the
  # program's. Not a pipe: the wine services a first program starts (winedevice.exe) inherit it and keep
  # it open, and whatever read that pipe would wait for them.
  "$WINE" "$@" 2>"$errlog" | tr -d '\r'
  status=${PIPESTATUS[0]}
  tr -d '\r' <"$errlog" >&2
  if [[ $status -eq 0 ]] || ! grep -q '^wine client error' "$errlog"; then exit "$status"; fi
  echo "wine-run.sh: wine could not reach its wineserver (attempt $attempt of 3, exit $status); starting $1 again" >&2
  sleep 1
done
exit "$status"
