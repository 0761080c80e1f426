// landauer/nn/direction_transform.h — the seam through which a method preconditions training.
//
// nn::Train computes the mini-batch gradient g; a DirectionTransform turns it into the direction
// g̃ the optimizer steps along, e.g. a natural gradient g̃ ≈ (G + λI)⁻¹ g. The digital ones (exact
// NGD and NGD-CG) are nn::NaturalGradient (natural_gradient.h); thermodynamic NGD, whose
// direction is the relaxed state of an analog device, is thermo::Tngd (thermo/tngd.h). nn owns
// this interface and never includes a substrate: substrates implement it.
//
//   TrainOptions options;
//   options.direction = std::make_shared<NaturalGradient>(NaturalGradientOptions{...});
//   Train(model, data, options, engine, &cost, &ledger, &progress);
//
// Contract:
//   * Apply is called once per training step, after the backward pass and before the optimizer
//     step, with the model at the parameters the gradient was taken at. `direction` is resized to
//     gradient.size(). Apply may keep state between steps (a device's state, a delay line).
//   * Apply counts its own work (digital or device actions and the bits it erases) into `ledger`
//     under `phase` when `ledger` is not null; the trainer counts only the forward and backward
//     passes and the optimizer step.
//   * Randomness comes from the transform's own seeded streams, in an order that depends only on
//     the number of steps, so a run is reproducible and resumable.
//   * Checkpoints: StateHeader (JSON) and StatePayload (floats) hold everything a fresh transform
//     with the same options needs, after RestoreState, to continue bit for bit. OptionsJson goes
//     into the training configuration, so a checkpoint resumes only under equal options.
#ifndef LANDAUER_NN_DIRECTION_TRANSFORM_H_
#define LANDAUER_NN_DIRECTION_TRANSFORM_H_

#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/energy/ledger.h"
#include "landauer/nn/mlp.h"

namespace landauer::nn {

class DirectionTransform {
 public:
  virtual ~DirectionTransform() = default;
  // The options, with "method" naming the transform ("tngd", "ngd", "ngd-cg").
  virtual nlohmann::json OptionsJson() const = 0;
  // Writes the direction for batch `x` (rows × features) and its gradient into `direction`.
  virtual void Apply(const Mlp& model,
                     const MatrixF& x,
                     const AlignedFloats& gradient,
                     AlignedFloats& direction,
                     Ledger* ledger,
                     std::string_view phase) = 0;
  virtual nlohmann::json StateHeader() const = 0;
  virtual std::vector<float> StatePayload() const = 0;
  // Restores what StateHeader/StatePayload saved; `model` supplies the architecture. Throws
  // std::invalid_argument if the payload does not match the header.
  virtual void RestoreState(const nlohmann::json& header,
                            std::span<const float> payload,
                            const Mlp& model) = 0;
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_DIRECTION_TRANSFORM_H_
