// landauer/spiking/projection.h — synapses from one population to another, delivered by events.
//
//   Rng rng(seed, "spiking.cuba", "connectivity");
//   Projection e = Projection::FixedProbability(3200, 4000, 0.02, /*weight=*/1.62e-3,
//                                               /*delay_steps=*/1, rng);
//   e.Deliver(fired, step, buffer);   // one synaptic event per (spike, outgoing synapse)
//
// A projection holds, for every presynaptic neuron j, its outgoing synapses (target k, weight
// w_jk, delay d_jk in steps). A spike of j at step t adds w_jk to the input that target k takes at
// step t + d_jk: d = 1 is the next step, the earliest a spike can act (Brian's delay 0, NEST's
// minimum delay h). Nothing is computed for a neuron that did not spike: the work is
// Σ_spikes fan-out, the synaptic events the ledger prices (spiking_cost.h).
//
// Two storage forms, the two layouts neuromorphic hardware and simulators use:
//   sparse  compressed sparse rows by source: row_start (pre + 1 offsets), targets (int32),
//           weights (double) and, unless every synapse has the same delay, delays (uint16);
//   dense   a pre × post weight matrix, row-major, every pair a synapse (zero weights included,
//           as a crossbar reads them), one delay for all.
// Both deliver the same sums in the same order (ascending target within a source), so a dense
// projection and the sparse one holding the same non-zeros give bit-identical inputs — and
// different event counts, since the dense one counts its zeros.
//
// Fixed-probability connectivity (Brian's connect(p=...), NEST's pairwise_bernoulli): each of the
// pre × post pairs, autapses included, exists independently with probability p. Row j skips to
// its next target by a geometric gap ⌊log U / log(1 − p)⌋ drawn from substream j of the given
// stream, so the topology depends on the seed only.
#ifndef LANDAUER_SPIKING_PROJECTION_H_
#define LANDAUER_SPIKING_PROJECTION_H_

#include <cstdint>
#include <span>
#include <vector>

#include "landauer/core/rng.h"

namespace landauer::spiking {

// Inputs waiting for a population: `slots` steps ahead, each `size` values, in a ring indexed by
// step mod slots. A projection's delays must be < slots.
class InputRing {
 public:
  InputRing(std::int64_t size, int slots);
  std::span<double> at(std::int64_t step);  // the values taken at `step`
  void Clear(std::int64_t step);            // zero them once taken
  int slots() const { return slots_; }
  std::int64_t size() const { return size_; }

 private:
  std::int64_t size_;
  int slots_;
  std::vector<double> values_;
};

class Projection {
 public:
  // Every pre × post pair, `weights` row-major by source, one delay (≥ 1 step).
  static Projection Dense(std::int64_t pre,
                          std::int64_t post,
                          std::vector<double> weights,
                          int delay_steps);
  // Explicit CSR: row_start has pre + 1 non-decreasing offsets from 0 to targets.size(); targets
  // are in [0, post); `delays` is empty (all `delay_steps`) or one per synapse, each ≥ 1.
  static Projection Sparse(std::int64_t pre,
                           std::int64_t post,
                           std::vector<std::int64_t> row_start,
                           std::vector<std::int32_t> targets,
                           std::vector<double> weights,
                           int delay_steps,
                           std::vector<std::uint16_t> delays = {});
  // Each pair with probability p ∈ [0, 1], all with `weight` and `delay_steps`.
  static Projection FixedProbability(std::int64_t pre,
                                     std::int64_t post,
                                     double p,
                                     double weight,
                                     int delay_steps,
                                     const Rng& rng);

  // Adds the synapses of every source in `fired` into `ring` at step + delay. Returns the
  // number of synaptic events (spikes × fan-out; zero weights of a dense projection count).
  std::int64_t Deliver(std::span<const std::int32_t> fired,
                       std::int64_t step,
                       InputRing& ring) const;

  std::int64_t pre() const { return pre_; }
  std::int64_t post() const { return post_; }
  bool dense() const { return dense_; }
  std::int64_t synapses() const { return dense_ ? pre_ * post_ : std::ssize(targets_); }
  int max_delay() const { return max_delay_; }
  std::int64_t fan_out(std::int32_t source) const;
  std::span<const std::int64_t> row_start() const { return row_start_; }
  std::span<const std::int32_t> targets() const { return targets_; }
  std::span<const double> weights() const { return weights_; }

 private:
  Projection() = default;

  std::int64_t pre_ = 0, post_ = 0;
  bool dense_ = false;
  int delay_ = 1;                        // when delays_ is empty
  int max_delay_ = 1;                    //
  std::vector<std::int64_t> row_start_;  // sparse only
  std::vector<std::int32_t> targets_;    // sparse only
  std::vector<double> weights_;          // nnz (sparse) or pre × post (dense)
  std::vector<std::uint16_t> delays_;    // sparse, when delays differ
};

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_PROJECTION_H_
