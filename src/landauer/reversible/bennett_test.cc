// Logic networks, the arithmetic generators, Bennett compilation and the Cuccaro adder.
#include "landauer/reversible/bennett.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <vector>

#include "landauer/core/errors.h"
#include "landauer/core/rng.h"
#include "landauer/reversible/arithmetic.h"
#include "landauer/reversible/metrics.h"
#include "landauer/reversible/revlib.h"
#include "landauer/reversible/simulator.h"

namespace landauer::reversible {
namespace {

// Reads bits [first, first + count) of a pattern (MSB first rows) as an unsigned number.
std::uint64_t Word(const std::vector<std::uint64_t>& rows,
                   std::size_t words,
                   std::size_t first,
                   int count,
                   std::size_t p) {
  std::uint64_t v = 0;
  for (int k = 0; k < count; ++k)
    v = (v << 1) | ((rows[(first + static_cast<std::size_t>(k)) * words + p / 64] >> (p % 64)) & 1);
  return v;
}

// Checks a network's outputs against `expected(pattern operands)` on the given input rows.
template <typename Expected>
void CheckNetwork(const LogicNetwork& net,
                  const std::vector<std::uint64_t>& inputs,
                  std::size_t words,
                  std::vector<int> operand_bits,
                  int output_bits,
                  Expected expected) {
  const std::vector<std::uint64_t> out = net.Evaluate(inputs, words);
  for (std::size_t p = 0; p < words * 64; ++p) {
    std::vector<std::uint64_t> operands;
    std::size_t first = 0;
    for (int bits : operand_bits) {
      operands.push_back(Word(inputs, words, first, bits, p));
      first += static_cast<std::size_t>(bits);
    }
    ASSERT_EQ(Word(out, words, 0, output_bits, p), expected(operands)) << "pattern " << p;
  }
}

TEST(Arithmetic, GeneratorsComputeTheirFunctionsExhaustively) {
  const int n = 4;
  const std::size_t words = (1u << (2 * n)) / 64;
  const std::vector<std::uint64_t> inputs = CountingPatterns(2 * n, 0, words);
  CheckNetwork(
      RippleCarryAdder(n), inputs, words, {n, n}, n + 1, [](auto v) { return v[0] + v[1]; });
  CheckNetwork(
      ArrayMultiplier(n), inputs, words, {n, n}, 2 * n, [](auto v) { return v[0] * v[1]; });
  CheckNetwork(
      Comparator(n), inputs, words, {n, n}, 1, [](auto v) { return std::uint64_t{v[0] < v[1]}; });
  const std::vector<std::uint64_t> relu_in = CountingPatterns(8, 0, 4);
  CheckNetwork(Relu(8), relu_in, 4, {8}, 8, [](auto v) { return v[0] >= 128 ? 0 : v[0]; });
  // MAC: 16 inputs (a, b, acc) exhaustively.
  const std::size_t mac_words = (1u << 16) / 64;
  CheckNetwork(
      Mac(n), CountingPatterns(16, 0, mac_words), mac_words, {n, n, 2 * n}, 2 * n, [](auto v) {
        return (v[2] + v[0] * v[1]) & 0xFF;
      });
  for (int width : {1, 2, 3, 5}) {
    const std::size_t w = ((1u << (2 * width)) + 63) / 64;
    CheckNetwork(ArrayMultiplier(width),
                 CountingPatterns(2 * width, 0, w),
                 w,
                 {width, width},
                 2 * width,
                 [width](auto v) { return (v[0] * v[1]) & ((1u << (2 * width)) - 1); });
  }
  EXPECT_THROW(GenerateKernel("mac"), std::invalid_argument);
  EXPECT_THROW(GenerateKernel("fft:4"), std::invalid_argument);
  EXPECT_THROW(GenerateKernel("mac:0"), std::invalid_argument);
}

TEST(Bennett, CompiledMac4IsExactAndGarbageFree) {
  const LogicNetwork mac = Mac(4);
  const BennettResult compiled = CompileBennett(mac);
  const Circuit& c = compiled.circuit;
  const std::size_t words = (1u << 16) / 64;
  const std::vector<std::uint64_t> inputs = CountingPatterns(16, 0, words);
  std::vector<std::uint64_t> state = PrepareState(c, inputs, words);
  Simulate(c, state, words);
  const std::vector<std::uint64_t> expected = mac.Evaluate(inputs, words);
  const std::vector<int> outputs = c.OutputLines();
  ASSERT_EQ(outputs.size(), 16u + 8u);  // the inputs come back out, then y
  for (std::size_t o = 0; o < 8; ++o) {
    for (std::size_t w = 0; w < words; ++w) {
      ASSERT_EQ(state[static_cast<std::size_t>(outputs[16 + o]) * words + w],
                expected[o * words + w])
          << "output " << o;
    }
  }
  for (int l = 0; l < c.num_lines(); ++l) {  // every ancilla is back to 0, every input unchanged
    for (std::size_t w = 0; w < words; ++w) {
      if (c.line(l).restored)
        ASSERT_EQ(state[static_cast<std::size_t>(l) * words + w], 0u) << c.line(l).name;
      if (!c.line(l).constant)
        ASSERT_EQ(state[static_cast<std::size_t>(l) * words + w],
                  inputs[static_cast<std::size_t>(l) * words + w]);
    }
  }
  const CircuitStats stats = ComputeStats(c);
  EXPECT_EQ(stats.bits_erased, 0);
  EXPECT_EQ(stats.gates, 2 * compiled.compute_gates + 8);
  EXPECT_EQ(ComputeStats(CompileBennett(mac, {.discard_inputs = true}).circuit).bits_erased, 16);
}

// Issue 10, point 8: `rev compile --circuit mac:8` reported 0 bits erased, and `rev stats` on the
// file it wrote reported 394, because the .real round trip dropped which ancillae are restored.
TEST(Bennett, RestoredAncillaeSurviveTheRealRoundTrip) {
  const Circuit c = CompileBennett(Mac(8)).circuit;
  const Circuit back = ParseReal(FormatReal(c), "mac8.real");
  EXPECT_EQ(ComputeStats(c).bits_erased, 0);
  EXPECT_EQ(ComputeStats(back).bits_erased, 0);
  EXPECT_GT(ComputeStats(back).ancillae, 300);
  for (int l = 0; l < c.num_lines(); ++l) EXPECT_EQ(back.line(l).restored, c.line(l).restored);
  // The marks are checked, not trusted: they hold for the compiled circuit, and a mark on an
  // ancilla the circuit leaves changed is found with its line and an input.
  EXPECT_TRUE(CheckRestoredLines(back).equivalent);
  // z starts at 0 and ends as a copy of a: claimed restored, it is not.
  const Circuit lying = ParseReal(
      ".numvars 2\n.variables a z\n.constants -0\n.garbage -1\n#@restored -0\n.begin\n"
      "t2 a z\n.end\n",
      "lying.real");
  std::string line;
  const EquivalenceResult r = CheckRestoredLines(lying, {}, &line);
  EXPECT_FALSE(r.equivalent);
  EXPECT_EQ(line, "z");
  EXPECT_EQ(r.counterexample, "1");
}

TEST(Bennett, CompiledMac8MatchesIntegerArithmeticOnAMillionPatterns) {
  const auto start = std::chrono::steady_clock::now();
  const Circuit c = CompileBennett(Mac(8)).circuit;
  const double compile_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("8-bit MAC: %d lines, %d gates, compiled in %.3f s\n",
              c.num_lines(),
              c.num_gates(),
              compile_s);
  const std::vector<int> outputs = c.OutputLines();
  ASSERT_EQ(outputs.size(), 32u + 16u);
  Rng rng(7, "test", "mac8");
  const std::size_t words = 4096;  // 262,144 patterns per batch, four batches
  for (int batch = 0; batch < 4; ++batch) {
    std::vector<std::uint64_t> inputs(32 * words);
    for (std::uint64_t& w : inputs) w = rng.NextU64();
    std::vector<std::uint64_t> state = PrepareState(c, inputs, words);
    Simulate(c, state, words);
    for (std::size_t p = 0; p < words * 64; ++p) {
      const std::uint64_t a = Word(inputs, words, 0, 8, p), b = Word(inputs, words, 8, 8, p),
                          acc = Word(inputs, words, 16, 16, p);
      std::uint64_t y = 0;
      for (int k = 0; k < 16; ++k) {
        y = (y << 1) |
            ((state[static_cast<std::size_t>(outputs[32 + static_cast<std::size_t>(k)]) * words +
                    p / 64] >>
              (p % 64)) &
             1);
      }
      ASSERT_EQ(y, (acc + a * b) & 0xFFFF) << "a=" << a << " b=" << b << " acc=" << acc;
    }
  }
}

TEST(Bennett, VerificationCatchesWrongOutputsAndDirtyAncillae) {
  const LogicNetwork adder = RippleCarryAdder(3);
  Circuit c = CompileBennett(adder).circuit;
  VerifyResult ok = VerifyAgainstNetwork(c, adder);
  EXPECT_TRUE(ok.ok) << ok.problem;
  EXPECT_TRUE(ok.exhaustive);
  EXPECT_EQ(ok.patterns, 64u);
  Circuit wrong_output = c;
  wrong_output.AddGate(Gate::Cnot(0, c.OutputLines().back()));
  const VerifyResult bad = VerifyAgainstNetwork(wrong_output, adder);
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.problem.find("output 's0'"), std::string::npos) << bad.problem;
  Circuit dirty = c;
  int ancilla = -1;
  for (int l = 0; l < c.num_lines() && ancilla < 0; ++l) {
    if (c.line(l).restored) ancilla = l;
  }
  dirty.AddGate(Gate::Cnot(0, ancilla));
  const VerifyResult unclean =
      VerifyAgainstNetwork(dirty, adder, 2, 4096);  // random patterns this time
  EXPECT_FALSE(unclean.ok);
  EXPECT_FALSE(unclean.exhaustive);
  EXPECT_NE(unclean.problem.find("is not restored to 0"), std::string::npos) << unclean.problem;
}

// Found by revlib_fuzzer: a gate of one signal with itself made a Toffoli with one line as both
// controls, which Circuit refuses ("uses a line twice").
TEST(Bennett, AGateOfASignalWithItselfCompiles) {
  const LogicNetwork network =
      ParseLogic("and = e & e; or = e | e; xor = e ^ e; out = (e & e) | (f & (e ^ f))", "t");
  const BennettResult compiled = CompileBennett(network);
  EXPECT_TRUE(VerifyAgainstNetwork(compiled.circuit, network).ok);
  // Also found by the fuzzer: an input named like an ancilla ("n4").
  const LogicNetwork named = ParseLogic("s = n1 ^ n4; t = s & n0", "t");
  EXPECT_TRUE(VerifyAgainstNetwork(CompileBennett(named).circuit, named).ok);
}

TEST(Bennett, CuccaroAdderAddsInPlace) {
  for (int n : {1, 2, 4}) {
    const Circuit c = CuccaroAdder(n);
    EXPECT_EQ(ComputeStats(c).gates_by_kind.at("t3"), 2 * n);  // MAJ and UMA: one Toffoli each
    EXPECT_EQ(c.num_ancillae(), 1);
    const int free = 2 * n + 1;
    const std::size_t words = ((1u << free) + 63) / 64;
    const std::vector<std::uint64_t> inputs = CountingPatterns(free, 0, words);
    std::vector<std::uint64_t> state = PrepareState(c, inputs, words);
    Simulate(c, state, words);
    for (std::size_t p = 0; p < (1u << free); ++p) {
      auto bit = [&](const std::vector<std::uint64_t>& s, int line) {
        return (s[static_cast<std::size_t>(line) * words + p / 64] >> (p % 64)) & 1;
      };
      std::vector<std::uint64_t> initial = PrepareState(c, inputs, words);
      std::uint64_t a = 0, b = 0, sum = 0, a_after = 0;
      for (int i = n - 1; i >= 0; --i) {
        a = (a << 1) | bit(initial, c.FindLine("a" + std::to_string(i)));
        b = (b << 1) | bit(initial, c.FindLine("b" + std::to_string(i)));
        sum = (sum << 1) | bit(state, c.FindLine("b" + std::to_string(i)));
        a_after = (a_after << 1) | bit(state, c.FindLine("a" + std::to_string(i)));
      }
      const std::uint64_t z = bit(initial, c.FindLine("z")), z_after = bit(state, c.FindLine("z"));
      ASSERT_EQ(sum, (a + b) & ((1u << n) - 1));
      ASSERT_EQ(a_after, a);
      ASSERT_EQ(z_after, z ^ ((a + b) >> n));
      ASSERT_EQ(bit(state, c.FindLine("c0")), 0u);
      if (p > 64) break;  // the full state copy above is per pattern; a sample suffices past n = 2
    }
  }
}

TEST(LogicParser, FullAdderAndErrors) {
  const LogicNetwork net =
      ParseLogic("s = a ^ b ^ cin\ncout = (a & b) | (cin & (a ^ b))  # carry\n_u = ~a; nota = _u");
  ASSERT_EQ(net.input_names(), (std::vector<std::string>{"a", "b", "cin"}));
  ASSERT_EQ(net.output_names(), (std::vector<std::string>{"s", "cout", "nota"}));
  const std::vector<std::uint64_t> in = CountingPatterns(3, 0, 1);
  const std::vector<std::uint64_t> out = net.Evaluate(in, 1);
  for (std::size_t p = 0; p < 8; ++p) {
    const int a = (p >> 2) & 1, b = (p >> 1) & 1, c = p & 1;
    EXPECT_EQ((out[0] >> p) & 1, static_cast<std::uint64_t>((a + b + c) & 1));
    EXPECT_EQ((out[1] >> p) & 1, static_cast<std::uint64_t>((a + b + c) >> 1));
    EXPECT_EQ((out[2] >> p) & 1, static_cast<std::uint64_t>(1 - a));
  }
  const Circuit compiled = CompileBennett(net).circuit;
  EXPECT_EQ(TruthTable(compiled).size(), 8u);
  auto error = [](const std::string& text) {
    try {
      ParseLogic(text, "e.txt");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error("f = a &").find("e.txt:1: column 8: expected a signal"), std::string::npos);
  EXPECT_NE(error("f = a\nf = b").find("e.txt:2: 'f' is assigned twice"), std::string::npos);
  EXPECT_NE(error("f = (a | b").find("expected ')'"), std::string::npos);
  EXPECT_NE(error("f = _x").find("used before it is assigned"), std::string::npos);
  EXPECT_NE(error("_x = a").find("no outputs"), std::string::npos);
  EXPECT_NE(error("f = a $ b").find("unexpected '$'"), std::string::npos);
  EXPECT_NE(error("f = " + std::string(1000, '~') + "a").find("nested too deeply"),
            std::string::npos);
}

}  // namespace
}  // namespace landauer::reversible
