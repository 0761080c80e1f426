// landauer/reversible/simulator.h — bit-parallel simulation of reversible circuits.
//
// State layout: line-major, `words` 64-bit words per line; bit j of word w of line l is line l's
// value in pattern 64·w + j. A gate is a handful of word-wide AND/XOR operations per word, so one
// pass evaluates 64 patterns per word (and, vectorised with -march=native, 512 per AVX-512 op).
// The state is processed in chunks of kChunkWords words that stay in L1 while every gate runs
// over them.
//
// Pattern convention (matches `rev sim --json`'s truth_table): pattern p assigns the k-th free
// input line (lines without a constant, in line order) the bit (p >> (n−1−k)) & 1, i.e. the first
// input is the most significant bit.
#ifndef LANDAUER_REVERSIBLE_SIMULATOR_H_
#define LANDAUER_REVERSIBLE_SIMULATOR_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "landauer/reversible/circuit.h"

namespace landauer {
class ProgressSink;  // core/progress.h
}  // namespace landauer

namespace landauer::reversible {

inline constexpr std::size_t kChunkWords = 32;

enum class Direction { kForward, kInverse };

// Applies every gate (or, for kInverse, every gate's inverse in reverse order) to `state`
// (num_lines × words, line-major) in place.
void Simulate(const Circuit& circuit,
              std::span<std::uint64_t> state,
              std::size_t words,
              Direction direction = Direction::kForward);

// A fresh state for `words` words: constant lines set, free inputs taken from `inputs`
// (num_inputs × words, in free-input order).
std::vector<std::uint64_t> PrepareState(const Circuit& circuit,
                                        std::span<const std::uint64_t> inputs,
                                        std::size_t words);

// Inputs for patterns [64·first_word, 64·(first_word + words)) of the counting order over
// `num_inputs` inputs (first input most significant). Patterns ≥ 2^num_inputs repeat the count.
std::vector<std::uint64_t> CountingPatterns(int num_inputs,
                                            std::size_t first_word,
                                            std::size_t words);

// One row per input pattern (2^inputs rows), each the non-garbage outputs in line order as
// '0'/'1'. Throws std::invalid_argument above `max_inputs` free inputs (the table would have
// 2^inputs rows).
std::vector<std::string> TruthTable(const Circuit& circuit, int max_inputs = 20);

struct EquivalenceOptions {
  int max_exhaustive_inputs = 24;           // exhaustive up to this many free inputs
  std::uint64_t random_patterns = 1 << 20;  // seeded random patterns beyond it
  std::uint64_t seed = 0;
  ProgressSink* progress = nullptr;  // one task over the patterns; null: quiet
};

struct EquivalenceResult {
  bool equivalent = false;
  bool exhaustive = false;
  std::uint64_t patterns_checked = 0;
  std::string counterexample;  // input bits of the first differing pattern, if any
};

// The pattern loop behind every check: batches of at most 4096 words over `num_inputs` inputs,
// exhaustive (counting order) up to options.max_exhaustive_inputs, else options.random_patterns
// seeded random patterns. `check(inputs, words)` returns the first failing pattern of the batch
// (bit index) or -1; the result counts the patterns checked and, on failure, holds its input bits.
using PatternCheck =
    std::function<std::int64_t(const std::vector<std::uint64_t>& inputs, std::size_t words)>;
EquivalenceResult CheckPatterns(int num_inputs,
                                const EquivalenceOptions& options,
                                const PatternCheck& check);

// Compares the non-garbage outputs of two circuits with the same numbers of free inputs and
// non-garbage outputs, pattern by pattern (inputs matched in order). Throws
// std::invalid_argument if the interfaces differ.
EquivalenceResult CheckEquivalence(const Circuit& a,
                                   const Circuit& b,
                                   const EquivalenceOptions& options = {});

// Checks that running the circuit and then its inverse restores every line, on the same
// patterns CheckEquivalence would use.
EquivalenceResult CheckRoundTrip(const Circuit& circuit, const EquivalenceOptions& options = {});

// Checks that every line marked `restored` (an ancilla a Bennett compilation returns to its
// constant, which then erases nothing) ends at that constant, on the same patterns. On failure
// `failing_line`, when given, receives the line's name. Equivalent when no line is marked.
EquivalenceResult CheckRestoredLines(const Circuit& circuit,
                                     const EquivalenceOptions& options = {},
                                     std::string* failing_line = nullptr);

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_SIMULATOR_H_
