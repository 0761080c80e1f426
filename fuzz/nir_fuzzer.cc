// libFuzzer target for the NIR reader (spiking/nir.h), the network that runs a NIR graph
// (spiking/nir_network.h) and the input-trace parser (spiking/input_trace.h). The first byte
// picks the target:
//   even  the rest is an input trace (CSV): it must parse or throw landauer::InputError;
//   odd   the rest drives a generator of NIR graphs — node types (known, unknown), parameters
//         (present, missing, of any shape), values (zero, negative, huge) and edges (to nodes,
//         to missing ones) — written to HDF5 by SerializeNir and read back by ParseNir. A graph
//         must read back equal to what was written, or be refused with InputError; one that
//         reads is run for a few steps, which must either work or throw InputError.
// The HDF5 container itself is libhdf5's (a Debian library, not fuzzed here): what this reaches
// is every check landauer makes on what the container holds. Truncated and corrupted files are
// unit-tested (nir_test.cc, cli_test.cc).
//   build-fuzz/bin/nir_fuzzer -runs=20000 fuzz/nir_corpus
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "landauer/core/errors.h"
#include "landauer/spiking/input_trace.h"
#include "landauer/spiking/nir.h"
#include "landauer/spiking/nir_network.h"

namespace {

using landauer::spiking::NirArray;
using landauer::spiking::NirGraph;
using landauer::spiking::NirNode;

struct Bytes {
  const std::uint8_t* data;
  std::size_t size, at = 0;
  std::uint8_t Next() { return at < size ? data[at++] : 0; }
  double Value() {
    static constexpr double kSpecial[] = {0.0, 1.0, -1.0, 1e-3, 2.5e-3, 1e300, -1e-300, 0.1};
    const std::uint8_t b = Next();
    return b < 16 ? kSpecial[b % 8] : (static_cast<double>(b) - 128.0) / 32.0;
  }
};

const char* const kTypes[] = {"Input",
                              "Output",
                              "Affine",
                              "Linear",
                              "LIF",
                              "IF",
                              "CubaLIF",
                              "Scale",
                              "Threshold",
                              "Flatten",
                              "LI",
                              "Conv2d",
                              "Izhikevich",
                              "NIRGraph"};
const char* const kParams[] = {"weight",
                               "bias",
                               "tau",
                               "r",
                               "v_leak",
                               "v_threshold",
                               "v_reset",
                               "tau_mem",
                               "tau_syn",
                               "w_in",
                               "scale",
                               "threshold",
                               "shape",
                               "start_dim",
                               "end_dim"};

NirGraph Generate(Bytes& in) {
  NirGraph g;
  g.version = in.Next() % 2 ? "1.0.0" : "0.2.0";
  const int nodes = 1 + in.Next() % 6;
  for (int n = 0; n < nodes; ++n) {
    NirNode node;
    node.type = kTypes[in.Next() % std::size(kTypes)];
    const int params = in.Next() % 7;
    for (int p = 0; p < params; ++p) {
      const std::string name = kParams[in.Next() % std::size(kParams)];
      const std::uint8_t shape = in.Next();
      if (name == "shape" || name == "start_dim" || name == "end_dim") {
        // Mostly small sizes; sometimes zero, negative or past any memory.
        static constexpr std::int64_t kOdd[] = {0, -2, std::int64_t{1} << 40, 3};
        node.data.datasets[name] =
            NirArray::Int({shape < 240 ? 1 + shape % 4 : kOdd[shape % 4]}, {1});
        continue;
      }
      std::vector<std::int64_t> dims;
      if (shape % 4 != 0) dims.push_back(1 + (shape / 4) % 3);
      if (shape % 4 == 3) dims.push_back(1 + (shape / 16) % 3);
      std::int64_t count = 1;
      for (const std::int64_t d : dims) count *= d;
      std::vector<double> values;
      for (std::int64_t k = 0; k < count; ++k) values.push_back(in.Value());
      node.data.datasets[name] = NirArray::Real(
          values, dims, shape & 64 ? NirArray::Type::kFloat32 : NirArray::Type::kFloat64);
    }
    g.nodes["n" + std::to_string(n)] = std::move(node);
  }
  const int edges = in.Next() % 8;
  for (int e = 0; e < edges; ++e) {
    // A node, one past the last (missing), or a name inside a node (as if into a subgraph).
    const auto end = [&] {
      const std::uint8_t pick = in.Next();
      return "n" + std::to_string(pick % (nodes + 1)) + (pick >= 224 ? ".x" : "");
    };
    const std::string from = end();
    g.edges.emplace_back(from, end());
  }
  return g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  if (data[0] % 2 == 0) {
    try {
      const landauer::spiking::InputTrace t = landauer::spiking::ParseInputTrace(
          std::string_view(reinterpret_cast<const char*>(data + 1), size - 1), "fuzz.csv", {});
      if (t.rows.empty()) __builtin_trap();
    } catch (const landauer::InputError&) {
    }
    return 0;
  }
  Bytes in{data + 1, size - 1};
  const NirGraph graph = Generate(in);
  const std::string file = landauer::spiking::SerializeNir(graph);
  try {
    const NirGraph read = landauer::spiking::ParseNir(file, "fuzz.nir");
    if (!(read == graph)) __builtin_trap();  // what reads must be what was written
    const std::uint8_t mode = in.Next();
    landauer::spiking::NirNetwork net(
        read,
        {.dt = 1e-4,
         .integration = mode & 1 ? landauer::spiking::NirIntegration::kEuler
                                 : landauer::spiking::NirIntegration::kExact,
         .reset = mode & 2 ? landauer::spiking::ResetMode::kSubtract
                           : landauer::spiking::ResetMode::kToValue,
         .precise_spike_times = (mode & 4) != 0},
        "fuzz.nir");
    std::vector<double> input(static_cast<std::size_t>(net.input_size()), 0.0), output;
    for (int step = 0; step < 4; ++step) {
      for (double& x : input) x = in.Value();
      net.Step(input, output);
      if (std::ssize(output) != net.output_size()) __builtin_trap();
    }
  } catch (const landauer::InputError&) {
  }
  return 0;
}
