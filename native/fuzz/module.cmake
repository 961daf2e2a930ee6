# fuzz/ — one fuzz target per parser (header, index block, chunk frame, codecs, whole file, .npy). With
# CDD_BUILD_FUZZERS (clang only) each is a libFuzzer binary <name>_fuzzer in <build>/bin, built with
# ASan + UBSan (CDD_SANITIZE) and coverage instrumentation; scripts/fuzz.sh builds and runs them. With
# the tests (any compiler) each is also built as <name>_replay, whose main runs every file of
# native/tests/corpus/<name>/ once: ctest replays the kept crash inputs and seeds.
set(CDD_FUZZ_TARGETS header index_block chunk_frame codec file npy)
set(CDD_FUZZ_CORPUS ${CMAKE_CURRENT_LIST_DIR}/../tests/corpus)

if(CDD_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CDD_BUILD_FUZZERS needs clang (libFuzzer); configure with CXX=clang++")
  endif()
  if(NOT TARGET cdd_cli_lib)
    message(FATAL_ERROR "CDD_BUILD_FUZZERS needs CDD_BUILD_TOOLS=ON (the .npy reader lives in tools/)")
  endif()
  foreach(name ${CDD_FUZZ_TARGETS})
    add_executable(${name}_fuzzer ${CMAKE_CURRENT_LIST_DIR}/${name}_fuzzer.cpp)
    target_link_libraries(${name}_fuzzer PRIVATE cdd_cli_lib cdd_static cdd_deps)
    target_link_options(${name}_fuzzer PRIVATE -fsanitize=fuzzer)
    set_target_properties(${name}_fuzzer PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
  endforeach()
endif()

if(TARGET cdd_tests AND TARGET cdd_cli_lib)
  foreach(name ${CDD_FUZZ_TARGETS})
    add_executable(${name}_replay ${CMAKE_CURRENT_LIST_DIR}/${name}_fuzzer.cpp ${CMAKE_CURRENT_LIST_DIR}/replay_main.cpp)
    target_link_libraries(${name}_replay PRIVATE cdd_cli_lib cdd_static cdd_deps)
    set_target_properties(${name}_replay PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
    set(inputs ${CDD_FUZZ_CORPUS}/${name})
    if(name STREQUAL "file")
      list(APPEND inputs ${CMAKE_CURRENT_LIST_DIR}/../../spec/vectors)
    endif()
    add_test(NAME Fuzz.Replay.${name} COMMAND ${name}_replay ${inputs})
    set_tests_properties(Fuzz.Replay.${name} PROPERTIES
      ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
  endforeach()
endif()
