// landauer/nn/cost_model.h — what one pass of a network costs on a substrate, as counted actions.
//
// nn::Train and nn::Evaluate never price anything and never name an action: after each batch
// they ask a CostModel to count what the batch did. The engine that ran the products makes the
// model (LinearEngine::MakeCostModel), so the joules are counted by the substrate that spends
// them: nn::DigitalCostModel for a digital processor at some precision; a substrate that runs
// part of the work itself supplies its own (reversible/adiabatic_cost.h runs the forward MACs
// on reversible circuits; an analog crossbar counts its converters).
//
//   std::unique_ptr<CostModel> cost = engine.MakeCostModel(model.spec());
//   cost->CountForward(ledger, "inference", rows);
//
// Every Count* adds to `ledger` under `phase`: actions (component, action) with their counts and
// the bits erased, following the method's erased-bit convention (docs/ledger.md). Counts depend
// only on the shapes and the counts passed in, never on data values, so a cost model may be shared
// by threads.
#ifndef LANDAUER_NN_COST_MODEL_H_
#define LANDAUER_NN_COST_MODEL_H_

#include <cstdint>
#include <string_view>

namespace landauer {
class Ledger;
}

namespace landauer::nn {

class CostModel {
 public:
  virtual ~CostModel() = default;
  // One forward pass of `rows` samples (a batch) through the whole network.
  virtual void CountForward(Ledger& ledger, std::string_view phase, std::int64_t rows) const = 0;
  // One backward pass of `rows` samples: every parameter's gradient and each hidden layer's input
  // gradient.
  virtual void CountBackward(Ledger& ledger, std::string_view phase, std::int64_t rows) const = 0;
  // One optimizer step over all parameters: `macs_per_parameter` arithmetic operations per
  // parameter and `state_buffers` state vectors read and written (Optimizer::MacsPerParameter,
  // Optimizer::StateBuffers).
  virtual void CountOptimizerStep(Ledger& ledger,
                                  std::string_view phase,
                                  int macs_per_parameter,
                                  int state_buffers) const = 0;
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_COST_MODEL_H_
