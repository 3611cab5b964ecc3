# The Debian package of the CLI (issue 17), made by CPack's DEB generator from the "cli" install
# component (bin/authlens under /usr):
#   cpack -G DEB --config build/native/CPackConfig.cmake -B DIR     →  DIR/authlens_<version>_<arch>.deb
# Depends is computed by dpkg-shlibdeps (Debian dpkg-dev) from the shared libraries the binary still
# links (with AUTHLENS_STATIC_DEPS on: libc, libssl, zlib on this machine). tests/install
# builds it, installs it into a temporary root with dpkg and runs it.
# cpack runs the "preinstall" target first, which by default builds `all` (every suite and benchmark):
# packaging, like `cmake --install`, takes what is built (build the CLI first).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)
set(CPACK_PACKAGE_NAME authlens)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "authlens")
set(CPACK_PACKAGE_CONTACT "authlens maintainers <authlens@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "email authentication checker (DKIM, SPF, DMARC, ARC) for the command line")
set(CPACK_PACKAGE_DESCRIPTION
    "authlens analyses a message's DKIM signatures, SPF, DMARC (RFC 9989 and RFC 7489), ARC chain and route, checks domains' records, builds records, reads DMARC aggregate reports and groups many messages into sending streams. DNS from a resolver, DNS-over-HTTPS, zone files or a recorded snapshot.")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# The CLI only (the library and headers are `cmake --install`'s): component packaging restricted to
# "cli", all of it in one package named authlens.
set(CPACK_COMPONENTS_ALL cli)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_NAME authlens)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
