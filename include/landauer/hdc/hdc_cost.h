// landauer/hdc/hdc_cost.h — what HDC encoding, training and search do, counted into the ledger.
//
// Counted from the work the code did (EncodeWork, ClassifierWork), not from a formula:
//
//   (alu, logic_64b)      a 64-bit bitwise operation: each XOR of binding a word; each word
//                         operation of bundling (35 per word for eight vectors through the
//                         carry-save tree, 2 per step of a carry ripple); each word operation of
//                         the majority threshold; the XOR of a Hamming distance
//   (alu, popcount_64b)   the population count of a 64-bit word (Hamming distance)
//   (alu, int32_add)      an integer-valued class-accumulator update (one-shot bundling, the
//                         perceptron retraining step, one per dimension)
//   (alu, fp32_mac)       projection multiply-adds (P x); the adaptive retraining step's cosines
//                         and scaled updates; the integer memory's norms |A_c| on re-binarising;
//                         the integer search's sums once adaptive updates made them fractional
//                         (an fp32 add priced as the tables' fp32 MAC, an upper estimate)
//   (alu, int32_add)      also each accumulator entry an integer search sums (the query's 1-bits)
//   <level>.read_bit      the item memory (each position's vector once per block of 32 samples,
//                         as a digital layer reads its weights once per batch) and the level
//                         memory (per sample and position) read while binding; the class memory and
//                         the query read by each search; the input features (32-bit); the
//                         projection matrix (1 bit per entry, read once per 64-sample block);
//                         accumulators
//   register.read_bit,    the bit-sliced counters, the datapath's accumulator state: a 64-bit
//   register.write_bit    plane word read and written per two word operations of bundling (the
//                         digital MLP's cost model charges
//                         no operand delivery at all, so this is on the dear side)
//   <level>.write_bit     each encoded hypervector (D bits); class vectors
//                         re-binarised (D bits); accumulators updated (32 bits per dimension)
//
// MAP and FHRR (model.h) add:
//   (alu, int32_add)      MAP: each record value read out of the counters, one operation per
//                         counter plane (a shift-and-or, priced as an add) and one for n − 2c
//   (alu, fp32_mac)       MAP and FHRR: the search's multiply-adds, D (MAP) or 2D (FHRR) per
//                         class (MAP's integer dot products reach ~10^10, past int32, so they are
//                         priced as fp32, the accumulation the simulator does). FHRR: the complex
//                         bind-and-bundle, 4 real multiply-adds per feature and dimension, whose
//                         running sums are the MACs' accumulators, included in the MAC's price as
//                         for the digital MLP (BSC's counters are planes of word logic, not MAC
//                         accumulators, hence their register traffic); its accumulator updates
//                         (fp32 adds, priced as MACs)
//   <level>.read_bit      records of 16 (MAP) or 64 (FHRR) bits per dimension; FHRR item and
//                         level vectors of 64 bits per dimension; float class accumulators of 32
//                         bits per entry, read by each search
//
// A memory level is the one that holds what it serves (nn::MemoryLevels): the item memory (n·D
// bits), the level memory (L·D bits), the class memory (C·D bits), the
// accumulators (C·D·32 bits), the projection matrix (D·n bits), and, while training, every
// training sample's encoding (N·D bits: DRAM at Fashion-MNIST scale), read again each retraining
// epoch. Bits erased follow energy/erasure.h: each bit written, each logic result (64 per
// logic_64b, 7 per popcount_64b), each accumulator result.
#ifndef LANDAUER_HDC_HDC_COST_H_
#define LANDAUER_HDC_HDC_COST_H_

#include <cstdint>
#include <string_view>

#include "landauer/energy/ledger.h"
#include "landauer/hdc/classifier.h"
#include "landauer/hdc/encoders.h"
#include "landauer/nn/digital_cost.h"

namespace landauer::hdc {

inline constexpr Action kLogicWord{"alu", "logic_64b"};
inline constexpr Action kPopcountWord{"alu", "popcount_64b"};

struct HdcShape {
  int features = 0, dimension = 0, levels = 0, classes = 0;
  bool projection = false;  // sign(P x) instead of ID–level
  Vsa vsa = Vsa::kBsc;      // MAP and FHRR: dense records and DenseCentroid (model.h)
};

// Encoding `samples` inputs, with the work EncodeAll reported. `kept` is how many encodings are
// held at once (every training sample while training; 1 when streaming inference).
void CountEncoding(Ledger& ledger,
                   std::string_view phase,
                   const HdcShape& shape,
                   std::int64_t samples,
                   const EncodeWork& work,
                   std::int64_t kept,
                   const nn::MemoryLevels& levels = {});

// The classifier's work: searches, accumulator updates, re-binarisations; `kept` as above (a
// retraining epoch reads every stored encoding once per search).
void CountClassifier(Ledger& ledger,
                     std::string_view phase,
                     const HdcShape& shape,
                     const ClassifierWork& work,
                     std::int64_t kept,
                     const nn::MemoryLevels& levels = {});

}  // namespace landauer::hdc

#endif  // LANDAUER_HDC_HDC_COST_H_
