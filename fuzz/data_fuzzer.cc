// libFuzzer target for the data readers: IDX (ParseIdx, MNIST's format), Matrix Market
// (ParseMatrixMarket, and ParseComplexMatrixMarket with what `optics decompose` then does to a
// small square matrix), right-hand-side vectors (ParseVector) and SPU traces (ParseTrace). The
// first byte picks the parser.
//
// Any input must parse or throw landauer::InputError; a crash, a sanitizer report, a hang, an
// allocation beyond the memory budget or any other exception is a bug. The budget is set to
// 64 MiB (LANDAUER_MEMORY_LIMIT), so a size line asking for gigabytes must be refused by
// CheckMemory before anything is allocated, as on a real machine. What parses is checked:
//   build-fuzz/bin/data_fuzzer -runs=20000 fuzz/data_corpus
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "landauer/core/errors.h"
#include "landauer/data/idx_reader.h"
#include "landauer/optical/mzi_mesh.h"
#include "landauer/thermo/matrix_market.h"
#include "landauer/thermo/trace_file.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ::setenv("LANDAUER_MEMORY_LIMIT", "64M", 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t* body = data + 1;
  const std::size_t length = size - 1;
  try {
    switch (data[0] % 5) {
      case 0: {
        const landauer::IdxArray array =
            landauer::ParseIdx(std::vector<std::uint8_t>(body, body + length), "fuzz.idx");
        std::size_t elements = 1;
        for (const std::int64_t d : array.dims) elements *= static_cast<std::size_t>(d);
        if (array.data.size() != elements) __builtin_trap();  // exactly the promised bytes
        break;
      }
      case 1: {
        const std::string text(reinterpret_cast<const char*>(body), length);
        const landauer::thermo::ColMatrixD a =
            landauer::thermo::ParseMatrixMarket(text, "fuzz.mtx");
        if (a.rows() < 1 || a.cols() < 1 || !a.allFinite()) __builtin_trap();
        if (a.rows() == a.cols() && a.rows() <= 32) {
          try {
            landauer::thermo::CheckSymmetricPositiveDefinite(a, "fuzz.mtx");
          } catch (const landauer::InputError&) {
          }
        }
        break;
      }
      case 2: {
        const std::string text(reinterpret_cast<const char*>(body), length);
        const Eigen::VectorXd b = landauer::thermo::ParseVector(text, "fuzz.rhs");
        if (b.size() < 1 || !b.allFinite()) __builtin_trap();
        break;
      }
      case 4: {
        const std::string text(reinterpret_cast<const char*>(body), length);
        const auto [re, im] = landauer::thermo::ParseComplexMatrixMarket(text, "fuzz.mtx");
        if (re.rows() < 1 || re.rows() != im.rows() || re.cols() != im.cols() || !re.allFinite() ||
            !im.allFinite()) {
          __builtin_trap();
        }
        if (re.rows() == re.cols() && re.rows() <= 16) {
          landauer::optical::MatrixC u(re.rows(), re.cols());
          for (Eigen::Index i = 0; i < re.size(); ++i) {
            u.data()[i] = {re.data()[i], im.data()[i]};
          }
          try {
            const landauer::optical::MziMesh mesh = landauer::optical::DecomposeClements(u);
            if ((mesh.Matrix() - u).cwiseAbs().maxCoeff() > 1e-6) __builtin_trap();
          } catch (const std::invalid_argument&) {
          }
        }
        break;
      }
      default: {
        const std::string text(reinterpret_cast<const char*>(body), length);
        const landauer::thermo::Trace trace = landauer::thermo::ParseTrace(text, "fuzz.csv");
        if (trace.chains.empty() || !(trace.step_tau >= 0.0)) __builtin_trap();
        for (const landauer::thermo::ColMatrixD& chain : trace.chains) {
          if (chain.rows() != trace.chains.front().rows() || chain.cols() < 1 ||
              !chain.allFinite()) {
            __builtin_trap();
          }
        }
        // What parses formats and parses back to the same samples.
        const landauer::thermo::Trace back =
            landauer::thermo::ParseTrace(landauer::thermo::FormatTrace(trace), "fuzz.csv");
        if (back.chains.size() != trace.chains.size()) __builtin_trap();
        for (std::size_t c = 0; c < back.chains.size(); ++c) {
          if (back.chains[c] != trace.chains[c]) __builtin_trap();
        }
        break;
      }
    }
  } catch (const landauer::InputError&) {
    // Expected for bad input.
  }
  return 0;
}
