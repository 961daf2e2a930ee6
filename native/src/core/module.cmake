# core/module.cmake — core sources (BLAKE3-128); their tests live in tests/format.
target_sources(cdd_obj PRIVATE ${CMAKE_CURRENT_LIST_DIR}/hash.cpp)
