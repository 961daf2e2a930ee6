# ob/module.cmake — the order-book codecs (OKX_OB_*, GENERIC_OB_*); codec/registry.cpp registers them
# through register_orderbook_codecs() (ob/register.cpp) when CDD_HAVE_OB is defined.
target_sources(cdd_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/filter_params.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/book_filters.cpp
  ${CMAKE_CURRENT_LIST_DIR}/orderbook_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/register.cpp)
target_compile_definitions(cdd_obj PRIVATE CDD_HAVE_OB=1)

if(TARGET cdd_tests)
  file(GLOB CDD_OB_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/../../tests/ob/*_test.cpp)
  target_sources(cdd_tests PRIVATE ${CDD_OB_TEST_SOURCES})
endif()
