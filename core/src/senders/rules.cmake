# Compiles core/data/sender-rules.json into authlens_senders (included from core/CMakeLists.txt), the
# way core/src/psl/table.cmake compiles the public suffix list: generated at build time, never copied.
set(AUTHLENS_SENDER_RULES "${PROJECT_SOURCE_DIR}/core/data/sender-rules.json")
if(TARGET authlens_senders)
  set(_rules_out "${CMAKE_CURRENT_BINARY_DIR}/generated/sender_rules.cpp")
  add_custom_command(OUTPUT "${_rules_out}"
    COMMAND "${CMAKE_COMMAND}" "-DIN=${AUTHLENS_SENDER_RULES}" "-DOUT=${_rules_out}"
            -P "${CMAKE_CURRENT_LIST_DIR}/generate_rules.cmake"
    DEPENDS "${AUTHLENS_SENDER_RULES}" "${CMAKE_CURRENT_LIST_DIR}/generate_rules.cmake"
            "${PROJECT_SOURCE_DIR}/cmake/write_if_changed.cmake"
    COMMENT "Compiling the mailbox providers' sender rules into the core"
    VERBATIM)
  target_sources(authlens_senders PRIVATE "${_rules_out}")
endif()
