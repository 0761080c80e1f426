#include "analog_methods.h"

#include <cmath>

#include "landauer/analog/analog_cost.h"
#include "landauer/energy/roofline.h"
#include "landauer/nn/trainer.h"
#include "optical_methods.h"

namespace landauer {

std::vector<ParamSpec> TileParamSpecs() {
  return {
      IntParam("tile_rows", "256", "word lines", "inputs per tile", 1, 4096),
      IntParam("tile_cols", "256", "bit lines", "outputs per tile", 1, 4096),
      IntParam("dac_bits", "8", "bits", "input DAC resolution", 1, 10),
      IntParam("adc_bits", "8", "bits", "output ADC resolution", 4, 10),
      RealParam("out_bound",
                "12",
                "devices at g_max",
                "ADC full scale, in fully-on devices at full input",
                0,
                1e6,
                true),
      RealParam("out_noise", "0.06", "devices at g_max", "output noise σ per read", 0, 1e6),
      IntParam(
          "bm_rounds", "10", "re-reads", "bound management: re-reads with halved input", 0, 30),
      RealParam("read_ns", "133", "ns", "time of one tile read (HERMES: ~133 ns)", 0, 1e9, true),
  };
}

analog::TileParams TileFromParams(const MethodParams& params) {
  return {.rows = params.Int("tile_rows"),
          .cols = params.Int("tile_cols"),
          .dac_bits = params.Int("dac_bits"),
          .adc_bits = params.Int("adc_bits"),
          .out_bound = params.Real("out_bound"),
          .out_noise = params.Real("out_noise"),
          .bm_rounds = params.Int("bm_rounds")};
}

double TileCount(const nn::MlpSpec& spec, const analog::TileParams& tile, int slices) {
  double tiles = 0.0;
  for (int l = 0; l < spec.num_layers(); ++l) {
    tiles += slices * std::ceil(static_cast<double>(spec.widths[l]) / tile.rows) *
             std::ceil(static_cast<double>(spec.widths[l + 1]) / tile.cols);
  }
  return tiles;
}

Evaluation EvaluateOnTiles(const nn::Mlp& model,
                           const Dataset& test,
                           const analog::AnalogEngineOptions& options,
                           const std::string& variant,
                           double tiles,
                           double& reads) {
  analog::AnalogEngineOptions o = analog::DeploymentOptions(options);  // not training's draws
  o.count_device_actions = true;
  o.count_programming = false;  // the chip was programmed (or trained) before
  analog::AnalogEngine engine(o);
  analog::AnalogCostModel cost(model.spec());
  Evaluation evaluation;
  evaluation.variant = variant;
  const nn::EvalResult result =
      nn::Evaluate(model, test, kEvaluationBatch, engine, &cost, &evaluation.ledger, "inference");
  evaluation.accuracy = result.accuracy;
  evaluation.samples = result.samples;
  evaluation.seconds = result.seconds;
  const analog::AnalogWork& w = engine.work();
  const double n = static_cast<double>(result.samples);
  reads = w.reads;
  evaluation.metrics = {{"read_time_s", o.read_time_s},
                        {"tiles", tiles},
                        {"tile_reads_per_inference", w.reads / n},
                        {"rereads_percent", w.reads > 0.0 ? 100.0 * w.rereads / w.reads : 0.0},
                        {"clipped_outputs_per_inference", w.clipped_outputs / n}};
  return evaluation;
}

ModelledTime TileInferenceTime(const PhaseReport& phase,
                               double reads,
                               double tiles,
                               double read_ns) {
  ModelledTime time = Roofline(phase, {"dac", "adc", "crossbar"});
  time.busy_s["crossbar tiles"] = tiles > 0.0 ? reads / tiles * read_ns * 1e-9 : 0.0;
  time.model =
      "crossbar tiles read in parallel, one read per read_ns each, beside the "
      "digital periphery's roofline";
  time.TakeBusiest();
  return time;
}

}  // namespace landauer
