# format/module.cmake — byte-exact serialize/parse of the header, metadata, index blocks and chunk frames.
target_sources(cdd_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/zstd_blob.cpp
  ${CMAKE_CURRENT_LIST_DIR}/metadata.cpp
  ${CMAKE_CURRENT_LIST_DIR}/header.cpp
  ${CMAKE_CURRENT_LIST_DIR}/index_block.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chunk_frame.cpp)
if(TARGET cdd_tests)
  file(GLOB CDD_FORMAT_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/../../tests/format/*.cpp)
  target_sources(cdd_tests PRIVATE ${CDD_FORMAT_TESTS})
endif()
