#include "landauer/hdc/hdc_cost.h"

#include <bit>
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
  const double record_bits = RecordBits(shape.vsa);
  const double vector_bits = shape.vsa == Vsa::kFhrr ? 64.0 : 1.0;  // item and level memory
  const auto add = [&](std::string_view component, std::string_view action, double c) {
    if (c > 0.0) CountWithErasure(ledger, phase, component, action, c);
  };
  // MAP: each value read out of the counters' planes (bit_width(n) of them), then n − 2c.
  const double planes = std::bit_width(static_cast<std::uint64_t>(shape.features));
  add("alu", "int32_add", static_cast<double>(work.readout_values) * (planes + 1.0));
  add("alu", "fp32_mac", work.phasor_macs);
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
    add(levels.LevelFor(n * d * vector_bits), "read_bit", static_cast<double>(work.id_bits_read));
    add(levels.LevelFor(shape.levels * d * vector_bits),
        "read_bit",
        static_cast<double>(work.level_bits_read));
    // The counters are the datapath's accumulator state, in registers: a plane word read and
    // written per two word operations of bundling.
    add("register", "read_bit", 32.0 * static_cast<double>(work.bundle_words));
    add("register", "write_bit", 32.0 * static_cast<double>(work.bundle_words));
  }
  add(levels.LevelFor(static_cast<double>(kept) * d * record_bits),
      "write_bit",
      count * d * record_bits);  // the encodings
}

void CountClassifier(Ledger& ledger,
                     std::string_view phase,
                     const HdcShape& shape,
                     const ClassifierWork& work,
                     std::int64_t kept,
                     const nn::MemoryLevels& levels) {
  const double d = shape.dimension, c = shape.classes, words = d / 64.0;
  const double record_bits = RecordBits(shape.vsa);
  const double width = shape.vsa == Vsa::kFhrr ? 2.0 * d : d;  // floats per dense record
  const auto add = [&](std::string_view component, std::string_view action, double n) {
    if (n > 0.0) CountWithErasure(ledger, phase, component, action, n);
  };
  const std::string_view records = levels.LevelFor(static_cast<double>(kept) * d * record_bits);
  const std::string_view accumulators = levels.LevelFor(c * width * 32.0);
  // One-shot bundling reads every stored encoding once.
  add(records, "read_bit", static_cast<double>(work.encodings_read) * d * record_bits);
  // Binary searches: XOR + popcount against the class vectors.
  const double searches = static_cast<double>(work.searches);
  add(kLogicWord.component, kLogicWord.action, searches * c * words);
  add(kPopcountWord.component, kPopcountWord.action, searches * c * words);
  add(levels.LevelFor(c * d), "read_bit", searches * c * d);  // class memory
  add(records, "read_bit", searches * d);                     // the query
  // Integer searches of a binary query: the accumulator entries at the query's 1-bits, summed
  // per class. Integer-valued accumulators add as int32; after adaptive retraining they are
  // float, priced as fp32 multiply-adds (the GPU tables' only fp32 operation; an upper estimate
  // for an add).
  add("alu", work.float_accumulators ? "fp32_mac" : "int32_add", work.selected_adds);
  add(accumulators, "read_bit", work.selected_adds * 32.0);
  add(records, "read_bit", static_cast<double>(work.integer_searches) * d);
  // Dense searches (MAP, FHRR): C dot products of `width` with the query, as fp32 MACs (MAP's
  // integer dot products reach ~10^10, past int32: an fp32 or int64 accumulation).
  const double dense_macs = static_cast<double>(work.dense_searches) * c * width;
  add("alu", "fp32_mac", dense_macs);
  add(accumulators, "read_bit", dense_macs * 32.0);
  add(records, "read_bit", static_cast<double>(work.dense_searches) * d * record_bits);
  // Updates: integer-valued adds as int32 (FHRR's are fp32, priced as MACs), float updates,
  // cosines and norms as fp32 MACs; each updated entry read and written.
  add("alu",
      shape.vsa == Vsa::kFhrr ? "fp32_mac" : "int32_add",
      static_cast<double>(work.accumulator_adds));
  add("alu", "fp32_mac", work.accumulator_macs + work.norm_macs);
  add(accumulators, "read_bit", work.entries_updated * 32.0);
  add(accumulators, "write_bit", work.entries_updated * 32.0);
  // Binary class vectors re-binarised from their accumulators.
  const double rebinarised = static_cast<double>(work.rebinarised);
  add(accumulators, "read_bit", rebinarised * d * 32.0);
  add(levels.LevelFor(c * d), "write_bit", rebinarised * d);
}

}  // namespace landauer::hdc
