# core/module.cmake — core sources (BLAKE3-128, per-thread objects); their tests live in tests/format.
target_sources(cdd_obj PRIVATE ${CMAKE_CURRENT_LIST_DIR}/hash.cpp ${CMAKE_CURRENT_LIST_DIR}/thread_object.cpp)
