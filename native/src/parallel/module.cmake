# parallel/module.cmake — the parallel_for backends, and (read-path section) the memory-mapped read store.
# Both backends are compiled; each compiles to nothing unless selected (tbb.cpp when cdd_deps defines
# CDD_HAVE_TBB=1, else serial.cpp).
target_sources(cdd_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/env_threads.cpp
  ${CMAKE_CURRENT_LIST_DIR}/serial.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tbb.cpp)

# store_mmap: native/src/store/mmap_store.* belongs to the read path (store/module.cmake does not list it).
target_sources(cdd_obj PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../store/mmap_store.cpp)

if(TARGET cdd_tests)
  target_sources(cdd_tests PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../../tests/parallel/parallel_for_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../../tests/store/mmap_store_test.cpp)
endif()
