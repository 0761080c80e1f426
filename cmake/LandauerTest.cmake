# landauer_test(NAME SOURCES... [LABEL fast|slow] [LIBS ...])
# Registers a GoogleTest executable in one line (after Ceres' ceres_test).
# Every test carries a label: `fast` (the default, seconds) or `slow`.
function(landauer_test name)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_LABEL)
    set(ARG_LABEL fast)
  endif()
  if(NOT ARG_SOURCES)
    set(ARG_SOURCES ${ARG_UNPARSED_ARGUMENTS})
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE landauer landauer_test_support GTest::gtest_main ${ARG_LIBS})
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  set_tests_properties(${name} PROPERTIES LABELS ${ARG_LABEL}
    ENVIRONMENT "LANDAUER_DATA_DIR=${PROJECT_SOURCE_DIR}/data")
endfunction()
