# Dependencies arrive through Debian (native) or are built from Debian source packages by
# scripts/setup.sh into build/deps (WebAssembly). Nothing third-party is committed.
if(EMSCRIPTEN)
  # Under emcmake, find_package sees no Debian headers and -I/usr/include breaks the build:
  # give the compiler a folder that holds only nlohmann/.
  set(AUTHLENS_JSON_SHIM "${CMAKE_BINARY_DIR}/json-shim")
  if(NOT EXISTS "${AUTHLENS_JSON_SHIM}/nlohmann")
    file(MAKE_DIRECTORY "${AUTHLENS_JSON_SHIM}")
    file(COPY /usr/include/nlohmann DESTINATION "${AUTHLENS_JSON_SHIM}")
  endif()
  add_library(authlens_json INTERFACE)
  target_include_directories(authlens_json SYSTEM INTERFACE "${AUTHLENS_JSON_SHIM}")

  set(AUTHLENS_WASM_DEPS "${PROJECT_SOURCE_DIR}/build/deps/wasm" CACHE PATH "Mbed TLS built for wasm by scripts/setup.sh")
  add_library(authlens_mbedcrypto STATIC IMPORTED)
  set_target_properties(authlens_mbedcrypto PROPERTIES
    IMPORTED_LOCATION "${AUTHLENS_WASM_DEPS}/lib/libmbedcrypto.a"
    INTERFACE_INCLUDE_DIRECTORIES "${AUTHLENS_WASM_DEPS}/include")
  # Ed25519 (RFC 8032/8463): libsodium built for wasm by the set-up script into the same prefix.
  add_library(authlens_sodium STATIC IMPORTED)
  set_target_properties(authlens_sodium PROPERTIES
    IMPORTED_LOCATION "${AUTHLENS_WASM_DEPS}/lib/libsodium.a"
    INTERFACE_INCLUDE_DIRECTORIES "${AUTHLENS_WASM_DEPS}/include")
  # DMARC aggregate reports: pugixml (XML) and zlib (gzip, zip deflate), built by the set-up script.
  add_library(authlens_pugixml STATIC IMPORTED)
  set_target_properties(authlens_pugixml PROPERTIES
    IMPORTED_LOCATION "${AUTHLENS_WASM_DEPS}/lib/libpugixml.a"
    INTERFACE_INCLUDE_DIRECTORIES "${AUTHLENS_WASM_DEPS}/include"
    INTERFACE_COMPILE_DEFINITIONS "PUGIXML_NO_EXCEPTIONS")
  add_library(authlens_zlib STATIC IMPORTED)
  set_target_properties(authlens_zlib PROPERTIES
    IMPORTED_LOCATION "${AUTHLENS_WASM_DEPS}/lib/libz.a"
    INTERFACE_INCLUDE_DIRECTORIES "${AUTHLENS_WASM_DEPS}/include")
else()
  # Static archives for the libraries every native process maps (Debian's -dev packages ship them):
  # a one-message `authlens analyze` spent more time in the dynamic loader (mapping and relocating
  # libcrypto, libmbedcrypto, libsodium, libpugixml, libz) than in the analysis (issue 16,
  # docs/decisions.md "Start-up"). OFF links the shared libraries as before.
  option(AUTHLENS_STATIC_DEPS "Link Mbed TLS, libsodium, pugixml, zlib and OpenSSL's libcrypto statically (native)" ON)
  # The archive of `name` when AUTHLENS_STATIC_DEPS is ON and it exists, else the shared `shared`.
  function(authlens_prefer_static out name shared)
    set(${out} "${shared}" PARENT_SCOPE)
    if(AUTHLENS_STATIC_DEPS)
      find_library(${out}_ARCHIVE NAMES lib${name}.a)
      if(${out}_ARCHIVE)
        set(${out} "${${out}_ARCHIVE}" PARENT_SCOPE)
      endif()
    endif()
  endfunction()
  if(AUTHLENS_STATIC_DEPS)
    set(OPENSSL_USE_STATIC_LIBS TRUE)
    set(ZLIB_USE_STATIC_LIBS ON)
  endif()
  find_package(nlohmann_json 3 REQUIRED)
  add_library(authlens_json INTERFACE)
  target_link_libraries(authlens_json INTERFACE nlohmann_json::nlohmann_json)

  # Mbed TLS, libsodium and pugixml are found by path. Each gets an INTERFACE target that the
  # installed package exports (cmake/install.cmake): in the build tree it names the library found
  # here; installed, it names authlens::system_<lib>, an imported target that authlensConfig.cmake
  # makes by finding the library again on the consumer's machine (no absolute path is exported).
  find_path(MBEDTLS_INCLUDE_DIR mbedtls/version.h REQUIRED)
  find_library(MBEDCRYPTO_LIBRARY mbedcrypto REQUIRED)
  # (The native DoH client is libcurl's: native-cli/CMakeLists.txt finds it. Mbed TLS is the crypto only.)
  # Ed25519 (RFC 8032/8463): Debian libsodium-dev.
  find_path(SODIUM_INCLUDE_DIR sodium.h REQUIRED)
  find_library(SODIUM_LIBRARY sodium REQUIRED)
  # DMARC aggregate reports: Debian libpugixml-dev (XML) and zlib1g-dev (gzip, zip deflate).
  find_path(PUGIXML_INCLUDE_DIR pugixml.hpp REQUIRED)
  find_library(PUGIXML_LIBRARY pugixml REQUIRED)
  foreach(lib IN ITEMS mbedcrypto sodium pugixml)
    string(TOUPPER "${lib}" up)
    if(lib STREQUAL mbedcrypto)
      set(inc "${MBEDTLS_INCLUDE_DIR}")
    else()
      set(inc "${${up}_INCLUDE_DIR}")
    endif()
    authlens_prefer_static(_${lib}_lib ${lib} "${${up}_LIBRARY}")  # the archive under AUTHLENS_STATIC_DEPS
    add_library(authlens_${lib} INTERFACE)
    target_include_directories(authlens_${lib} SYSTEM INTERFACE "$<BUILD_INTERFACE:${inc}>")
    target_link_libraries(authlens_${lib} INTERFACE "$<BUILD_INTERFACE:${_${lib}_lib}>"
                                                    "$<INSTALL_INTERFACE:authlens::system_${lib}>")
  endforeach()
  find_package(ZLIB REQUIRED)
  add_library(authlens_zlib INTERFACE)
  target_link_libraries(authlens_zlib INTERFACE ZLIB::ZLIB)
endif()

# The crypto backend for hashes and RSA verification (core/src/crypto/backend/, docs/decisions.md
# "Crypto backends"): OpenSSL 3 libcrypto natively (SHA-NI/AVX2 chosen at run time), Mbed TLS 2.28
# for WebAssembly (there is no OpenSSL in the wasm build) or by choice. Key parsing, generation and
# signing stay on Mbed TLS in both.
if(EMSCRIPTEN)
  set(AUTHLENS_CRYPTO_BACKEND mbedtls CACHE STRING "Hashes and RSA verification (forced to mbedtls for WebAssembly)" FORCE)
else()
  set(AUTHLENS_CRYPTO_BACKEND openssl CACHE STRING "Hashes and RSA verification: openssl (fast, native) or mbedtls (portable)")
  set_property(CACHE AUTHLENS_CRYPTO_BACKEND PROPERTY STRINGS openssl mbedtls)
endif()
if(NOT AUTHLENS_CRYPTO_BACKEND MATCHES "^(openssl|mbedtls)$")
  message(FATAL_ERROR "AUTHLENS_CRYPTO_BACKEND must be openssl or mbedtls, not '${AUTHLENS_CRYPTO_BACKEND}'")
endif()
add_library(authlens_crypto_backend_mbedtls INTERFACE)
target_link_libraries(authlens_crypto_backend_mbedtls INTERFACE authlens_mbedcrypto)
if(AUTHLENS_CRYPTO_BACKEND STREQUAL openssl)
  # Debian libssl-dev (scripts/setup.sh).
  find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)
  add_library(authlens_crypto_backend_openssl INTERFACE)
  target_link_libraries(authlens_crypto_backend_openssl INTERFACE OpenSSL::Crypto)
endif()
message(STATUS "authlens crypto backend: ${AUTHLENS_CRYPTO_BACKEND}")
