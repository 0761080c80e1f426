// landauer/spiking/nir.h — the Neuromorphic Intermediate Representation (NIR): a graph of
// neuromorphic primitives, read from and written to its HDF5 files, and checked.
//
//   NirGraph g = ReadNir("lif_norse.nir");     // throws InputError naming the file and node
//   WriteNir("copy.nir", g);                   // atomically; h5py and the nir package read it
//
// NIR (Pedersen et al., "Neuromorphic intermediate representation: A unified instruction set for
// interoperable brain-inspired computing", Nat. Commun. 15:8122, 2024; github.com/neuromorphs/NIR)
// stores a graph as HDF5 (nir/serialization.py):
//   /version                  string, e.g. "0.2.0" or "1.0.0"
//   /node                     the graph, a group:
//     type                    "NIRGraph"
//     nodes/<name>/           one group per node: `type` (a string) and its parameters as
//                             datasets (float32 or float64 arrays, int64 arrays or scalars);
//                             a nested NIRGraph, or dictionaries such as input_type, are groups
//     edges                   an E × 2 array of strings: (source, target) node names
// Kept as read: every dataset keeps its element type and shape, so a graph written back
// round-trips bit for bit in its arrays; groups nest up to 32 deep. A file's datasets may hold at
// most 2^27 values and 64 MiB of text in all (shapes are declared, so a small file could ask for
// more), and 100,000 objects.
//
// Known node types and the parameters each must have (NIR 1.0, nir/ir/*.py), all neuron
// parameters of one shape, the population's:
//   Input (shape) · Output (shape) · Affine (weight [out, in], bias [out]) · Linear (weight)
//   Scale (scale) · Threshold (threshold) · Flatten (start_dim, end_dim[, input_type])
//   IF (r, v_threshold) · LIF (tau, r, v_leak, v_threshold) · LI (tau, r, v_leak) · I (r)
//   Integrator (r) · CubaLIF (tau_syn, tau_mem, r, v_leak, v_threshold, w_in) · Delay (delay)
//   Conv1d, Conv2d (weight, bias, stride, padding, dilation, groups, input_shape)
//   SumPool2d, AvgPool2d (kernel_size, stride, padding) · NIRGraph (nodes, edges)
// (IF, LIF and CubaLIF may carry v_reset, which NIR 1.0 added.) Validation refuses an unknown
// type, a missing parameter, neuron parameters of different shapes, an edge naming a missing
// node, and an edge whose ends disagree on the number of values passed (where both are known:
// a convolution's or pooling layer's output size is not derived here).
#ifndef LANDAUER_SPIKING_NIR_H_
#define LANDAUER_SPIKING_NIR_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace landauer::spiking {

// One HDF5 dataset: its element type, shape (empty for a scalar) and values, row-major.
struct NirArray {
  enum class Type { kFloat32, kFloat64, kInt64, kString };
  Type type = Type::kFloat64;
  std::vector<std::int64_t> shape;
  std::vector<double> reals;         // kFloat32, kFloat64
  std::vector<std::int64_t> ints;    // kInt64
  std::vector<std::string> strings;  // kString

  std::int64_t size() const;  // the product of the shape (1 for a scalar)
  std::int64_t held() const;  // the values it holds, of its type
  bool filled() const { return size() >= 0 && held() == size(); }
  static NirArray Real(std::vector<double> values,
                       std::vector<std::int64_t> shape,
                       Type type = Type::kFloat64);
  static NirArray Int(std::vector<std::int64_t> values, std::vector<std::int64_t> shape);
  static NirArray String(std::string text);  // a scalar string
  bool operator==(const NirArray&) const = default;
};

// An HDF5 group: datasets and subgroups by name.
struct NirGroup {
  std::map<std::string, NirArray> datasets;
  std::map<std::string, NirGroup> groups;
  bool operator==(const NirGroup&) const = default;
};

struct NirNode {
  std::string type;  // "LIF", "Affine", ...
  NirGroup data;     // its parameters (every dataset but `type`) and subgroups

  // A parameter, or nullptr.
  const NirArray* Find(std::string_view name) const;
  bool operator==(const NirNode&) const = default;
};

struct NirGraph {
  std::string version = "1.0.0";
  std::map<std::string, NirNode> nodes;
  std::vector<std::pair<std::string, std::string>> edges;
  bool operator==(const NirGraph&) const = default;
};

// The node types landauer knows (nir.h's list).
const std::vector<std::string>& NirNodeTypes();

// Throws InputError(origin, 0, ...) naming the node, parameter or edge that is wrong, and how to
// fix it. Nested NIRGraph nodes are checked too.
void ValidateNir(const NirGraph& graph, const std::string& origin);

// The number of values a node takes and passes on (the product of its shape), where known.
std::optional<std::int64_t> NirInputSize(const NirNode& node);
std::optional<std::int64_t> NirOutputSize(const NirNode& node);

// HDF5 bytes (a whole file) to a graph and back; `origin` names the bytes in messages.
// Parse throws InputError for bytes that are not HDF5 or not NIR, then validates.
NirGraph ParseNir(std::string_view bytes, const std::string& origin);
std::string SerializeNir(const NirGraph& graph);

// Files: ReadNir reads and parses; WriteNir validates, serialises and writes atomically.
NirGraph ReadNir(const std::string& path);
void WriteNir(const std::string& path, const NirGraph& graph);

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_NIR_H_
