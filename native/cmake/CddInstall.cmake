# CddInstall.cmake — installs libcdd (static + shared), cdd.h and a CMake package (find_package(cdd)
# gives cdd::cdd, the shared library).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS cdd_shared EXPORT cddTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The static library needs its dependencies at the user's link: it is installed as a plain archive.
install(TARGETS cdd_static ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/include/cdd/cdd.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cdd)

install(EXPORT cddTargets NAMESPACE cdd:: FILE cddTargets.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cdd)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/cddConfig.cmake.in
  "@PACKAGE_INIT@\ninclude(\"\${CMAKE_CURRENT_LIST_DIR}/cddTargets.cmake\")\n"
  "if(NOT TARGET cdd::cdd)\n  add_library(cdd::cdd INTERFACE IMPORTED)\n"
  "  set_target_properties(cdd::cdd PROPERTIES INTERFACE_LINK_LIBRARIES cdd::cdd_shared)\nendif()\n")
configure_package_config_file(${CMAKE_CURRENT_BINARY_DIR}/cddConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/cddConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cdd)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/cddConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/cddConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/cddConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cdd)
