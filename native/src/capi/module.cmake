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

# A plain C program over the shared library: cdd.h compiles as C, the exported ABI works, and on Windows
# cdd.dll loads by name (ctest CApi.CProgramOverSharedLibrary; cross builds run it under qemu / wine).
if(TARGET cdd_tests)
  add_executable(cdd_c_abi_smoke ${CMAKE_CURRENT_LIST_DIR}/../../tests/c_abi/c_abi_smoke.c)
  target_link_libraries(cdd_c_abi_smoke PRIVATE cdd_shared cdd_warnings)
  set_target_properties(cdd_c_abi_smoke PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  add_test(NAME CApi.CProgramOverSharedLibrary
           COMMAND cdd_c_abi_smoke ${CMAKE_CURRENT_BINARY_DIR}/c_abi_smoke.cdd)
endif()
