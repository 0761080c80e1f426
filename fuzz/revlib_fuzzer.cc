// libFuzzer target for the reversible-circuit parsers: RevLib .real (ParseReal) and the logic
// netlist language (ParseLogic). The first byte picks the parser.
//
// Any input must parse or throw landauer::InputError; a crash, a sanitizer report, a hang or any
// other exception is a bug. What parses is also formatted, re-parsed, simulated and compiled:
//   build-fuzz/bin/revlib_fuzzer -runs=20000 fuzz/revlib_corpus
#include <cstddef>
#include <cstdint>
#include <string>

#include "landauer/core/errors.h"
#include "landauer/reversible/bennett.h"
#include "landauer/reversible/metrics.h"
#include "landauer/reversible/revlib.h"
#include "landauer/reversible/simulator.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  using namespace landauer::reversible;
  try {
    if (data[0] & 1) {
      const Circuit circuit = ParseReal(text, "fuzz.real");
      const Circuit again = ParseReal(FormatReal(circuit), "formatted.real");
      if (!(again.gates() == circuit.gates())) __builtin_trap();
      (void)ComputeStats(circuit);
      if (circuit.InputLines().size() <= 10 && circuit.num_gates() < 2000)
        (void)TruthTable(circuit);
    } else {
      const LogicNetwork network = ParseLogic(text, "fuzz.logic");
      if (network.num_gates() < 2000 && network.inputs().size() <= 12) {
        const Circuit circuit = CompileBennett(network).circuit;
        if (!VerifyAgainstNetwork(circuit, network).ok) __builtin_trap();
      }
    }
  } catch (const landauer::InputError&) {
    // Expected for bad input.
  }
  return 0;
}
