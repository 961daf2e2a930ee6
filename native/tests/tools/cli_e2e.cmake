# cli_e2e.cmake — runs the `cdd` binary end to end (ctest ToolsCli.EndToEnd): usage errors exit 2,
# demo -> inspect -> export-npy -> import-npy -> verify -> export-npy round trip. (Corruption is covered
# by verify_corruption_test.cpp: CMake scripts cannot write binary files.)
# Invoked as: cmake -DCDD=<path to cdd> -DWORK=<scratch dir> [-DEMULATOR=<qemu|wine...>] -P cli_e2e.cmake
# (EMULATOR: the cross build's CMAKE_CROSSCOMPILING_EMULATOR, its words joined by "|").
string(REPLACE "|" ";" EMULATOR "${EMULATOR}")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(run_cdd expected_rc)
  execute_process(COMMAND ${EMULATOR} "${CDD}" ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "cdd ${ARGN}: exit ${rc}, expected ${expected_rc}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  set(last_out "${out}" PARENT_SCOPE)
  set(last_err "${err}" PARENT_SCOPE)
endfunction()

function(expect_contains text needle)
  string(FIND "${text}" "${needle}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "expected to find '${needle}' in:\n${text}")
  endif()
endfunction()

run_cdd(2)
run_cdd(2 frobnicate)
run_cdd(2 inspect)
run_cdd(2 import-npy a.npy)
run_cdd(2 import-npy a.npy b.cdd --codec nonsense)
expect_contains("${last_err}" "unknown codec 'nonsense'")
run_cdd(2 export-npy a.cdd b.npy --rows 5)
run_cdd(2 demo --rows -4)
run_cdd(0 version)
run_cdd(1 verify "${WORK}/missing.cdd")

run_cdd(0 demo --rows 5000 --slices 20 --dir "${WORK}")
expect_contains("${last_out}" "bit-exact")
expect_contains("${last_out}" "GB/s")
run_cdd(0 inspect "${WORK}/book.cdd")
expect_contains("${last_out}" "float32 (5000, 50, 3)")
run_cdd(0 inspect "${WORK}/book.cdd" --json --chunks)
expect_contains("${last_out}" "\"index_blocks\"")
expect_contains("${last_out}" "\"chunk_list\"")
run_cdd(0 verify "${WORK}/timestamps.cdd")
expect_contains("${last_out}" "OK (5000 rows")

run_cdd(0 export-npy "${WORK}/book.cdd" "${WORK}/a.npy" --rows 1000:4321 --quiet)
run_cdd(0 import-npy "${WORK}/a.npy" "${WORK}/a.cdd" --codec shuffle --stage lz4 --chunk-rows 333
        --index-capacity 2 --quiet)
run_cdd(0 verify "${WORK}/a.cdd")
run_cdd(0 export-npy "${WORK}/a.cdd" "${WORK}/b.npy")
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${WORK}/a.npy" "${WORK}/b.npy" RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "export-npy after import-npy differs")
endif()

# A file that is not a CDD file: verify and inspect exit 1 naming the bytes found.
file(WRITE "${WORK}/not.cdd" "this is plain text, not a cdd file")
run_cdd(1 verify "${WORK}/not.cdd")
run_cdd(1 inspect "${WORK}/not.cdd")
file(REMOVE_RECURSE "${WORK}")
