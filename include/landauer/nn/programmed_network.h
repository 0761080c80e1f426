// landauer/nn/programmed_network.h — an MLP's layers as an engine holds them.
//
// Programming a device's weights costs energy, samples its device-to-device variation and starts
// its drift clock, so it happens once per parameter update, never once per product:
//
//   ProgrammedNetwork device(engine);
//   device.Program(model, 0, &ledger, "train");       // every layer, counting the programming
//   model.Backward(x, labels, device, ws, gradient);  // products on the programmed weights
//   optimizer->Step(model.parameters(), gradient, threads);
//   device.Program(model, 1, &ledger, "train");       // after each update
//
// Products the engine does not run (LinearEngine::Capabilities) run on the host, digitally, with
// the model's float32 weights: an inference-only engine still trains (straight through), and a
// crossbar without a transposed read still back-propagates. For DigitalEngine programming is a
// view of the parameters, so Program() is free and the products are those of the model itself.
#ifndef LANDAUER_NN_PROGRAMMED_NETWORK_H_
#define LANDAUER_NN_PROGRAMMED_NETWORK_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "landauer/energy/ledger.h"
#include "landauer/nn/linear_engine.h"

namespace landauer::nn {

class Mlp;

class ProgrammedNetwork {
 public:
  // `engine` must outlive this object. `host_threads` run the products the engine does not.
  explicit ProgrammedNetwork(LinearEngine& engine, int host_threads = 1);

  // (Re)programs every layer from `model`'s current weights; the programming actions are counted
  // into `ledger` (if not null) under `phase`. `update` is the number of parameter updates the
  // weights have seen (ProgramContext::update): the trainer passes its global step, so a resumed
  // run programs exactly as an uninterrupted one. The model must stay alive and in place until the
  // next Program (DigitalEngine keeps views of its weights).
  void Program(const Mlp& model,
               std::int64_t update = 0,
               Ledger* ledger = nullptr,
               std::string_view phase = "");

  bool programmed() const { return !layers_.empty(); }
  int num_layers() const { return static_cast<int>(layers_.size()); }
  // Times Program() was called.
  std::int64_t programmings() const { return programmings_; }
  LinearEngine& engine() const { return engine_; }
  const EngineCapabilities& capabilities() const { return capabilities_; }
  // Layer l's programmed weights (Program() must have been called).
  ProgrammedWeights& layer(int l);
  // The host's exact engine, for the products the device does not run.
  DigitalEngine& host() { return host_; }

 private:
  LinearEngine& engine_;
  EngineCapabilities capabilities_;
  DigitalEngine host_;
  std::vector<std::unique_ptr<ProgrammedWeights>> layers_;
  std::int64_t programmings_ = 0;
};

}  // namespace landauer::nn

#endif  // LANDAUER_NN_PROGRAMMED_NETWORK_H_
