# bench/module.cmake — cdd_bench_codecs (order-book codecs vs memcpy and raw LZ4/zstd), built when
# CDD_BUILD_BENCH is ON. Run: cdd_bench_codecs [--quick] [--markdown] [--regime R] [--data BOOK.npy].
add_executable(cdd_bench_codecs ${CMAKE_CURRENT_LIST_DIR}/codec_bench.cpp ${CMAKE_CURRENT_LIST_DIR}/bench_data.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../tools/npy.cpp)
target_include_directories(cdd_bench_codecs PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(cdd_bench_codecs PRIVATE cdd_static cdd_deps)

# cdd_bench_tune: the codec-tuning grid over one book in a .npy file (run by native/bench/tune/tune_grid.py).
# Needs the tools' .npy reader (CDD_BUILD_TOOLS).
if(TARGET cdd_cli_lib)
  add_executable(cdd_bench_tune ${CMAKE_CURRENT_LIST_DIR}/tune_bench.cpp)
  target_link_libraries(cdd_bench_tune PRIVATE cdd_cli_lib cdd_static cdd_deps)
endif()

# cdd_bench_random_access: the decode cost of one random row against the ratio, for the presets, small
# chunks and the sub-block + dictionary design study. Run: cdd_bench_random_access [--regimes ...]
# [--data BOOK.npy] [--rows N] [--k 16,32,48] (docs/BENCHMARKS.md, "Random single rows: where the time goes").
add_executable(cdd_bench_random_access ${CMAKE_CURRENT_LIST_DIR}/random_access_bench.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bench_data.cpp ${CMAKE_CURRENT_LIST_DIR}/../tools/npy.cpp)
target_include_directories(cdd_bench_random_access PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(cdd_bench_random_access PRIVATE cdd_static cdd_deps)
