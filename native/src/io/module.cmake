# io/module.cmake — Writer, Reader, chain walking, verify and repack, and their tests (crash-cut included).
target_sources(cdd_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/chain.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chunk_cache.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chunk_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/codec_presets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/read_rows_at.cpp
  ${CMAKE_CURRENT_LIST_DIR}/writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/verify.cpp
  ${CMAKE_CURRENT_LIST_DIR}/repack.cpp)
if(TARGET cdd_tests)
  file(GLOB CDD_IO_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/../../tests/io/*.cpp
       ${CMAKE_CURRENT_LIST_DIR}/../../tests/support/*.cpp)
  target_sources(cdd_tests PRIVATE ${CDD_IO_TESTS})
  # Tests include their shared helpers as "support/test_data.hpp".
  target_include_directories(cdd_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../../tests)
endif()
# The helper process of the multi-process tests (kill at random, one writer with many readers, a lock or
# a permission seen from another process): a client of the C ABI, spawned by tests/support/child_process.
if(TARGET cdd_tests AND NOT WIN32)
  add_executable(cdd_test_process ${CMAKE_CURRENT_LIST_DIR}/../../tests/process/cdd_test_process.cpp)
  target_link_libraries(cdd_test_process PRIVATE cdd_static cdd_deps)
  target_include_directories(cdd_test_process PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../../tests)
  add_dependencies(cdd_tests cdd_test_process)
  target_compile_definitions(cdd_tests PRIVATE CDD_TEST_PROCESS_HELPER="$<TARGET_FILE:cdd_test_process>")
  # A cross build's tests run under an emulator (qemu-user): the helper they start must run under it too.
  if(CMAKE_CROSSCOMPILING_EMULATOR)
    list(GET CMAKE_CROSSCOMPILING_EMULATOR 0 cdd_test_emulator)
    target_compile_definitions(cdd_tests PRIVATE CDD_TEST_PROCESS_EMULATOR="${cdd_test_emulator}")
  endif()
endif()
