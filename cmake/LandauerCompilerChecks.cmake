# Checks of the compiler against the flags we build with.
#
# GCC 12.2 (Debian 12's compiler), with AVX-512 enabled (-march=native on an AVX-512 machine, or
# -march=x86-64-v4), miscompiles small vector constants: at -O2 and -O3 its SLP vectoriser builds
# std::vector<double>{4, 4, 0, 0} as {4, 4, 4, 4} (a broadcast whose zero lanes are lost). Found
# in landauer's MoE tests; vespa-engine/vespa PR #25786 reports the same class of bad broadcast
# with GCC 12 and moved to GCC 13. When the reproducer below fails with our flags, the SLP
# vectoriser is turned off (-fno-tree-slp-vectorize); loop vectorisation and Eigen's explicit
# SIMD are unaffected. README.md ("Building by hand") records it.
include(CheckCXXSourceRuns)

function(landauer_check_slp_vectorizer out_flags)
  set(${out_flags} "" PARENT_SCOPE)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR NOT LANDAUER_NATIVE OR CMAKE_CROSSCOMPILING)
    return()
  endif()
  set(CMAKE_REQUIRED_FLAGS "-O2 -march=native")
  set(CMAKE_REQUIRED_QUIET ON)
  check_cxx_source_runs([=[
#include <cstdint>
#include <vector>
__attribute__((noipa)) int Wrong(const double* d, const std::int64_t* i) {
  return d[0] != 4 || d[1] != 4 || d[2] != 0 || d[3] != 0 || i[0] != 4 || i[1] != 4 ||
         i[2] != 0 || i[3] != 0;
}
int main() {
  const std::vector<double> d = {4, 4, 0, 0};
  const std::vector<std::int64_t> i = {4, 4, 0, 0};
  return Wrong(d.data(), i.data());
}
]=] LANDAUER_SLP_VECTOR_CONSTANTS_OK)
  if(NOT LANDAUER_SLP_VECTOR_CONSTANTS_OK)
    message(STATUS "landauer: ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION} miscompiles "
                   "vector constants with -march=native; building with -fno-tree-slp-vectorize")
    set(${out_flags} "-fno-tree-slp-vectorize" PARENT_SCOPE)
  endif()
endfunction()

# Flags for the sources whose loops call core/float_math.h (a list; empty where the compiler
# takes none of them): -fno-trapping-math lets GCC's loop vectoriser if-convert float min, max
# and rounding, -fno-math-errno lets it use the sqrt instruction, and, on x86 with AVX-512,
# -mprefer-vector-width=512 lets it use the full registers (GCC prefers 256 bits by default).
# None of them changes a value: no trap is ever enabled and errno is never read here.
include(CheckCXXCompilerFlag)

function(landauer_vector_math_flags out_flags)
  set(flags "")
  foreach(flag -fno-trapping-math -fno-math-errno -mprefer-vector-width=512)
    string(MAKE_C_IDENTIFIER "LANDAUER_HAS${flag}" var)
    check_cxx_compiler_flag(${flag} ${var})
    if(${var})
      list(APPEND flags ${flag})
    endif()
  endforeach()
  set(${out_flags} "${flags}" PARENT_SCOPE)
endfunction()
