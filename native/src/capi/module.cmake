# capi/module.cmake — the C ABI (cdd.h): every capi/*.cpp is listed here, one line each, by its owner.
target_sources(cdd_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/async.cpp
  ${CMAKE_CURRENT_LIST_DIR}/threads.cpp
  ${CMAKE_CURRENT_LIST_DIR}/last_error.cpp
  ${CMAKE_CURRENT_LIST_DIR}/store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/verify.cpp
  ${CMAKE_CURRENT_LIST_DIR}/simd.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gen.cpp
  ${CMAKE_CURRENT_LIST_DIR}/advise.cpp)
if(TARGET cdd_tests)
  file(GLOB CDD_CAPI_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/../../tests/capi/*.cpp)
  target_sources(cdd_tests PRIVATE ${CDD_CAPI_TESTS})
endif()
