# io/module.cmake — Writer, Reader, chain walking, verify and repack, and their tests (crash-cut included).
target_sources(cdd_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/chain.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chunk_cache.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chunk_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/codec_presets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reader.cpp
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
