// Circuit IR, RevLib I/O, the bit-parallel simulator and the metrics.
#include "landauer/reversible/circuit.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "landauer/core/errors.h"
#include "landauer/core/rng.h"
#include "landauer/reversible/metrics.h"
#include "landauer/reversible/revlib.h"
#include "landauer/reversible/simulator.h"

namespace landauer::reversible {
namespace {

// One pattern at a time, straight from the gate definitions: the reference for the simulator.
std::vector<int> ReferenceRun(const Circuit& c, std::vector<int> v) {
  for (const Gate& g : c.gates()) {
    bool fire = true;
    for (const Control& ctl : g.controls)
      fire = fire && (v[static_cast<std::size_t>(ctl.line)] == (ctl.positive ? 1 : 0));
    int& a = v[static_cast<std::size_t>(g.targets[0])];
    if (g.kind == GateKind::kToffoli) {
      if (fire) a ^= 1;
    } else if (g.kind == GateKind::kFredkin) {
      if (fire) std::swap(a, v[static_cast<std::size_t>(g.targets[1])]);
    } else {
      if (fire) {
        v[static_cast<std::size_t>(g.targets[1])] ^= a;
        a ^= 1;
      }
    }
  }
  return v;
}

Circuit RandomCircuit(int lines, int gates, std::uint64_t seed) {
  Circuit c;
  for (int l = 0; l < lines; ++l) c.AddLine("x" + std::to_string(l));
  Rng rng(seed, "test", "circuit");
  for (int i = 0; i < gates; ++i) {
    const int kind = static_cast<int>(rng.UniformInt(3));
    const int controls = static_cast<int>(rng.UniformInt(4));
    std::vector<int> used;
    while (static_cast<int>(used.size()) < controls + (kind == 0 ? 1 : 2)) {
      const int l = static_cast<int>(rng.UniformInt(static_cast<std::uint64_t>(lines)));
      if (std::find(used.begin(), used.end(), l) == used.end()) used.push_back(l);
    }
    Gate g;
    g.kind = static_cast<GateKind>(kind);
    for (int k = 0; k < controls; ++k)
      g.controls.push_back({used[static_cast<std::size_t>(k)], rng.UniformInt(2) == 0});
    g.targets.assign(used.begin() + controls, used.end());
    c.AddGate(g);
  }
  return c;
}

std::string ErrorOf(const std::string& text) {
  try {
    ParseReal(text, "c.real");
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(RevLib, ToffoliTruthTableInCountingOrder) {
  const Circuit c =
      ParseReal(".version 1.0\n.numvars 3\n.variables a b c\n.begin\nt3 a b c\n.end\n", "t.real");
  EXPECT_EQ(TruthTable(c),
            (std::vector<std::string>{"000", "001", "010", "011", "100", "101", "111", "110"}));
}

TEST(RevLib, NegativeControlsFredkinPeresAndConstants) {
  const Circuit c = ParseReal(R"(# a comment
.version 2.0
.numvars 4
.variables a b c d
.inputs a b c "zero in"
.outputs p q r s
.constants ---0
.garbage 1---
.begin
t2 -a d   # d = not a
f3 a b c
p3 b c d
.end
)",
                              "x.real");
  EXPECT_EQ(c.num_ancillae(), 1);
  EXPECT_EQ(c.num_garbage(), 1);
  EXPECT_EQ(c.line(3).input_label, "zero in");
  const std::vector<std::string> table = TruthTable(c);
  ASSERT_EQ(table.size(), 8u);  // three free inputs
  for (int p = 0; p < 8; ++p) {
    const std::vector<int> out = ReferenceRun(c, {(p >> 2) & 1, (p >> 1) & 1, p & 1, 0});
    EXPECT_EQ(table[static_cast<std::size_t>(p)],
              std::to_string(out[1]) + std::to_string(out[2]) + std::to_string(out[3]))
        << "pattern " << p;
  }
}

TEST(Circuit, FindLineUsesItsIndexAndFollowsRenames) {
  Circuit c;
  for (int i = 0; i < 1000; ++i) c.AddLine("x" + std::to_string(i));
  EXPECT_EQ(c.FindLine("x999"), 999);
  EXPECT_EQ(c.FindLine("y"), -1);
  c.mutable_lines()[3].name = "renamed";
  EXPECT_EQ(c.FindLine("renamed"), 3);
  EXPECT_EQ(c.FindLine("x3"), -1);
  EXPECT_THROW(c.AddLine("renamed"), std::invalid_argument);
  EXPECT_EQ(c.Inverse().FindLine("renamed"), 3);
}

TEST(RevLib, FormatParseRoundTrip) {
  Circuit c = RandomCircuit(6, 40, 3);
  c.mutable_lines()[2].constant = 1;
  c.mutable_lines()[4].garbage = true;
  c.AddBus({"inputbus", "word", {0, 1}});
  const Circuit back = ParseReal(FormatReal(c), "round.real");
  ASSERT_EQ(back.num_lines(), c.num_lines());
  EXPECT_EQ(back.gates(), c.gates());
  EXPECT_EQ(back.line(2).constant, 1);
  EXPECT_TRUE(back.line(4).garbage);
  ASSERT_EQ(back.buses().size(), 1u);
  EXPECT_EQ(back.buses()[0].lines, (std::vector<int>{0, 1}));
}

TEST(RevLib, ErrorsNameTheLineAndTheFix) {
  const std::string head = ".numvars 2\n.variables a b\n.begin\n";
  EXPECT_NE(ErrorOf(head + "v a b\n.end\n").find("c.real:4: gate 'v' is a quantum gate"),
            std::string::npos);
  EXPECT_NE(ErrorOf(head + "v+ a b\n.end\n").find("c.real:4"), std::string::npos);
  EXPECT_NE(ErrorOf(head + "t2 a q\n.end\n").find("c.real:4: unknown variable 'q'"),
            std::string::npos);
  EXPECT_NE(ErrorOf(head + "t3 a b\n.end\n").find("c.real:4: gate 't3' lists 2 lines"),
            std::string::npos);
  EXPECT_NE(ErrorOf(head + "t2 a -b\n.end\n").find("c.real:4: target '-b' is negated"),
            std::string::npos);
  EXPECT_NE(ErrorOf(head + "t2 a a\n.end\n").find("c.real:4: gate 't2 a a' uses a line twice"),
            std::string::npos);
  EXPECT_NE(ErrorOf(head + "t2 a b\n").find("no .end"), std::string::npos);
  EXPECT_NE(ErrorOf(".numvars 2\n.variables a b c\n")
                .find("c.real:2: .variables lists 3 names but .numvars is 2"),
            std::string::npos);
  EXPECT_NE(ErrorOf(".numvars 2\n.variables a b\n.constants 0x\n.begin\n.end\n")
                .find("c.real:3: .constants contains 'x'"),
            std::string::npos);
  EXPECT_NE(ErrorOf(".numvars 0\n").find("c.real:1: bad .numvars"), std::string::npos);
  EXPECT_NE(ErrorOf(".variables a\n").find("before .numvars"), std::string::npos);
  EXPECT_NE(ErrorOf(head + "x2 a b\n.end\n").find("unknown gate 'x2'"), std::string::npos);
  EXPECT_NE(ErrorOf(".numvars 1\n.variables a\n.module m\n").find("modules are not supported"),
            std::string::npos);
  EXPECT_NE(ErrorOf(head + ".end\nt1 a\n").find("text after .end"), std::string::npos);
  // landauer's #@restored pragma: only constant garbage lines, once, before .begin.
  const std::string lines = ".numvars 2\n.variables a b\n.constants -0\n.garbage -1\n";
  EXPECT_EQ(ParseReal(lines + "#@restored -0\n.begin\n.end\n", "c.real").line(1).restored, 0);
  EXPECT_NE(ErrorOf(lines + "#@restored 0-\n.begin\n.end\n")
                .find("c.real:5: #@restored marks 'a', which is not a constant garbage line"),
            std::string::npos);
  EXPECT_NE(ErrorOf(lines + "#@restored -0\n#@restored -0\n").find("c.real:6: #@restored appears"),
            std::string::npos);
  EXPECT_NE(ErrorOf(lines + "#@restored -x\n").find("#@restored contains 'x'"), std::string::npos);
  EXPECT_NE(ErrorOf("#@restored -0\n").find("c.real:1: #@restored before .numvars"),
            std::string::npos);
}

TEST(Simulator, MatchesTheReferenceOnRandomCircuitsAndInverts) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const Circuit c = RandomCircuit(12, 300, seed);
    // 12 free inputs: 4096 patterns = 64 words (two full chunks); also a ragged tail of 37 words.
    for (std::size_t words : {std::size_t{64}, std::size_t{37}}) {
      const std::vector<std::uint64_t> inputs = CountingPatterns(12, 0, words);
      std::vector<std::uint64_t> state = PrepareState(c, inputs, words);
      const std::vector<std::uint64_t> initial = state;
      Simulate(c, state, words);
      for (std::size_t p = 0; p < words * 64; p += 97) {
        std::vector<int> in(12);
        for (int l = 0; l < 12; ++l)
          in[static_cast<std::size_t>(l)] = static_cast<int>(
              (initial[static_cast<std::size_t>(l) * words + p / 64] >> (p % 64)) & 1);
        const std::vector<int> expected = ReferenceRun(c, in);
        for (int l = 0; l < 12; ++l) {
          ASSERT_EQ(static_cast<int>(
                        (state[static_cast<std::size_t>(l) * words + p / 64] >> (p % 64)) & 1),
                    expected[static_cast<std::size_t>(l)])
              << "seed " << seed << " pattern " << p << " line " << l;
        }
      }
      Simulate(c, state, words, Direction::kInverse);
      EXPECT_EQ(state, initial);
    }
    EXPECT_TRUE(CheckRoundTrip(c).equivalent);
    // The inverse circuit run forwards equals the simulator's inverse direction.
    const Circuit inverse = c.Inverse();
    std::vector<std::uint64_t> a = PrepareState(c, CountingPatterns(12, 0, 64), 64), b = a;
    Simulate(c, a, 64, Direction::kInverse);
    Simulate(inverse, b, 64);
    EXPECT_EQ(a, b);
  }
}

TEST(Simulator, EquivalenceFindsACounterexample) {
  const Circuit c = RandomCircuit(10, 100, 9);
  Circuit padded = c;
  padded.AddGate(Gate::Cnot(0, 1));
  padded.AddGate(Gate::Cnot(0, 1));
  EquivalenceResult same = CheckEquivalence(c, padded);
  EXPECT_TRUE(same.equivalent);
  EXPECT_TRUE(same.exhaustive);
  EXPECT_EQ(same.patterns_checked, 1024u);
  Circuit broken = c;
  broken.AddGate(Gate::Toffoli({{0, true}, {1, true}, {2, true}}, 3));  // flips 1/8 of the patterns
  const EquivalenceResult differ = CheckEquivalence(c, broken);
  EXPECT_FALSE(differ.equivalent);
  ASSERT_EQ(differ.counterexample.size(), 10u);
  // Random mode beyond the exhaustive limit.
  EquivalenceOptions random;
  random.max_exhaustive_inputs = 4;
  random.random_patterns = 5000;
  const EquivalenceResult sampled = CheckEquivalence(c, padded, random);
  EXPECT_TRUE(sampled.equivalent);
  EXPECT_FALSE(sampled.exhaustive);
  EXPECT_EQ(sampled.patterns_checked, 5000u);
}

TEST(Metrics, MaslovTableAndTCount) {
  EXPECT_EQ(ToffoliQuantumCost(0, 3), 1);
  EXPECT_EQ(ToffoliQuantumCost(1, 3), 1);
  EXPECT_EQ(ToffoliQuantumCost(2, 3), 5);
  EXPECT_EQ(ToffoliQuantumCost(3, 4), 13);
  EXPECT_EQ(ToffoliQuantumCost(4, 7), 26);  // two free lines
  EXPECT_EQ(ToffoliQuantumCost(4, 6), 29);  // one
  EXPECT_EQ(ToffoliQuantumCost(5, 9), 38);
  EXPECT_EQ(ToffoliQuantumCost(5, 7), 52);
  EXPECT_EQ(ToffoliQuantumCost(5, 6), 61);
  EXPECT_EQ(ToffoliQuantumCost(9, 10), 1021);
  EXPECT_EQ(ToffoliQuantumCost(12, 30), 12 * 12 - 33);
  EXPECT_EQ(ToffoliQuantumCost(12, 13), (1 << 13) - 3);
  EXPECT_EQ(GateQuantumCost(Gate::Peres({{0, true}}, 1, 2), 3), 4);
  EXPECT_EQ(GateQuantumCost(Gate::Swap(0, 1), 2), 3);
  EXPECT_EQ(GateQuantumCost(Gate::Fredkin({{0, true}}, 1, 2), 3), 7);
  EXPECT_EQ(ToffoliTCount(2, 3), 7);
  EXPECT_EQ(ToffoliTCount(3, 4), 16);
  EXPECT_EQ(ToffoliTCount(5, 8), 32);  // 2 free lines >= (5-1)/2
  EXPECT_EQ(ToffoliTCount(5, 6), 64);
}

TEST(Metrics, CountsDepthAndErasure) {
  const Circuit c = ParseReal(
      ".numvars 4\n.variables a b c d\n.constants ---0\n.garbage --11\n.begin\n"
      "t3 a b d\nt1 c\nt2 -a b\nf3 d b c\np3 a b c\n.end\n",
      "m.real");
  const CircuitStats s = ComputeStats(c);
  EXPECT_EQ(s.gates, 5);
  EXPECT_EQ(s.gates_by_kind.at("t3"), 1);
  EXPECT_EQ(s.gates_by_kind.at("t1"), 1);
  EXPECT_EQ(s.gates_by_kind.at("f3"), 1);
  EXPECT_EQ(s.gates_by_controls.at(1), 3);
  EXPECT_EQ(s.quantum_cost, 5 + 1 + 1 + 7 + 4);
  EXPECT_EQ(s.t_count, 7 + 7 + 7);
  EXPECT_EQ(s.depth, 4);  // t3 and t1 share level 1; t2, f3, p3 follow on shared lines
  EXPECT_EQ(s.ancillae, 1);
  EXPECT_EQ(s.garbage, 2);
  EXPECT_EQ(s.bits_erased, 2);
  EXPECT_EQ(s.bits_erased_irreversible, 1 + 1 + 1 + 2 + 2);
  const nlohmann::json j = s.ToJson();
  for (const char* key : {"quantum_cost", "gates", "lines", "ancillae", "garbage", "bits_erased"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
}

}  // namespace
}  // namespace landauer::reversible
