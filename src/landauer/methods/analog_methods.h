// src/landauer/methods/analog_methods.h — what analog-mlp and analog-insitu-mlp share (private to
// methods/): the tiles' parameters, reading a trained network on tiles, and the tiles' inference
// time.
#ifndef LANDAUER_METHODS_ANALOG_METHODS_H_
#define LANDAUER_METHODS_ANALOG_METHODS_H_

#include <string>
#include <vector>

#include "landauer/analog/analog_engine.h"
#include "landauer/data/dataset.h"
#include "landauer/methods/method.h"
#include "landauer/methods/method_params.h"
#include "landauer/nn/mlp.h"

namespace landauer {

// tile_rows, tile_cols, dac_bits, adc_bits, out_bound, out_noise, bm_rounds, read_ns.
std::vector<ParamSpec> TileParamSpecs();
// The tiles those parameters declare (no IR drop, one slice).
analog::TileParams TileFromParams(const MethodParams& params);

// Crossbar tiles needed for `spec`'s layers, `slices` sets each.
double TileCount(const nn::MlpSpec& spec, const analog::TileParams& tile, int slices = 1);

// `model` read on the chip it is deployed on (analog::DeploymentOptions of `options`, whose
// read_time_s and drift_compensation the caller sets; nothing programmed is counted): accuracy
// and the inference ledger under `variant`, with the metrics every analog method reports;
// `reads` receives the tile reads done.
Evaluation EvaluateOnTiles(const nn::Mlp& model,
                           const Dataset& test,
                           const analog::AnalogEngineOptions& options,
                           const std::string& variant,
                           double tiles,
                           double& reads);

// Inference: every tile reads in parallel, one read per `read_ns` (the mean tile's `reads` /
// `tiles`: the tiles of a layer read every sample, and bound management's re-reads are spread
// over them), beside the digital periphery's roofline.
ModelledTime TileInferenceTime(const PhaseReport& phase,
                               double reads,
                               double tiles,
                               double read_ns);

}  // namespace landauer

#endif  // LANDAUER_METHODS_ANALOG_METHODS_H_
