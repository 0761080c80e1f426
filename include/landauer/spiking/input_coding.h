// landauer/spiking/input_coding.h — how a sample's intensities become a network's input over T
// steps.
//
//   direct   the intensity itself, as a current held over every step (snnTorch's tutorials feed
//            the image this way); no spikes, so the first layer's product is the same each step
//   poisson  a spike at each step with probability p = intensity (snnTorch spikegen.rate),
//            drawn from the seeded counter-based RNG: the sample at index s of call `pass` (its
//            index in the data, or in training's shuffled order) uses substream pass·2^32 + s, so
//            a code never depends on the batch size or the thread count
//   rate     deterministic: n = round(intensity·T) spikes, evenly spaced (the spike count of a
//            Poisson code without its sampling noise)
//   latency  one spike, at step round((1 − intensity)·(T − 1)) (time-to-first-spike, linear, as
//            snnTorch spikegen.latency(linear=True)); none below an intensity of 0.01
// Intensities are in [0, 1]; the coders clamp to it.
#ifndef LANDAUER_SPIKING_INPUT_CODING_H_
#define LANDAUER_SPIKING_INPUT_CODING_H_

#include <cstdint>
#include <string_view>

#include "landauer/core/matrix.h"

namespace landauer::spiking {

enum class InputCoding { kDirect, kPoisson, kRate, kLatency };
InputCoding InputCodingFromString(std::string_view text);  // direct, poisson, rate, latency
std::string_view ToString(InputCoding coding);

inline constexpr double kLatencyFloor = 0.01;  // intensities below it do not spike

// Codes `intensities` (B × D, one sample per row; sample s has global index first_sample + s)
// into `out` (T·B × D, row t·B + s is sample s at step t). For kDirect every step holds the
// intensities. `seed` and `pass` key the Poisson draws.
void EncodeInputs(InputCoding coding,
                  const MatrixF& intensities,
                  int steps,
                  std::uint64_t seed,
                  std::uint64_t pass,
                  std::int64_t first_sample,
                  MatrixF& out);

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_INPUT_CODING_H_
