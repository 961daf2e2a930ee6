# store/module.cmake — the Store interface, file stores (POSIX, Win32), memory stores and the callback
# store (the caller's functions), and their tests.
# store/mmap_store.* belongs to the read path and is listed by parallel/module.cmake.
target_sources(cdd_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_store_posix.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_store_win32.cpp
  ${CMAKE_CURRENT_LIST_DIR}/memory_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/callback_store.cpp)
if(TARGET cdd_tests)
  target_sources(cdd_tests PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../../tests/store/file_store_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../../tests/store/memory_store_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../../tests/store/callback_store_test.cpp)
endif()
