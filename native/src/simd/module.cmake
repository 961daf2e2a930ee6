# simd/module.cmake — the Highway-dispatched kernels (byte shuffle, float16, XOR, bitmap expand, planar interleave) and the
# target cap.
target_sources(cdd_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/target.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dispatch_probe.cpp
  ${CMAKE_CURRENT_LIST_DIR}/shuffle.cpp
  ${CMAKE_CURRENT_LIST_DIR}/float16.cpp
  ${CMAKE_CURRENT_LIST_DIR}/xor_kernels.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bitmap_expand.cpp
  ${CMAKE_CURRENT_LIST_DIR}/interleave.cpp)

if(TARGET cdd_tests)
  file(GLOB CDD_SIMD_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/../../tests/simd/*.cpp)
  target_sources(cdd_tests PRIVATE ${CDD_SIMD_TEST_SOURCES})
endif()
