# The libFuzzer harnesses, one per entry point (tests/fuzz/README). Included by
# the top-level CMakeLists.txt when OCTAVO_FUZZ is ON, which has already built
# octavo_core with ASan, UBSan and the fuzzer's coverage instrumentation.
foreach(h markdown manifest book pdf)
  add_executable(fuzz_${h} ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${h}.c
                           ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_util.c)
  target_link_libraries(fuzz_${h} PRIVATE octavo_core)
  target_include_directories(fuzz_${h} PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz)
  target_compile_options(fuzz_${h} PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_${h} PRIVATE -fsanitize=fuzzer)
  octavo_target_warnings(fuzz_${h})
endforeach()
