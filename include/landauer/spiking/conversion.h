// landauer/spiking/conversion.h — a trained ReLU MLP converted to a spiking network of integrate-
// and-fire neurons, and the accuracy, spikes and synaptic events that conversion costs against T.
//
//   ConvertedSnn snn = ConvertMlp(ann, train, {.normalization = Normalization::kPercentile});
//   ConversionResult r = EvaluateConverted(snn, test, /*steps=*/{10, 25, 50, 100, 200}, threads);
//
// Rate-based conversion (Diehl et al., IJCNN 2015; Rueckauer et al., Front. Neurosci. 11:682,
// 2017): a hidden ReLU unit becomes an IF neuron with threshold 1 and reset by subtraction, whose
// firing rate over T steps approximates its activation divided by the layer's scale λ_l.
// Data-based threshold balancing sets λ_l to the largest activation of layer l on calibration
// data (kMax, Diehl) or to the p-th percentile of its non-zero activations (kPercentile,
// Rueckauer, as snntoolbox takes it: p = 99.9 is robust to outliers), and rescales
//   W'_l = W_l λ_{l−1} / λ_l,    b'_l = b_l / λ_l       (λ_0 = 1: the input is not rescaled).
// The input is the image held as a current (Rueckauer's analog input), so the first layer's
// product W'_1 x + b'_1 is computed once and added every step. Hidden layers are event-driven:
// each spike adds its column of W' to its targets (one synaptic event per target). The output
// layer integrates without firing, and the prediction at step T is the argmax of its membrane
// (Rueckauer's readout), so one run to the largest T gives the whole accuracy–T curve.
// Work per inference at T (spiking_work.h): synaptic events Σ spikes × fan-out, neuron updates
// T × Σ widths, spikes; plus the first layer's products (input_macs).
#ifndef LANDAUER_SPIKING_CONVERSION_H_
#define LANDAUER_SPIKING_CONVERSION_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/data/dataset.h"
#include "landauer/nn/mlp.h"
#include "landauer/spiking/spiking_cost.h"
#include "landauer/spiking/spiking_work.h"

namespace landauer::spiking {

enum class Normalization { kMax, kPercentile };
Normalization NormalizationFromString(std::string_view text);  // "max", "percentile"

struct ConversionOptions {
  Normalization normalization = Normalization::kPercentile;
  double percentile = 99.9;                  // kPercentile: p in (0, 100]
  std::int64_t calibration_samples = 10000;  // the first N training samples (all if fewer)
  int threads = 1;
  void Validate() const;  // throws std::invalid_argument naming the field
};

struct ConvertedSnn {
  std::vector<int> widths;
  std::vector<MatrixF> weights_t;          // per layer: W'ᵀ (in × out): a spike's row of targets
  std::vector<std::vector<float>> biases;  // per layer: b'
  std::vector<double> scales;              // λ_l per hidden and output layer
};

// Its size for the digital count (spiking_cost.h): IF neurons, the weights, every hidden and
// output neuron.
SpikingShape ShapeOf(const ConvertedSnn& snn);

// Throws std::invalid_argument for a network that is not ReLU or data of the wrong width.
ConvertedSnn ConvertMlp(const nn::Mlp& ann, const Dataset& calibration, const ConversionOptions& o);

struct ConversionPoint {
  int steps = 0;
  double accuracy = 0.0;
  double spikes_per_sample = 0.0;
  SpikingWork work;  // per sample
};

struct ConversionResult {
  std::vector<ConversionPoint> curve;  // one per requested T, ascending
  double input_macs_per_sample = 0.0;  // the held input's first-layer products
};

// `steps`: the T at which to read out, each ≥ 1 (sorted and deduplicated here).
ConversionResult EvaluateConverted(const ConvertedSnn& snn,
                                   const Dataset& test,
                                   std::vector<int> steps,
                                   int threads);

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_CONVERSION_H_
