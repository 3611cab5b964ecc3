# Build-time step (cmake -P): turns the shared catalogs (i18n/report.<lang>.json, i18n/cli.<lang>.json,
# i18n/domain.<lang>.json at the repository's root — the same files the page merges, unchanged) into one
# sorted table per language in a C++ source, read by native-cli/i18n/catalog.cpp. -DSRC=<repo>/i18n -DOUT=<.cpp>
#
# Why a table and not the JSON text: parsing the catalogs into a hash map cost every process that printed
# text up to ≈ 1 ms (the Japanese report and domain files are 85 KB). Here the texts are decoded once, at
# build time; at run time a lookup bisects the keys in place, with nothing to parse, allocate or relocate
# (offsets into one char array per language, not pointers: docs/decisions.md, "Start-up of the CLI").
#
# Which file answers which key is the rule catalog.cpp had: the "cli." keys come from cli.<lang>.json only,
# every other key from report.<lang>.json then domain.<lang>.json (the first file that has a key wins).
if(NOT SRC OR NOT OUT)
  message(FATAL_ERROR "generate_catalogs.cmake: SRC and OUT are required")
endif()
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/write_if_changed.cmake")

# A C++ string literal for text: the decoded catalog text may hold quotes, backslashes and line ends; any
# other control character is refused (no catalog has one, and octal/hex escapes are not worth the risk).
string(ASCII 1 2 3 4 5 6 7 8 11 12 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 127 _catalog_controls)
function(_catalog_literal text out_var)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  string(REPLACE "\n" "\\n" text "${text}")
  string(REPLACE "\t" "\\t" text "${text}")
  string(REPLACE "\r" "\\r" text "${text}")
  if(text MATCHES "[${_catalog_controls}]")
    message(FATAL_ERROR "generate_catalogs.cmake: a control character in the text \"${text}\"")
  endif()
  set(${out_var} "\"${text}\"" PARENT_SCOPE)
endfunction()

set(body "// Generated from i18n/*.json by native-cli/i18n/generate_catalogs.cmake. Do not edit.\n")
string(APPEND body "#include \"i18n/catalog_data.hpp\"\n\nnamespace authlens::cli::i18n {\n")
foreach(lang en ja)
  set(keys "")
  foreach(part cli report domain)
    set(file "${SRC}/${part}.${lang}.json")
    file(READ "${file}" doc)
    string(JSON kind ERROR_VARIABLE err TYPE "${doc}")
    if(err OR NOT kind STREQUAL "OBJECT")
      message(FATAL_ERROR "${file}: not a JSON object (${err})")
    endif()
    string(JSON n LENGTH "${doc}")
    if(n EQUAL 0)
      continue()
    endif()
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
      string(JSON key MEMBER "${doc}" ${i})
      string(FIND "${key}" "cli." at)
      if((part STREQUAL "cli") AND NOT (at EQUAL 0))
        continue()  # the CLI's file answers only its own "cli." keys
      endif()
      if(NOT (part STREQUAL "cli") AND (at EQUAL 0))
        continue()  # and only it answers them
      endif()
      string(JSON type TYPE "${doc}" "${key}")
      if(NOT type STREQUAL "STRING")
        continue()  # only strings are texts (as the parser at run time skipped the rest)
      endif()
      if(NOT key MATCHES "^[A-Za-z0-9._/:+-]+$")
        # Keys are codes; anything else would need quoting in CMake's lists and variable names.
        message(FATAL_ERROR "${file}: the key \"${key}\" has a character other than A-Z a-z 0-9 . _ / : + -")
      endif()
      if(DEFINED "_text_${key}")
        continue()  # the first file that has the key wins
      endif()
      string(JSON "_text_${key}" GET "${doc}" "${key}")
      list(APPEND keys "${key}")
    endforeach()
  endforeach()
  # Sorted bytewise, as std::string_view compares: catalog.cpp bisects the table.
  list(SORT keys COMPARE STRING CASE SENSITIVE)

  set(chars "")
  set(entries "")
  set(offset 0)
  foreach(key IN LISTS keys)
    string(LENGTH "${key}" key_size)
    string(LENGTH "${_text_${key}}" text_size)
    math(EXPR text_offset "${offset} + ${key_size}")
    _catalog_literal("${key}" key_literal)
    _catalog_literal("${_text_${key}}" text_literal)
    string(APPEND chars "    ${key_literal} ${text_literal}\n")
    string(APPEND entries "    {${offset}, ${key_size}, ${text_offset}, ${text_size}},\n")
    math(EXPR offset "${text_offset} + ${text_size}")
    unset("_text_${key}")
  endforeach()
  list(LENGTH keys count)
  string(APPEND body "\n// ${lang}: ${count} texts, ${offset} bytes; each key followed by its text.\n")
  string(APPEND body "static const char chars_${lang}[] =\n${chars}    \"\";\n")
  string(APPEND body "static const catalog_entry entries_${lang}[] = {\n${entries}};\n")
  string(APPEND body "const catalog_table catalog_${lang}{chars_${lang}, entries_${lang}, ${count}};\n")
endforeach()
string(APPEND body "\n}  // namespace authlens::cli::i18n\n")
write_if_changed("${OUT}" "${body}")
