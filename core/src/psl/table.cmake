# Compiles the public suffix list into authlens_psl (included from core/CMakeLists.txt).
# The Debian `publicsuffix` package provides the file (scripts/setup.sh installs it); another list
# can be chosen with -DAUTHLENS_PSL_FILE=…, and a newer one loaded at run time (psl::list::parse).
set(AUTHLENS_PSL_FILE "/usr/share/publicsuffix/public_suffix_list.dat" CACHE FILEPATH
    "Public Suffix List compiled into the core (RFC 7489 organisational domains)")
if(TARGET authlens_psl)
  set(_psl_in "${AUTHLENS_PSL_FILE}")
  set(_psl_deps "${CMAKE_CURRENT_LIST_DIR}/generate_table.cmake")
  if(EXISTS "${_psl_in}")
    list(APPEND _psl_deps "${_psl_in}")
  else()
    message(WARNING "psl: ${_psl_in} not found (install the Debian `publicsuffix` package, scripts/setup.sh); "
                    "the built-in list will be empty and RFC 7489 organisational domains will fall back to the "
                    "implicit `*` rule")
    set(_psl_in "")
  endif()
  set(_psl_out "${CMAKE_CURRENT_BINARY_DIR}/generated/psl_table.cpp")
  add_custom_command(OUTPUT "${_psl_out}"
    COMMAND "${CMAKE_COMMAND}" "-DIN=${_psl_in}" "-DOUT=${_psl_out}" -P "${CMAKE_CURRENT_LIST_DIR}/generate_table.cmake"
    DEPENDS ${_psl_deps} "${PROJECT_SOURCE_DIR}/cmake/write_if_changed.cmake"
    COMMENT "Compiling the public suffix list into the core"
    VERBATIM)
  target_sources(authlens_psl PRIVATE "${_psl_out}")
  target_include_directories(authlens_psl PRIVATE "${CMAKE_CURRENT_LIST_DIR}")  # table.hpp
endif()
