#include "landauer/reversible/simulator.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "landauer/core/progress.h"
#include "landauer/core/rng.h"

namespace landauer::reversible {
namespace {

// A gate flattened for the inner loop: control lines with XOR masks (all-ones for a negative
// control, so that line ^ mask is 1 exactly when the control fires).
struct FlatGate {
  GateKind kind;
  int first_control, num_controls;
  int t0, t1;
};

struct FlatCircuit {
  std::vector<FlatGate> gates;
  std::vector<int> control_lines;
  std::vector<std::uint64_t> control_flip;
};

FlatCircuit Flatten(const Circuit& circuit, Direction direction) {
  std::vector<Gate> gates;
  if (direction == Direction::kForward) {
    gates = circuit.gates();
  } else {
    for (auto it = circuit.gates().rbegin(); it != circuit.gates().rend(); ++it) {
      for (Gate& g : InverseGates(*it)) gates.push_back(std::move(g));
    }
  }
  FlatCircuit flat;
  flat.gates.reserve(gates.size());
  for (const Gate& g : gates) {
    FlatGate f{g.kind,
               static_cast<int>(flat.control_lines.size()),
               static_cast<int>(g.controls.size()),
               g.targets[0],
               g.targets.size() > 1 ? g.targets[1] : -1};
    for (const Control& c : g.controls) {
      flat.control_lines.push_back(c.line);
      flat.control_flip.push_back(c.positive ? 0 : ~std::uint64_t{0});
    }
    flat.gates.push_back(f);
  }
  return flat;
}

// Runs every gate over words [begin, begin + kChunkWords) of the state (the chunk is full).
void RunChunk(const FlatCircuit& flat, std::uint64_t* state, std::size_t words, std::size_t begin) {
  alignas(64) std::uint64_t mask[kChunkWords];
  auto line_at = [&](int line) { return state + static_cast<std::size_t>(line) * words + begin; };
  for (const FlatGate& g : flat.gates) {
    std::fill(mask, mask + kChunkWords, ~std::uint64_t{0});
    for (int c = 0; c < g.num_controls; ++c) {
      const std::uint64_t* in =
          line_at(flat.control_lines[static_cast<std::size_t>(g.first_control + c)]);
      const std::uint64_t flip = flat.control_flip[static_cast<std::size_t>(g.first_control + c)];
      for (std::size_t w = 0; w < kChunkWords; ++w) mask[w] &= in[w] ^ flip;
    }
    std::uint64_t* a = line_at(g.t0);
    switch (g.kind) {
      case GateKind::kToffoli:
        for (std::size_t w = 0; w < kChunkWords; ++w) a[w] ^= mask[w];
        break;
      case GateKind::kFredkin: {
        std::uint64_t* b = line_at(g.t1);
        for (std::size_t w = 0; w < kChunkWords; ++w) {
          const std::uint64_t diff = (a[w] ^ b[w]) & mask[w];
          a[w] ^= diff;
          b[w] ^= diff;
        }
        break;
      }
      case GateKind::kPeres: {
        std::uint64_t* b = line_at(g.t1);
        for (std::size_t w = 0; w < kChunkWords; ++w) {
          b[w] ^= mask[w] & a[w];
          a[w] ^= mask[w];
        }
        break;
      }
    }
  }
}

}  // namespace

void Simulate(const Circuit& circuit,
              std::span<std::uint64_t> state,
              std::size_t words,
              Direction direction) {
  if (state.size() != static_cast<std::size_t>(circuit.num_lines()) * words) {
    throw std::invalid_argument(
        fmt::format("reversible::Simulate: state has {} words, expected {} lines x {} words",
                    state.size(),
                    circuit.num_lines(),
                    words));
  }
  const FlatCircuit flat = Flatten(circuit, direction);
  const std::size_t full = words / kChunkWords * kChunkWords;
  for (std::size_t begin = 0; begin < full; begin += kChunkWords)
    RunChunk(flat, state.data(), words, begin);
  if (full < words) {  // the tail: copy into a padded chunk
    const std::size_t tail = words - full;
    const auto lines = static_cast<std::size_t>(circuit.num_lines());
    std::vector<std::uint64_t> padded(lines * kChunkWords, 0);
    for (std::size_t l = 0; l < lines; ++l) {
      std::copy_n(state.data() + l * words + full, tail, padded.data() + l * kChunkWords);
    }
    RunChunk(flat, padded.data(), kChunkWords, 0);
    for (std::size_t l = 0; l < lines; ++l) {
      std::copy_n(padded.data() + l * kChunkWords, tail, state.data() + l * words + full);
    }
  }
}

std::vector<std::uint64_t> PrepareState(const Circuit& circuit,
                                        std::span<const std::uint64_t> inputs,
                                        std::size_t words) {
  const std::vector<int> free_lines = circuit.InputLines();
  if (inputs.size() != free_lines.size() * words) {
    throw std::invalid_argument(
        fmt::format("reversible::PrepareState: {} input words for {} inputs x {} words",
                    inputs.size(),
                    free_lines.size(),
                    words));
  }
  std::vector<std::uint64_t> state(static_cast<std::size_t>(circuit.num_lines()) * words, 0);
  for (int l = 0; l < circuit.num_lines(); ++l) {
    if (circuit.line(l).constant == 1) {
      std::fill_n(state.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(l) * words),
                  words,
                  ~std::uint64_t{0});
    }
  }
  for (std::size_t k = 0; k < free_lines.size(); ++k) {
    std::copy_n(inputs.begin() + static_cast<std::ptrdiff_t>(k * words),
                words,
                state.begin() +
                    static_cast<std::ptrdiff_t>(static_cast<std::size_t>(free_lines[k]) * words));
  }
  return state;
}

std::vector<std::uint64_t> CountingPatterns(int num_inputs,
                                            std::size_t first_word,
                                            std::size_t words) {
  static constexpr std::uint64_t kLow[6] = {0xAAAAAAAAAAAAAAAAull,
                                            0xCCCCCCCCCCCCCCCCull,
                                            0xF0F0F0F0F0F0F0F0ull,
                                            0xFF00FF00FF00FF00ull,
                                            0xFFFF0000FFFF0000ull,
                                            0xFFFFFFFF00000000ull};
  std::vector<std::uint64_t> out(static_cast<std::size_t>(num_inputs) * words);
  for (int k = 0; k < num_inputs; ++k) {
    const int shift = num_inputs - 1 - k;  // bit of the pattern index this input carries
    for (std::size_t w = 0; w < words; ++w) {
      std::uint64_t value;
      if (shift < 6) {
        value = kLow[shift];
      } else {
        const std::uint64_t pattern0 = (first_word + w) * 64;
        value = ((pattern0 >> shift) & 1) ? ~std::uint64_t{0} : 0;
      }
      out[static_cast<std::size_t>(k) * words + w] = value;
    }
  }
  return out;
}

std::vector<std::string> TruthTable(const Circuit& circuit, int max_inputs) {
  const int n = static_cast<int>(circuit.InputLines().size());
  if (n > max_inputs) {
    throw std::invalid_argument(fmt::format(
        "a truth table of {} inputs has 2^{} rows; the limit is {} inputs", n, n, max_inputs));
  }
  const std::uint64_t rows = std::uint64_t{1} << n;
  const std::size_t words = static_cast<std::size_t>((rows + 63) / 64);
  const std::vector<std::uint64_t> inputs = CountingPatterns(n, 0, words);
  std::vector<std::uint64_t> state = PrepareState(circuit, inputs, words);
  Simulate(circuit, state, words);
  const std::vector<int> outputs = circuit.OutputLines();
  std::vector<std::string> table(rows, std::string(outputs.size(), '0'));
  for (std::uint64_t p = 0; p < rows; ++p) {
    for (std::size_t o = 0; o < outputs.size(); ++o) {
      const std::uint64_t word = state[static_cast<std::size_t>(outputs[o]) * words + p / 64];
      if ((word >> (p % 64)) & 1) table[p][o] = '1';
    }
  }
  return table;
}

namespace {}  // namespace

EquivalenceResult CheckPatterns(int n,
                                const EquivalenceOptions& options,
                                const PatternCheck& check) {
  EquivalenceResult result;
  result.exhaustive = n <= options.max_exhaustive_inputs;
  const std::uint64_t total = result.exhaustive ? (std::uint64_t{1} << n) : options.random_patterns;
  const std::size_t batch_words = 4096;
  const std::uint64_t total_words = (total + 63) / 64;
  Rng rng(options.seed, "reversible", "equivalence");
  ProgressTask progress(options.progress,
                        "verify",
                        static_cast<std::int64_t>((total_words + batch_words - 1) / batch_words));
  for (std::uint64_t first = 0; first < total_words; first += batch_words) {
    const auto words =
        static_cast<std::size_t>(std::min<std::uint64_t>(batch_words, total_words - first));
    std::vector<std::uint64_t> inputs;
    if (result.exhaustive) {
      inputs = CountingPatterns(n, static_cast<std::size_t>(first), words);
    } else {
      inputs.resize(static_cast<std::size_t>(n) * words);
      for (std::uint64_t& w : inputs) w = rng.NextU64();
    }
    const std::int64_t bad = check(inputs, words);
    const std::uint64_t valid = std::min<std::uint64_t>(total - first * 64, words * 64);
    if (bad >= 0 && static_cast<std::uint64_t>(bad) < valid) {
      result.patterns_checked += static_cast<std::uint64_t>(bad) + 1;
      std::string bits(static_cast<std::size_t>(n), '0');
      for (int k = 0; k < n; ++k) {
        const std::uint64_t word =
            inputs[static_cast<std::size_t>(k) * words + static_cast<std::size_t>(bad) / 64];
        if ((word >> (bad % 64)) & 1) bits[static_cast<std::size_t>(k)] = '1';
      }
      result.counterexample = bits;
      return result;
    }
    result.patterns_checked += valid;
    progress.Advance(1);
  }
  result.equivalent = true;
  return result;
}

namespace {

// First pattern (bit index) where the listed lines of two states differ, or -1.
std::int64_t FirstDifference(const std::vector<std::uint64_t>& a,
                             const std::vector<int>& lines_a,
                             const std::vector<std::uint64_t>& b,
                             const std::vector<int>& lines_b,
                             std::size_t words) {
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t diff = 0;
    for (std::size_t o = 0; o < lines_a.size(); ++o) {
      diff |= a[static_cast<std::size_t>(lines_a[o]) * words + w] ^
              b[static_cast<std::size_t>(lines_b[o]) * words + w];
    }
    if (diff)
      return static_cast<std::int64_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(diff)));
  }
  return -1;
}

}  // namespace

EquivalenceResult CheckEquivalence(const Circuit& a,
                                   const Circuit& b,
                                   const EquivalenceOptions& options) {
  const int n = static_cast<int>(a.InputLines().size());
  const std::vector<int> out_a = a.OutputLines(), out_b = b.OutputLines();
  if (static_cast<int>(b.InputLines().size()) != n || out_a.size() != out_b.size()) {
    throw std::invalid_argument(
        fmt::format("CheckEquivalence: interfaces differ ({} inputs / {} outputs against {} / {})",
                    n,
                    out_a.size(),
                    b.InputLines().size(),
                    out_b.size()));
  }
  return CheckPatterns(
      n, options, [&](const std::vector<std::uint64_t>& inputs, std::size_t words) {
        std::vector<std::uint64_t> sa = PrepareState(a, inputs, words),
                                   sb = PrepareState(b, inputs, words);
        Simulate(a, sa, words);
        Simulate(b, sb, words);
        return FirstDifference(sa, out_a, sb, out_b, words);
      });
}

EquivalenceResult CheckRoundTrip(const Circuit& circuit, const EquivalenceOptions& options) {
  const int n = static_cast<int>(circuit.InputLines().size());
  std::vector<int> all(static_cast<std::size_t>(circuit.num_lines()));
  for (int l = 0; l < circuit.num_lines(); ++l) all[static_cast<std::size_t>(l)] = l;
  return CheckPatterns(
      n, options, [&](const std::vector<std::uint64_t>& inputs, std::size_t words) {
        const std::vector<std::uint64_t> initial = PrepareState(circuit, inputs, words);
        std::vector<std::uint64_t> state = initial;
        Simulate(circuit, state, words, Direction::kForward);
        Simulate(circuit, state, words, Direction::kInverse);
        return FirstDifference(initial, all, state, all, words);
      });
}

EquivalenceResult CheckRestoredLines(const Circuit& circuit,
                                     const EquivalenceOptions& options,
                                     std::string* failing_line) {
  std::vector<int> marked;
  for (int l = 0; l < circuit.num_lines(); ++l) {
    if (circuit.line(l).restored) marked.push_back(l);
  }
  if (marked.empty()) return {.equivalent = true, .exhaustive = true};
  const int n = static_cast<int>(circuit.InputLines().size());
  return CheckPatterns(
      n, options, [&](const std::vector<std::uint64_t>& inputs, std::size_t words) {
        std::vector<std::uint64_t> state = PrepareState(circuit, inputs, words);
        Simulate(circuit, state, words, Direction::kForward);
        std::int64_t first = -1;
        for (int l : marked) {
          const std::uint64_t want = *circuit.line(l).restored ? ~std::uint64_t{0} : 0;
          for (std::size_t w = 0; w < words; ++w) {
            const std::uint64_t wrong = state[static_cast<std::size_t>(l) * words + w] ^ want;
            if (wrong == 0) continue;
            const std::int64_t bit = static_cast<std::int64_t>(w * 64) + std::countr_zero(wrong);
            if (first < 0 || bit < first) {
              first = bit;
              if (failing_line != nullptr) *failing_line = circuit.line(l).name;
            }
            break;
          }
        }
        return first;
      });
}

}  // namespace landauer::reversible
