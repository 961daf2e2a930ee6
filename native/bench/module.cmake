# bench/module.cmake — cdd_bench_codecs (order-book codecs vs memcpy and raw LZ4/zstd), built when
# CDD_BUILD_BENCH is ON. Run: cdd_bench_codecs [--quick] [--markdown] [--regime R] [--data BOOK.npy].
add_executable(cdd_bench_codecs ${CMAKE_CURRENT_LIST_DIR}/codec_bench.cpp ${CMAKE_CURRENT_LIST_DIR}/bench_data.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../tools/npy.cpp)
target_include_directories(cdd_bench_codecs PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(cdd_bench_codecs PRIVATE cdd_static cdd_deps)
