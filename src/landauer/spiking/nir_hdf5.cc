// NIR graphs to and from HDF5 bytes, through the HDF5 C library (Debian libhdf5-dev), in memory:
// files are read whole (core driver, file image) and written whole, then renamed into place, so
// a reader never sees half a file and a crash leaves nothing behind.
#include <fmt/format.h>
#include <hdf5.h>

#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <vector>

#include "landauer/core/errors.h"
#include "landauer/spiking/nir.h"

namespace landauer::spiking {
namespace {

constexpr int kMaxDepth = 32;  // groups nest no deeper (NIR: ~4)
// A file declares its datasets' shapes whether or not it stores their values, so a few hundred
// bytes could ask for gigabytes: every file gets one budget of values (2^27 doubles: 1 GiB), of
// string bytes and of objects (which also ends hard-link cycles), checked before allocating.
constexpr std::int64_t kMaxValues = std::int64_t{1} << 27;
constexpr std::int64_t kMaxStringBytes = std::int64_t{1} << 26;
constexpr std::int64_t kMaxObjects = 100000;
constexpr std::size_t kMaxName = 4096;

// An HDF5 identifier, closed with its closing function when it goes out of scope.
class Id {
 public:
  Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  ~Id() {
    if (id_ >= 0) close_(id_);
  }
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

// HDF5 prints its own error stack to stderr unless told not to; our messages say what failed.
void SilenceHdf5() {
  static const bool silenced = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)silenced;
}

[[noreturn]] void Bad(const std::string& origin, const std::string& what) {
  throw InputError(origin,
                   0,
                   fmt::format("not a readable NIR file: {}", what),
                   "write it with the nir package (nir.write) or `landauer snn nir export`");
}

struct Reader {
  const std::string& origin;
  mutable std::int64_t values = 0, string_bytes = 0, objects = 0;  // spent of the budgets

  void Spend(std::int64_t& spent,
             std::int64_t amount,
             std::int64_t budget,
             const std::string& path,
             std::string_view what) const {
    if (amount > budget - spent) {
      Bad(origin, fmt::format("'{}' takes the file past {} {}", path, budget, what));
    }
    spent += amount;
  }

  NirArray ReadDataset(hid_t dataset, const std::string& path) const {
    const Id space(H5Dget_space(dataset), H5Sclose);
    const Id type(H5Dget_type(dataset), H5Tclose);
    if (!space.ok() || !type.ok()) Bad(origin, fmt::format("dataset '{}' cannot be opened", path));
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0 || rank > 8) Bad(origin, fmt::format("dataset '{}' has rank {}", path, rank));
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0) {
      Bad(origin, fmt::format("dataset '{}' has no readable shape", path));
    }
    NirArray array;
    std::int64_t count = 1;
    for (const hsize_t d : dims) {
      if (d > static_cast<hsize_t>(kMaxValues) ||
          (d > 0 && count > kMaxValues / static_cast<std::int64_t>(d))) {
        Bad(origin, fmt::format("dataset '{}' is larger than {} values", path, kMaxValues));
      }
      count *= static_cast<std::int64_t>(d);
      array.shape.push_back(static_cast<std::int64_t>(d));
    }
    Spend(values, count, kMaxValues, path, "values");
    const auto n = static_cast<std::size_t>(count);
    const H5T_class_t cls = H5Tget_class(type.get());
    herr_t status = -1;
    if (cls == H5T_FLOAT) {
      array.type =
          H5Tget_size(type.get()) <= 4 ? NirArray::Type::kFloat32 : NirArray::Type::kFloat64;
      array.reals.resize(n);
      status =
          n == 0
              ? 0
              : H5Dread(
                    dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, array.reals.data());
    } else if (cls == H5T_INTEGER) {
      array.type = NirArray::Type::kInt64;
      array.ints.resize(n);
      status =
          n == 0 ? 0
                 : H5Dread(
                       dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, array.ints.data());
    } else if (cls == H5T_STRING) {
      array.type = NirArray::Type::kString;
      array.strings.resize(n);
      const htri_t variable = H5Tis_variable_str(type.get());
      if (variable > 0) {
        const Id memory(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(memory.get(), H5T_VARIABLE);
        H5Tset_cset(memory.get(), H5Tget_cset(type.get()));  // h5py writes UTF-8
        std::vector<char*> buffer(n, nullptr);
        status = n == 0
                     ? 0
                     : H5Dread(dataset, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
        std::int64_t bytes = 0;
        for (std::size_t i = 0; i < n && status >= 0; ++i) {
          if (buffer[i] == nullptr) continue;
          const std::size_t length = strnlen(buffer[i], kMaxStringBytes);
          bytes += static_cast<std::int64_t>(length);
          if (bytes > kMaxStringBytes - string_bytes) break;  // refused below, after the reclaim
          array.strings[i].assign(buffer[i], length);
        }
        // Whatever the read allocated, even part-way through a failed read (HDF5 1.10's name;
        // 1.12 calls it H5Treclaim).
        if (n > 0) H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, buffer.data());
        if (status >= 0) Spend(string_bytes, bytes, kMaxStringBytes, path, "bytes of text");
      } else if (variable == 0) {
        const std::size_t width = H5Tget_size(type.get());
        if (width == 0 || width > kMaxName)
          Bad(origin, fmt::format("dataset '{}': string width {}", path, width));
        Spend(string_bytes,
              count * static_cast<std::int64_t>(width),
              kMaxStringBytes,
              path,
              "bytes of text");
        const Id memory(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(memory.get(), width);
        H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
        // Null-padded, so a string as wide as its field keeps its last character (a C string's
        // terminator would overwrite it).
        H5Tset_strpad(memory.get(), H5T_STR_NULLPAD);
        std::vector<char> buffer(n * width, '\0');
        status = n == 0
                     ? 0
                     : H5Dread(dataset, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
        for (std::size_t i = 0; i < n && status >= 0; ++i) {
          const char* s = buffer.data() + i * width;
          array.strings[i].assign(s, strnlen(s, width));
        }
      }
    } else {
      Bad(origin,
          fmt::format("dataset '{}' holds neither numbers nor text (HDF5 class {})",
                      path,
                      static_cast<int>(cls)));
    }
    if (status < 0) Bad(origin, fmt::format("dataset '{}' cannot be read", path));
    return array;
  }

  NirGroup ReadGroup(hid_t group, const std::string& path, int depth) const {
    if (depth > kMaxDepth)
      Bad(origin, fmt::format("groups nest deeper than {} at '{}'", kMaxDepth, path));
    H5G_info_t info;
    if (H5Gget_info(group, &info) < 0)
      Bad(origin, fmt::format("group '{}' cannot be listed", path));
    NirGroup result;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
      const ssize_t length =
          H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
      if (length <= 0 || static_cast<std::size_t>(length) > kMaxName) {
        Bad(origin, fmt::format("a member of '{}' has no usable name", path));
      }
      std::string name(static_cast<std::size_t>(length) + 1, '\0');
      H5Lget_name_by_idx(
          group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
      name.resize(static_cast<std::size_t>(length));
      Spend(objects, 1, kMaxObjects, path, "objects (or a cycle of hard links)");
      const std::string child = path + "/" + name;
      H5L_info_t link;
      if (H5Lget_info(group, name.c_str(), &link, H5P_DEFAULT) < 0 || link.type != H5L_TYPE_HARD) {
        Bad(origin, fmt::format("'{}' is a soft or external link", child));
      }
      const Id object(H5Oopen(group, name.c_str(), H5P_DEFAULT), H5Oclose);
      if (!object.ok()) Bad(origin, fmt::format("'{}' cannot be opened", child));
      switch (H5Iget_type(object.get())) {
        case H5I_GROUP:
          result.groups.emplace(name, ReadGroup(object.get(), child, depth + 1));
          break;
        case H5I_DATASET:
          result.datasets.emplace(name, ReadDataset(object.get(), child));
          break;
        default:
          Bad(origin, fmt::format("'{}' is neither a group nor a dataset", child));
      }
    }
    return result;
  }
};

std::string Text(const NirGroup& group, const std::string& name) {
  const auto it = group.datasets.find(name);
  if (it == group.datasets.end() || it->second.type != NirArray::Type::kString ||
      it->second.strings.size() != 1) {
    return "";
  }
  return it->second.strings.front();
}

// Writing.
struct Writer {
  hid_t file;

  void WriteDataset(hid_t group, const std::string& name, const NirArray& array) const {
    if (!array.filled()) {
      throw std::invalid_argument(fmt::format(
          "NIR dataset '{}': {} values for a shape of {}", name, array.held(), array.size()));
    }
    std::vector<hsize_t> dims(array.shape.begin(), array.shape.end());
    const Id space(array.shape.empty()
                       ? H5Screate(H5S_SCALAR)
                       : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                   H5Sclose);
    hid_t file_type = H5T_IEEE_F64LE, memory_type = H5T_NATIVE_DOUBLE;
    const void* data = array.reals.data();
    std::vector<const char*> strings;
    std::unique_ptr<Id> string_type;
    switch (array.type) {
      case NirArray::Type::kFloat32:
        file_type = H5T_IEEE_F32LE;
        break;
      case NirArray::Type::kFloat64:
        break;
      case NirArray::Type::kInt64:
        file_type = H5T_STD_I64LE;
        memory_type = H5T_NATIVE_INT64;
        data = array.ints.data();
        break;
      case NirArray::Type::kString: {
        string_type = std::make_unique<Id>(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(string_type->get(), H5T_VARIABLE);
        H5Tset_cset(string_type->get(), H5T_CSET_UTF8);
        file_type = memory_type = string_type->get();
        for (const std::string& s : array.strings) strings.push_back(s.c_str());
        data = strings.data();
        break;
      }
    }
    const Id dataset(
        H5Dcreate2(
            group, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose);
    if (!dataset.ok() ||
        (array.size() > 0 &&
         H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)) {
      throw std::runtime_error(fmt::format("HDF5 could not write dataset '{}'", name));
    }
  }

  void WriteGroup(hid_t group, const NirGroup& content) const {
    for (const auto& [name, array] : content.datasets) WriteDataset(group, name, array);
    for (const auto& [name, child] : content.groups) {
      const Id sub(H5Gcreate2(group, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Gclose);
      if (!sub.ok())
        throw std::runtime_error(fmt::format("HDF5 could not create group '{}'", name));
      WriteGroup(sub.get(), child);
    }
  }
};

NirGroup GraphToGroup(const NirGraph& graph) {
  NirGroup g;
  g.datasets.emplace("type", NirArray::String("NIRGraph"));
  NirArray edges;
  edges.type = NirArray::Type::kString;
  edges.shape = {static_cast<std::int64_t>(graph.edges.size()), 2};
  for (const auto& [from, to] : graph.edges) {
    edges.strings.push_back(from);
    edges.strings.push_back(to);
  }
  g.datasets.emplace("edges", std::move(edges));
  NirGroup& nodes = g.groups["nodes"];
  for (const auto& [name, node] : graph.nodes) {
    NirGroup n = node.data;
    n.datasets.insert_or_assign("type", NirArray::String(node.type));
    nodes.groups.emplace(name, std::move(n));
  }
  return g;
}

}  // namespace

NirGraph ParseNir(std::string_view bytes, const std::string& origin) {
  SilenceHdf5();
  if (bytes.size() < 8 || std::memcmp(bytes.data(), "\x89HDF\r\n\x1a\n", 8) != 0) {
    Bad(origin, "it does not start with the HDF5 signature");
  }
  const Id access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (H5Pset_fapl_core(access.get(), 1 << 16, false) < 0 ||
      H5Pset_file_image(access.get(), const_cast<char*>(bytes.data()), bytes.size()) < 0) {
    Bad(origin, "HDF5 cannot take its image");
  }
  const Id file(H5Fopen("nir-image", H5F_ACC_RDONLY, access.get()), H5Fclose);
  if (!file.ok()) Bad(origin, "HDF5 cannot open it (truncated or corrupt)");
  const Reader reader{origin};
  NirGroup root;
  try {
    root = reader.ReadGroup(file.get(), "", 0);
  } catch (const std::bad_alloc&) {
    Bad(origin, "it needs more memory than this machine has");
  }
  const auto node = root.groups.find("node");
  if (node == root.groups.end()) Bad(origin, "it has no '/node' group (the graph)");
  if (Text(node->second, "type") != "NIRGraph") {
    Bad(origin, "'/node/type' is not \"NIRGraph\"");
  }
  NirGraph graph;
  graph.version = Text(root, "version");
  const auto nodes = node->second.groups.find("nodes");
  if (nodes != node->second.groups.end()) {
    for (const auto& [name, group] : nodes->second.groups) {
      NirNode n;
      n.type = Text(group, "type");
      if (n.type.empty()) {
        throw InputError(origin,
                         0,
                         fmt::format("NIR node '{}' has no type", name),
                         "every node group holds a string dataset 'type'");
      }
      n.data = group;
      n.data.datasets.erase("type");
      graph.nodes.emplace(name, std::move(n));
    }
  }
  const auto edges = node->second.datasets.find("edges");
  if (edges != node->second.datasets.end()) {
    const NirArray& e = edges->second;
    if (e.type != NirArray::Type::kString ||
        (e.size() > 0 && (e.shape.size() != 2 || e.shape[1] != 2))) {
      throw InputError(origin,
                       0,
                       "NIR edges are not an E × 2 array of node names",
                       "write edges as pairs of (source, target) names");
    }
    for (std::size_t i = 0; i + 1 < e.strings.size(); i += 2) {
      graph.edges.emplace_back(e.strings[i], e.strings[i + 1]);
    }
  }
  ValidateNir(graph, origin);
  return graph;
}

std::string SerializeNir(const NirGraph& graph) {
  SilenceHdf5();
  const Id access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(access.get(), 1 << 16, /*backing_store=*/false);
  std::string bytes;
  {
    const Id file(H5Fcreate("nir-out", H5F_ACC_TRUNC, H5P_DEFAULT, access.get()), H5Fclose);
    if (!file.ok()) throw std::runtime_error("HDF5 could not create an in-memory file");
    const Writer writer{file.get()};
    writer.WriteDataset(file.get(), "version", NirArray::String(graph.version));
    const Id node(H5Gcreate2(file.get(), "node", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    writer.WriteGroup(node.get(), GraphToGroup(graph));
    H5Fflush(file.get(), H5F_SCOPE_GLOBAL);
    const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
    if (size <= 0) throw std::runtime_error("HDF5 could not produce the file image");
    bytes.resize(static_cast<std::size_t>(size));
    H5Fget_file_image(file.get(), bytes.data(), bytes.size());
  }
  return bytes;
}

}  // namespace landauer::spiking
