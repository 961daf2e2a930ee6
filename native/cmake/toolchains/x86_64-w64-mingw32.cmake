# x86_64-w64-mingw32.cmake — cross-compiles libcdd for Windows x64 with Debian's MinGW-w64 GCC (the
# "posix" thread model: std::thread, std::mutex) and runs what it builds (gtest discovery, ctest) under
# wine. Used by scripts/cross-test.sh mingw; see docs/BUILDING.md. Dependencies are found under
# CMAKE_FIND_ROOT_PATH (pass -DCMAKE_FIND_ROOT_PATH=<prefix of the MinGW builds of zstd, lz4, highway,
# googletest>), never among the build machine's Linux libraries.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(CDD_MINGW_TRIPLET x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${CDD_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${CDD_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${CDD_MINGW_TRIPLET}-windres)

list(APPEND CMAKE_FIND_ROOT_PATH /usr/${CDD_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/${CDD_MINGW_TRIPLET}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# GCC cannot align the Win64 stack beyond 16 bytes (gcc.gnu.org/PR54412), so AVX2/AVX-512 spills with
# aligned moves would fault; the assembler rewrites aligned vector moves as unaligned ones (no cost on
# any AVX-capable CPU). Applies to every project built with this file (Highway, BLAKE3, libcdd).
set(CMAKE_C_FLAGS_INIT "-Wa,-muse-unaligned-vector-move")
set(CMAKE_CXX_FLAGS_INIT "-Wa,-muse-unaligned-vector-move")
# libgcc, libstdc++ and winpthread linked in: cdd.exe, cdd_tests.exe and cdd.dll need no MinGW DLLs.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")

# Programs built here run under wine (native/cmake/toolchains/wine-run.sh: exit status kept, CRLF -> LF).
set(CMAKE_CROSSCOMPILING_EMULATOR "${CMAKE_CURRENT_LIST_DIR}/wine-run.sh")
