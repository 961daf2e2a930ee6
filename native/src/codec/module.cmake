# codec/module.cmake — the codec registry and the generic codecs (RAW, ZSTD, LZ4, SHUFFLE, DELTA), the
# C ABI's version/error/enum functions (capi/errors.cpp, version.cpp, enums.cpp), and their tests.
target_sources(cdd_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/registry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/codec_checks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/decode_range.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/shuffle_stage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plain_codecs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/shuffle_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/delta_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../capi/errors.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../capi/version.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../capi/enums.cpp)
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/../capi/version.cpp PROPERTIES
  COMPILE_DEFINITIONS "CDD_VERSION_STRING=\"${PROJECT_VERSION}\"")

if(TARGET cdd_tests)
  file(GLOB CDD_CODEC_TESTS CONFIGURE_DEPENDS
       ${CMAKE_CURRENT_LIST_DIR}/../../tests/codec/*.cpp
       ${CMAKE_CURRENT_LIST_DIR}/../../tests/capi_errors/*.cpp)
  target_sources(cdd_tests PRIVATE ${CDD_CODEC_TESTS})
endif()

# The generic codecs' benchmark (its source sits beside the order-book benchmark in native/bench).
if(CDD_BUILD_BENCH)
  add_executable(cdd_bench_generic_codecs ${CMAKE_CURRENT_LIST_DIR}/../../bench/generic_codec_bench.cpp)
  target_link_libraries(cdd_bench_generic_codecs PRIVATE cdd_static cdd_deps)
endif()
