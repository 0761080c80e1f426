// Reversible-circuit simulator throughput, and Bennett compilation time.
//   cmake --preset bench && cmake --build --preset bench
//   build/bin/rev_simulator_benchmark [FILE.real] [--words W] [--seconds S]
// Without a file it simulates a seeded random circuit of 16 lines and 1000 gates (NOT/CNOT/
// Toffoli/Fredkin/Peres with up to 3 controls, some negative). Prints one JSON object:
// gate_patterns_per_s (gates x patterns per second, one core) and the 8-bit MAC compile time.
// bench/rev_sim_vs_numpy.py runs it next to a NumPy bit-parallel simulator of the same file.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "landauer/core/rng.h"
#include "landauer/reversible/arithmetic.h"
#include "landauer/reversible/bennett.h"
#include "landauer/reversible/revlib.h"
#include "landauer/reversible/simulator.h"

namespace {

using namespace landauer::reversible;

Circuit RandomCircuit(int lines, int gates, std::uint64_t seed) {
  Circuit c;
  for (int l = 0; l < lines; ++l) c.AddLine("x" + std::to_string(l));
  landauer::Rng rng(seed, "bench", "circuit");
  for (int i = 0; i < gates; ++i) {
    const int kind = static_cast<int>(rng.UniformInt(5));  // Toffoli-family three times as often
    const int controls = static_cast<int>(rng.UniformInt(4));
    const int targets = kind >= 3 ? 2 : 1;
    std::vector<int> used;
    while (static_cast<int>(used.size()) < controls + targets) {
      const int l = static_cast<int>(rng.UniformInt(static_cast<std::uint64_t>(lines)));
      bool seen = false;
      for (int u : used) seen = seen || u == l;
      if (!seen) used.push_back(l);
    }
    Gate g;
    g.kind = kind < 3 ? GateKind::kToffoli : kind == 3 ? GateKind::kFredkin : GateKind::kPeres;
    for (int k = 0; k < controls; ++k)
      g.controls.push_back({used[static_cast<std::size_t>(k)], rng.UniformInt(4) != 0});
    g.targets.assign(used.begin() + controls, used.end());
    c.AddGate(g);
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  std::string file;
  std::size_t words = 1024;  // 65,536 patterns per pass
  double seconds = 1.0;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--words") && i + 1 < argc) {
      words = std::stoul(argv[++i]);
    } else if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc) {
      seconds = std::stod(argv[++i]);
    } else {
      file = argv[i];
    }
  }
  const Circuit circuit = file.empty() ? RandomCircuit(16, 1000, 1) : ReadReal(file);
  const auto n = static_cast<int>(circuit.InputLines().size());
  std::vector<std::uint64_t> inputs(static_cast<std::size_t>(n) * words);
  landauer::Rng rng(2, "bench", "patterns");
  for (std::uint64_t& w : inputs) w = rng.NextU64();
  std::vector<std::uint64_t> state = PrepareState(circuit, inputs, words);
  Simulate(circuit, state, words);  // warm-up
  std::int64_t passes = 0;
  const auto start = std::chrono::steady_clock::now();
  double elapsed = 0.0;
  while (elapsed < seconds) {
    Simulate(circuit, state, words);
    ++passes;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  std::uint64_t checksum = 0;
  for (std::uint64_t w : state) checksum ^= w;
  const double rate = static_cast<double>(passes) * circuit.num_gates() * 64.0 *
                      static_cast<double>(words) / elapsed;
  // Bennett compilation of the 8-bit MAC (best of 5).
  double compile_s = 1e30;
  int mac_gates = 0;
  for (int r = 0; r < 5; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const Circuit mac = CompileBennett(Mac(8)).circuit;
    compile_s = std::min(
        compile_s, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    mac_gates = mac.num_gates();
  }
  std::printf(
      "{\"circuit\": \"%s\", \"lines\": %d, \"gates\": %d, \"patterns_per_pass\": %zu, \"passes\": "
      "%lld, "
      "\"seconds\": %.4f, \"gate_patterns_per_s\": %.4e, \"checksum\": %llu, \"mac8_compile_s\": "
      "%.6f, "
      "\"mac8_gates\": %d}\n",
      file.empty() ? "random 16x1000" : file.c_str(),
      circuit.num_lines(),
      circuit.num_gates(),
      64 * words,
      static_cast<long long>(passes),
      elapsed,
      rate,
      static_cast<unsigned long long>(checksum),
      compile_s,
      mac_gates);
  return 0;
}
