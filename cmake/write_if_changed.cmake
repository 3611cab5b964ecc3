# write_if_changed(FILE TEXT): writes TEXT to FILE unless FILE already holds exactly that, so a
# generated source whose input did not change keeps its time stamp and rebuilds nothing. Included by
# the build-time generators run with `cmake -P` (core/src/psl/generate_table.cmake,
# core/src/senders/generate_rules.cmake).
function(write_if_changed file text)
  if(EXISTS "${file}")
    file(READ "${file}" old)
    if(old STREQUAL text)
      return()
    endif()
  endif()
  file(WRITE "${file}" "${text}")
endfunction()
