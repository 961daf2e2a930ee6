# bench/module.cmake — cdd_bench_codecs (order-book codecs vs memcpy and raw LZ4/zstd), built when
# CDD_BUILD_BENCH is ON. Run: cdd_bench_codecs [--quick] [--markdown].
add_executable(cdd_bench_codecs ${CMAKE_CURRENT_LIST_DIR}/codec_bench.cpp)
target_link_libraries(cdd_bench_codecs PRIVATE cdd_static cdd_deps)
