# gen/ — the realistic order-book generator used by tests, benchmarks, the CLI demo and cdd_gen_* (C ABI,
# capi/gen.cpp).
target_sources(cdd_obj PRIVATE ${CMAKE_CURRENT_LIST_DIR}/orderbook_generator.cpp
  ${CMAKE_CURRENT_LIST_DIR}/regime_dynamics.cpp ${CMAKE_CURRENT_LIST_DIR}/regimes.cpp)
if(TARGET cdd_tests)
  target_sources(cdd_tests PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../../tests/gen/orderbook_generator_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../../tests/gen/capi_gen_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../../tests/gen/regimes_test.cpp)
endif()
