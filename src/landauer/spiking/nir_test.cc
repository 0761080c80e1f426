#include "landauer/spiking/nir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"

namespace landauer::spiking {
namespace {

// The NIR paper's graphs, written by Norse, Rockpool and Sinabs: ../shared/data/nir (README).
std::string Shared(const std::string& name) {
  return std::string(LANDAUER_SHARED_DATA_DIR) + "/nir/" + name;
}

const char* const kGraphs[] = {"lif_norse.nir",
                               "lif_rockpool.nir",
                               "two_lif_neurons.nir",
                               "cnn_sinabs.nir",
                               "braille_noDelay_bias_zero.nir",
                               "braille_noDelay_noBias_subtract.nir"};

std::string ErrorOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// Every graph other tools wrote is read, with its nodes, types, arrays and edges.
TEST(Nir, ReadsTheGraphsOtherToolsWrote) {
  for (const char* name : kGraphs) {
    SCOPED_TRACE(name);
    const NirGraph g = ReadNir(Shared(name));
    EXPECT_FALSE(g.nodes.empty());
    EXPECT_FALSE(g.edges.empty());
  }
  const NirGraph norse = ReadNir(Shared("lif_norse.nir"));
  EXPECT_EQ(norse.version, "0.1.1");
  ASSERT_EQ(norse.nodes.size(), 4U);
  EXPECT_EQ(norse.nodes.at("0").type, "Affine");
  EXPECT_EQ(norse.nodes.at("1").type, "LIF");
  const NirArray& tau = *norse.nodes.at("1").Find("tau");
  EXPECT_EQ(tau.type, NirArray::Type::kFloat32);
  EXPECT_EQ(tau.shape, std::vector<std::int64_t>{1});
  EXPECT_EQ(tau.reals[0], static_cast<double>(0.0025f));
  EXPECT_EQ(norse.edges.size(), 3U);
  const NirGraph cnn = ReadNir(Shared("cnn_sinabs.nir"));
  EXPECT_EQ(cnn.nodes.at("0").type, "Conv2d");
  EXPECT_EQ(cnn.nodes.at("0").Find("weight")->shape, (std::vector<std::int64_t>{16, 2, 5, 5}));
  EXPECT_EQ(cnn.nodes.at("11").Find("weight")->shape, (std::vector<std::int64_t>{10, 256}));
  const NirGraph braille = ReadNir(Shared("braille_noDelay_noBias_subtract.nir"));
  EXPECT_EQ(braille.nodes.at("lif1.lif").type, "CubaLIF");
  EXPECT_EQ(NirInputSize(braille.nodes.at("lif1.lif")), 40);
}

// Written back, every graph reads as the same graph: types, shapes, element types and values.
TEST(Nir, EveryGraphRoundTripsBitForBit) {
  for (const char* name : kGraphs) {
    SCOPED_TRACE(name);
    const NirGraph g = ReadNir(Shared(name));
    const NirGraph again = ParseNir(SerializeNir(g), "round trip");
    EXPECT_EQ(again, g);
  }
  // Through a file, atomically.
  const std::string path = testing::TempDir() + "/landauer_nir_roundtrip.nir";
  const NirGraph g = ReadNir(Shared("two_lif_neurons.nir"));
  WriteNir(path, g);
  EXPECT_EQ(ReadNir(path), g);
  std::filesystem::remove(path);
}

NirGraph SmallGraph() {
  NirGraph g;
  g.nodes["in"] = {.type = "Input", .data = {.datasets = {{"shape", NirArray::Int({3}, {1})}}}};
  g.nodes["fc"] = {
      .type = "Affine",
      .data = {.datasets = {{"weight", NirArray::Real(std::vector<double>(6, 0.5), {2, 3})},
                            {"bias", NirArray::Real({0.0, 0.0}, {2})}}}};
  g.nodes["lif"] = {.type = "LIF",
                    .data = {.datasets = {{"tau", NirArray::Real({1e-2, 1e-2}, {2})},
                                          {"r", NirArray::Real({1.0, 1.0}, {2})},
                                          {"v_leak", NirArray::Real({0.0, 0.0}, {2})},
                                          {"v_threshold", NirArray::Real({1.0, 1.0}, {2})}}}};
  g.nodes["out"] = {.type = "Output", .data = {.datasets = {{"shape", NirArray::Int({2}, {1})}}}};
  g.edges = {{"in", "fc"}, {"fc", "lif"}, {"lif", "out"}};
  return g;
}

// Bad graphs are refused, naming the node, parameter or edge, with a fix.
TEST(Nir, BadGraphsAreRefusedByName) {
  EXPECT_EQ(ErrorOf([] { ValidateNir(SmallGraph(), "g"); }), "");
  NirGraph g = SmallGraph();
  g.nodes["lif"].type = "Hodgkin";
  EXPECT_NE(ErrorOf([&] { ValidateNir(g, "g"); }).find("node 'lif'"), std::string::npos);
  EXPECT_NE(ErrorOf([&] { ValidateNir(g, "g"); }).find("unknown type 'Hodgkin'"),
            std::string::npos);
  g = SmallGraph();
  g.edges.emplace_back("lif", "nowhere");
  EXPECT_NE(ErrorOf([&] { ValidateNir(g, "g"); }).find("names no node 'nowhere'"),
            std::string::npos);
  g = SmallGraph();
  g.nodes["fc"].data.datasets["weight"] = NirArray::Real(std::vector<double>(8, 0.5), {2, 4});
  const std::string shapes = ErrorOf([&] { ValidateNir(g, "g"); });
  EXPECT_NE(shapes.find("'in' passes 3 values and 'fc' takes 4"), std::string::npos) << shapes;
  g = SmallGraph();
  g.nodes["lif"].data.datasets.erase("tau");
  EXPECT_NE(ErrorOf([&] { ValidateNir(g, "g"); }).find("parameter 'tau' is missing"),
            std::string::npos);
  g = SmallGraph();
  g.nodes["lif"].data.datasets["tau"] = NirArray::Real({-1e-3, 1e-2}, {2});
  EXPECT_NE(ErrorOf([&] { ValidateNir(g, "g"); }).find("'tau' = -0.001"), std::string::npos);
  g = SmallGraph();
  g.nodes["lif"].data.datasets["r"] = NirArray::Real({1.0, 1.0, 1.0}, {3});
  EXPECT_NE(ErrorOf([&] { ValidateNir(g, "g"); }).find("'r' has 3 values, the population 2"),
            std::string::npos);
  for (const std::int64_t bad : {std::int64_t{0}, std::int64_t{-3}, std::int64_t{1} << 40}) {
    g = SmallGraph();
    g.nodes["in"].data.datasets["shape"] = NirArray::Int({bad}, {1});
    EXPECT_NE(ErrorOf([&] { ValidateNir(g, "g"); }).find("'in' (Input): has no valid shape"),
              std::string::npos)
        << bad;
  }
  g = SmallGraph();
  g.nodes["lif"].data.datasets["tau"] = NirArray::Int({0, 1}, {2});
  EXPECT_NE(ErrorOf([&] { ValidateNir(g, "g"); }).find("'tau' = 0"), std::string::npos);
  g = SmallGraph();
  g.nodes["fc"].data.datasets["bias"] = NirArray::Real({0.0}, {1});
  EXPECT_NE(ErrorOf([&] { ValidateNir(g, "g"); }).find("bias has 1 values for 2 outputs"),
            std::string::npos);
  // A graph that fails validation is not written.
  g.nodes["lif"].type = "Hodgkin";
  const std::string path = testing::TempDir() + "/landauer_nir_bad.nir";
  EXPECT_THROW(WriteNir(path, g), InputError);
  EXPECT_FALSE(std::filesystem::exists(path));
}

// Bytes that are not HDF5, a truncated file and HDF5 that is not NIR are refused with the file.
TEST(Nir, CorruptAndForeignFilesAreRefused) {
  const std::string good = SerializeNir(SmallGraph());
  EXPECT_NE(ErrorOf([] { ParseNir("not hdf5 at all", "x.nir"); }).find("x.nir"), std::string::npos);
  EXPECT_NE(ErrorOf([&] {
              ParseNir(good.substr(0, good.size() / 2), "half.nir");
            }).find("half.nir: not a readable NIR file"),
            std::string::npos);
  std::string flipped = good;
  for (std::size_t i = 64; i < flipped.size(); i += 97) flipped[i] = static_cast<char>(~flipped[i]);
  EXPECT_THROW(ParseNir(flipped, "flipped.nir"), InputError);
  NirGraph empty;
  std::string bytes = SerializeNir(empty);
  EXPECT_NO_THROW(ParseNir(bytes, "empty.nir"));
}

}  // namespace
}  // namespace landauer::spiking
