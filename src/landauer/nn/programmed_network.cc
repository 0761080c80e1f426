#include "landauer/nn/programmed_network.h"

#include "landauer/core/check.h"
#include "landauer/nn/mlp.h"

namespace landauer::nn {

ProgrammedNetwork::ProgrammedNetwork(LinearEngine& engine, int host_threads)
    : engine_(engine), capabilities_(engine.Capabilities()), host_(host_threads) {}

void ProgrammedNetwork::Program(const Mlp& model,
                                std::int64_t update,
                                Ledger* ledger,
                                std::string_view phase) {
  const int layers = model.spec().num_layers();
  layers_.resize(static_cast<std::size_t>(layers));
  for (int l = 0; l < layers; ++l) {
    const ProgramContext context{.layer = l, .update = update, .ledger = ledger, .phase = phase};
    auto programmed = engine_.Program(model.Weight(l), context);
    LANDAUER_CHECK(programmed != nullptr && programmed->rows() == model.spec().widths[l + 1] &&
                   programmed->cols() == model.spec().widths[l])
        << "engine " << engine_.Name() << " programmed layer " << l << " with the wrong shape";
    layers_[static_cast<std::size_t>(l)] = std::move(programmed);
  }
  ++programmings_;
}

ProgrammedWeights& ProgrammedNetwork::layer(int l) {
  LANDAUER_CHECK(l >= 0 && l < num_layers())
      << "ProgrammedNetwork: layer " << l << " is not programmed; call Program(model) first";
  return *layers_[static_cast<std::size_t>(l)];
}

}  // namespace landauer::nn
