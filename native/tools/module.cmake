# tools/ — the `cdd` command-line tool (inspect, verify, import-npy, export-npy, append, cat, advise,
# repack, demo, write-vectors). Its logic is a static library so that the tests call it directly; the executable
# `cdd` lands in <build>/bin.
add_library(cdd_cli_lib STATIC
  ${CMAKE_CURRENT_LIST_DIR}/advise.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cat.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_args.cpp
  ${CMAKE_CURRENT_LIST_DIR}/codec_names.cpp
  ${CMAKE_CURRENT_LIST_DIR}/commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inspect.cpp
  ${CMAKE_CURRENT_LIST_DIR}/npy.cpp
  ${CMAKE_CURRENT_LIST_DIR}/npy_convert.cpp
  ${CMAKE_CURRENT_LIST_DIR}/progress.cpp
  ${CMAKE_CURRENT_LIST_DIR}/repack.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vectors.cpp)
target_include_directories(cdd_cli_lib PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(cdd_cli_lib PUBLIC cdd_static cdd_deps)

add_executable(cdd_cli ${CMAKE_CURRENT_LIST_DIR}/main.cpp)
target_link_libraries(cdd_cli PRIVATE cdd_cli_lib)
# ARCHIVE_OUTPUT_DIRECTORY: MinGW links every executable with an import library (cdd.exe exports the
# C ABI compiled in); in bin/ it cannot overwrite cdd.dll's libcdd.dll.a in the build folder.
set_target_properties(cdd_cli PROPERTIES OUTPUT_NAME cdd RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin
                                         ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)

if(TARGET cdd_tests)
  target_sources(cdd_tests PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../tests/tools/cat_append_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../tests/tools/npy_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../tests/tools/npy_roundtrip_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../tests/tools/verify_corruption_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../tests/tools/structure_flip_sweep_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../tests/vectors/vectors_conformance_test.cpp)
  target_link_libraries(cdd_tests PRIVATE cdd_cli_lib)
  target_compile_definitions(cdd_tests PRIVATE CDD_SPEC_VECTORS_DIR="${CMAKE_CURRENT_LIST_DIR}/../../spec/vectors")
  # The binary itself, end to end: usage errors and a small import/verify/export cycle. Cross builds
  # run it under CMAKE_CROSSCOMPILING_EMULATOR (qemu, wine), passed with its words joined by "|".
  string(REPLACE ";" "|" cdd_cli_emulator "${CMAKE_CROSSCOMPILING_EMULATOR}")
  add_test(NAME ToolsCli.EndToEnd
           COMMAND ${CMAKE_COMMAND} -DCDD=$<TARGET_FILE:cdd_cli> -DWORK=${CMAKE_CURRENT_BINARY_DIR}/cli_e2e
                   "-DEMULATOR=${cdd_cli_emulator}" -P ${CMAKE_CURRENT_LIST_DIR}/../tests/tools/cli_e2e.cmake)
endif()
