# Installing authlens (native builds only; included from the top-level CMakeLists.txt).
#   cmake --install build/native [--prefix DIR]      # everything: component "dev" and component "cli"
# - dev: the core's static libraries (one per area, lib/libauthlens_<area>.a), the public headers
#   (include/authlens/), the CMake package (lib/cmake/authlens: authlensConfig.cmake, its version
#   file and the exported targets, so `find_package(authlens)` gives `authlens::core`) and the
#   pkg-config file (lib/pkgconfig/authlens.pc);
# - cli: bin/authlens (also what the Debian package holds: cmake/package.cmake).
# Both the CMake package and the .pc file find the prefix from their own location, so a tree
# installed with `--prefix` elsewhere than CMAKE_INSTALL_PREFIX still works (tests/install).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

get_property(authlens_areas GLOBAL PROPERTY AUTHLENS_AREAS)
set(authlens_area_targets)
foreach(area IN LISTS authlens_areas)
  list(APPEND authlens_area_targets authlens_${area})
endforeach()

# What the areas link, exported beside them as authlens::detail_<name> (INTERFACE targets: in the
# installed package they name the dependency's own imported target, found by authlensConfig.cmake).
set(authlens_detail_targets authlens_json authlens_mbedcrypto authlens_sodium authlens_pugixml authlens_zlib
    authlens_crypto_backend_${AUTHLENS_CRYPTO_BACKEND})
foreach(t IN LISTS authlens_detail_targets)
  string(REPLACE "authlens_" "detail_" export_name "${t}")
  set_target_properties(${t} PROPERTIES EXPORT_NAME ${export_name})
endforeach()

set(AUTHLENS_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/authlens")
install(TARGETS authlens_core ${authlens_area_targets} ${authlens_detail_targets}
  EXPORT authlensTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT dev
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/core/include/authlens"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" COMPONENT dev
  FILES_MATCHING PATTERN "*.hpp")
install(EXPORT authlensTargets NAMESPACE authlens:: DESTINATION "${AUTHLENS_CMAKE_DIR}" COMPONENT dev)

set(AUTHLENS_DEBIAN_DEV_PACKAGES "libmbedtls-dev libsodium-dev libpugixml-dev")
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/authlensConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/authlensConfig.cmake" INSTALL_DESTINATION "${AUTHLENS_CMAKE_DIR}")
# 0.x: a minor version may change the API (SameMinorVersion); from 1.0, SameMajorVersion.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/authlensConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/authlensConfig.cmake" "${PROJECT_BINARY_DIR}/authlensConfigVersion.cmake"
  DESTINATION "${AUTHLENS_CMAKE_DIR}" COMPONENT dev)

# pkg-config: static libraries only, so `Libs` names every area (dependents first) and the system
# libraries they need; nlohmann_json (headers used by authlens/report.hpp) comes through Requires.
set(AUTHLENS_PC_LIBS "")
set(_areas_reversed ${authlens_areas})
list(REVERSE _areas_reversed)
foreach(area IN LISTS _areas_reversed)
  string(APPEND AUTHLENS_PC_LIBS " -lauthlens_${area}")
endforeach()
string(APPEND AUTHLENS_PC_LIBS " -lmbedcrypto -lsodium -lpugixml")
set(AUTHLENS_PC_REQUIRES "nlohmann_json >= 3, zlib")
if(AUTHLENS_CRYPTO_BACKEND STREQUAL openssl)
  string(APPEND AUTHLENS_PC_REQUIRES ", libcrypto >= 3")
endif()
set(AUTHLENS_PKGCONFIG_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
file(RELATIVE_PATH AUTHLENS_PC_PREFIX_FROM_PCDIR "/prefix/${AUTHLENS_PKGCONFIG_DIR}" "/prefix")
string(REGEX REPLACE "/$" "" AUTHLENS_PC_PREFIX_FROM_PCDIR "${AUTHLENS_PC_PREFIX_FROM_PCDIR}")  # "../.."
configure_file("${CMAKE_CURRENT_LIST_DIR}/authlens.pc.in" "${PROJECT_BINARY_DIR}/authlens.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/authlens.pc" DESTINATION "${AUTHLENS_PKGCONFIG_DIR}" COMPONENT dev)

if(TARGET authlens)
  install(TARGETS authlens RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT cli)
endif()
