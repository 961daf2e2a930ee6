# aarch64-linux-gnu.cmake — cross-compiles libcdd for Linux arm64 with Debian's g++-aarch64-linux-gnu
# against the multiarch ":arm64" dev packages (/usr/lib/aarch64-linux-gnu), and runs what it builds
# (gtest discovery, ctest) under qemu-user. Used by scripts/cross-test.sh arm64; see docs/BUILDING.md.
# The emulated CPU is qemu's QEMU_CPU environment variable (e.g. max: NEON+SVE+SVE2; cortex-a53: NEON).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# find_package/find_library search the arm64 multiarch folders only (CMAKE_LIBRARY_ARCHITECTURE), never
# the build machine's x86-64 libraries; pkg-config (lz4, zstd) reads the arm64 .pc files.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

find_program(CDD_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(CDD_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${CDD_QEMU_AARCH64}")
endif()
