# async/module.cmake — the async executor and the C++20 coroutine API (awaitable reads and appends).
target_sources(cdd_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/executor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/io_tasks.cpp)

if(TARGET cdd_tests)
  target_sources(cdd_tests PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../../tests/async/executor_task_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../../tests/async/io_tasks_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../../tests/async/capi_async_test.cpp)
endif()
