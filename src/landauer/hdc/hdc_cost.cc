#include "landauer/hdc/hdc_cost.h"

#include <cmath>

#include "landauer/energy/erasure.h"

namespace landauer::hdc {

void CountEncoding(Ledger& ledger,
                   std::string_view phase,
                   const HdcShape& shape,
                   std::int64_t samples,
                   const EncodeWork& work,
                   std::int64_t kept,
                   const nn::MemoryLevels& levels) {
  const double d = shape.dimension, n = shape.features, count = static_cast<double>(samples);
  const auto add = [&](std::string_view component, std::string_view action, double c) {
    if (c > 0.0) CountWithErasure(ledger, phase, component, action, c);
  };
  add(kLogicWord.component,
      kLogicWord.action,
      static_cast<double>(work.xor_words) + static_cast<double>(work.bundle_words) +
          static_cast<double>(work.compare_words));
  add("alu", "fp32_mac", work.projection_macs);
  // The input features, at the level that holds the `kept` samples being encoded.
  add(levels.LevelFor(static_cast<double>(kept) * n * 32.0), "read_bit", count * n * 32.0);
  if (shape.projection) {
    const double blocks = std::ceil(count / 64.0);
    add(levels.LevelFor(d * n), "read_bit", blocks * d * n);
  } else {
    add(levels.LevelFor(n * d), "read_bit", static_cast<double>(work.id_bits_read));
    add(levels.LevelFor(shape.levels * d), "read_bit", static_cast<double>(work.level_bits_read));
    // The counters are the datapath's accumulator state, in registers: a plane word read and
    // written per two word operations of bundling.
    add("register", "read_bit", 32.0 * static_cast<double>(work.bundle_words));
    add("register", "write_bit", 32.0 * static_cast<double>(work.bundle_words));
  }
  add(levels.LevelFor(static_cast<double>(kept) * d), "write_bit", count * d);  // the encodings
}

void CountClassifier(Ledger& ledger,
                     std::string_view phase,
                     const HdcShape& shape,
                     const ClassifierWork& work,
                     std::int64_t kept,
                     const nn::MemoryLevels& levels) {
  const double d = shape.dimension, c = shape.classes, words = d / 64.0;
  const auto add = [&](std::string_view component, std::string_view action, double n) {
    if (n > 0.0) CountWithErasure(ledger, phase, component, action, n);
  };
  const double searches = static_cast<double>(work.searches);
  // One-shot bundling reads every stored encoding once.
  add(levels.LevelFor(static_cast<double>(kept) * d),
      "read_bit",
      static_cast<double>(work.encodings_read) * d);
  add(kLogicWord.component, kLogicWord.action, searches * c * words);
  add(kPopcountWord.component, kPopcountWord.action, searches * c * words);
  add(levels.LevelFor(c * d), "read_bit", searches * c * d);                      // class memory
  add(levels.LevelFor(static_cast<double>(kept) * d), "read_bit", searches * d);  // the query
  const std::string_view accumulators = levels.LevelFor(c * d * 32.0);
  // Integer searches: the accumulator entries at the query's 1-bits, summed per class.
  // Integer-valued accumulators add as int32; after adaptive retraining they are float, priced
  // as fp32 multiply-adds (the GPU tables' only fp32 operation; an upper estimate for an add).
  add("alu", work.float_accumulators ? "fp32_mac" : "int32_add", work.selected_adds);
  add("alu", "fp32_mac", work.norm_macs);  // |A_c| for the cosine, on re-binarising
  add(accumulators, "read_bit", work.selected_adds * 32.0);
  add(levels.LevelFor(static_cast<double>(kept) * d),
      "read_bit",
      static_cast<double>(work.integer_searches) * d);
  const double adds = static_cast<double>(work.accumulator_adds);
  add("alu", "int32_add", adds);
  add("alu", "fp32_mac", work.accumulator_macs);
  const double touched = adds + work.accumulator_macs / 3.0;  // accumulator entries updated
  add(accumulators, "read_bit", touched * 32.0);
  add(accumulators, "write_bit", touched * 32.0);
  const double rebinarised = static_cast<double>(work.rebinarised);
  add(accumulators, "read_bit", rebinarised * d * 32.0);
  add(levels.LevelFor(c * d), "write_bit", rebinarised * d);
}

}  // namespace landauer::hdc
