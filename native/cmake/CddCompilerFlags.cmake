# CddCompilerFlags.cmake — the cdd_warnings interface target (warnings as errors), the floating-point
# contraction rule (no FMA fusing: the same bytes on every platform) and the sanitizer flags
# (CDD_SANITIZE), guarded per compiler so MSVC and MinGW builds get only flags they understand.
add_library(cdd_warnings INTERFACE)
if(MSVC)
  target_compile_options(cdd_warnings INTERFACE /W4 /utf-8 $<$<BOOL:${CDD_WERROR}>:/WX>
    $<$<COMPILE_LANGUAGE:CXX>:/permissive-> $<$<COMPILE_LANGUAGE:CXX>:/Zc:__cplusplus>)
  target_compile_definitions(cdd_warnings INTERFACE _CRT_SECURE_NO_WARNINGS NOMINMAX WIN32_LEAN_AND_MEAN)
else()
  target_compile_options(cdd_warnings INTERFACE -Wall -Wextra $<$<BOOL:${CDD_WERROR}>:-Werror>)
endif()

# Floating point is evaluated as written on every target: GCC and Clang otherwise fuse a*b+c into one
# FMA where the ISA has it (GCC's default in C++ on arm64, or x86 code built for FMA), which changes
# the generator's data and every float path, and with them the bytes of the files written (spec/vectors
# must be byte-identical on x64 and arm64). MSVC's default /fp:precise does not contract.
if(NOT MSVC)
  add_compile_options(-ffp-contract=off)
endif()

if(CDD_SANITIZE)
  if(MSVC)
    add_compile_options(/fsanitize=address)
  else()
    set(CDD_SANITIZE_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined)
    add_compile_options(${CDD_SANITIZE_FLAGS})
    add_link_options(-fsanitize=address,undefined)
  endif()
endif()

# Fuzzing (CDD_BUILD_FUZZERS, clang): every translation unit gets libFuzzer's coverage instrumentation;
# only the fuzz targets link libFuzzer itself (fuzz/module.cmake).
if(CDD_BUILD_FUZZERS AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# clang before 19 reports __cpp_concepts as 201907L, and libstdc++ (12, 13) then hides std::expected,
# which the core needs; clang 16+ implements what <expected> uses, so announce the C++20 value.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 19 AND NOT MSVC)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-Wno-macro-redefined> $<$<COMPILE_LANGUAGE:CXX>:-D__cpp_concepts=202002L>)
endif()
