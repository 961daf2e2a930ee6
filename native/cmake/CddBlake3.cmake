# CddBlake3.cmake — builds BLAKE3 from its official C sources (Debian ships them in the blake3 crate:
# librust-blake3-dev, /usr/share/cargo/registry/blake3-*/c) when no BLAKE3 CMake package is installed.
# The objects are bundled into libcdd (CDD_BUNDLED_OBJECTS); cdd::blake3 carries the include dir.
set(CDD_BLAKE3_SOURCE_DIR "" CACHE PATH "Folder holding blake3.c/blake3.h (the c/ folder of BLAKE3)")

function(cdd_blake3_from_sources)
  set(dir "${CDD_BLAKE3_SOURCE_DIR}")
  if(NOT dir)
    file(GLOB candidates LIST_DIRECTORIES true /usr/share/cargo/registry/blake3-*/c)
    list(SORT candidates COMPARE NATURAL ORDER DESCENDING)
    list(GET candidates 0 dir)
  endif()
  if(NOT dir OR NOT EXISTS "${dir}/blake3.c" OR NOT EXISTS "${dir}/blake3.h")
    message(FATAL_ERROR "cdd: BLAKE3 not found. Install the Debian package 'librust-blake3-dev' "
                        "(its C sources are compiled in), or the vcpkg port 'blake3', or set "
                        "-DCDD_BLAKE3_SOURCE_DIR=<BLAKE3 checkout>/c.")
  endif()
  message(STATUS "cdd: BLAKE3 compiled from ${dir}")

  add_library(cdd_blake3_obj OBJECT ${dir}/blake3.c ${dir}/blake3_dispatch.c ${dir}/blake3_portable.c)
  set_target_properties(cdd_blake3_obj PROPERTIES POSITION_INDEPENDENT_CODE ON
    C_VISIBILITY_PRESET hidden C_STANDARD 99)
  target_include_directories(cdd_blake3_obj PUBLIC ${dir})

  set(processor "${CMAKE_SYSTEM_PROCESSOR}")
  if(CMAKE_OSX_ARCHITECTURES)
    set(processor "${CMAKE_OSX_ARCHITECTURES}")
  endif()
  string(TOLOWER "${processor}" processor)
  if(processor MATCHES "^(x86_64|amd64|x64)$" AND CMAKE_SIZEOF_VOID_P EQUAL 8)
    # x86-64: every SIMD variant, each file with exactly the instruction set it is written for; the
    # dispatcher picks one at run time from CPUID.
    target_sources(cdd_blake3_obj PRIVATE ${dir}/blake3_sse2.c ${dir}/blake3_sse41.c
                                          ${dir}/blake3_avx2.c ${dir}/blake3_avx512.c)
    if(MSVC)
      set_source_files_properties(${dir}/blake3_avx2.c PROPERTIES COMPILE_OPTIONS "/arch:AVX2")
      set_source_files_properties(${dir}/blake3_avx512.c PROPERTIES COMPILE_OPTIONS "/arch:AVX512")
    else()
      set_source_files_properties(${dir}/blake3_sse2.c PROPERTIES COMPILE_OPTIONS "-msse2")
      set_source_files_properties(${dir}/blake3_sse41.c PROPERTIES COMPILE_OPTIONS "-msse4.1")
      set_source_files_properties(${dir}/blake3_avx2.c PROPERTIES COMPILE_OPTIONS "-mavx2")
      set_source_files_properties(${dir}/blake3_avx512.c PROPERTIES COMPILE_OPTIONS "-mavx512f;-mavx512vl")
    endif()
  elseif(processor MATCHES "^(aarch64|arm64)$")
    target_sources(cdd_blake3_obj PRIVATE ${dir}/blake3_neon.c)
    target_compile_definitions(cdd_blake3_obj PRIVATE BLAKE3_USE_NEON=1)
  else()
    target_compile_definitions(cdd_blake3_obj PRIVATE
      BLAKE3_NO_SSE2 BLAKE3_NO_SSE41 BLAKE3_NO_AVX2 BLAKE3_NO_AVX512 BLAKE3_USE_NEON=0)
  endif()

  add_library(cdd::blake3 INTERFACE IMPORTED GLOBAL)
  set_target_properties(cdd::blake3 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${dir}")
  set(CDD_BUNDLED_OBJECTS $<TARGET_OBJECTS:cdd_blake3_obj> PARENT_SCOPE)
endfunction()
