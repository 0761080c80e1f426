// landauer/spiking/snn_training.h — training a spiking MLP (snn_mlp.h) on a data set, evaluating
// it, and counting what its inference does.
//
//   const IntensityRange range = IntensityRange::Of(data.train);
//   SnnTrainingResult r = TrainSnn(net, data.train, range, {.epochs = 5, .seed = 1});
//   SnnEvaluation e = EvaluateSnn(net, data.test, range, 1000, seed, threads);
//
// Inputs. Features are mapped to intensities in [0, 1] by the training set's global minimum and
// maximum (for Fashion-MNIST's standardised pixels: pixel / 255 again), then coded over T steps
// (input_coding.h). Training draws Poisson codes from pass = epoch, evaluation from pass 2^31.
//
// Training: Adam (nn/optimizer.h) on mini-batches in a seeded shuffled order (data/batches.h).
// Its ledger (phase "train") counts what a digital processor does for it: the GEMMs' MACs, the
// LIF updates forward and backward, and the optimizer; memory traffic is not counted, so it is a
// lower estimate.
//
// Evaluation counts, per test set, the events a neuromorphic chip would run (spiking_work.h):
//   synaptic events   Σ input spikes × fan-out of layer 1 (spike codes), and Σ spikes of layer
//                     l × fan-out of layer l + 1;
//   neuron updates    T × Σ_l width_l per sample, over the hidden and output layers;
//   spikes            every spike of every layer, input spikes included (they are routed too).
// A held input (direct coding) is not spikes: its first-layer product W x, computed once per
// sample, is counted as `input_macs` for the digital front end that feeds the chip.
#ifndef LANDAUER_SPIKING_SNN_TRAINING_H_
#define LANDAUER_SPIKING_SNN_TRAINING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "landauer/data/dataset.h"
#include "landauer/energy/ledger.h"
#include "landauer/nn/optimizer.h"
#include "landauer/spiking/snn_mlp.h"
#include "landauer/spiking/spiking_cost.h"
#include "landauer/spiking/spiking_work.h"

namespace landauer {
class ProgressSink;
}

namespace landauer::spiking {

struct IntensityRange {
  float min = 0.0f, max = 1.0f;
  static IntensityRange Of(const Dataset& train);  // global min and max of the features
  void Apply(const MatrixF& features, MatrixF& intensities) const;
};

struct SnnTrainingRun {
  int epochs = 5;
  std::int64_t batch = 128;
  std::uint64_t seed = 0;
  int threads = 1;
  nn::OptimizerOptions optimizer{.name = "adam", .learning_rate = 5e-4};
  std::string progress_name = "snn";
};

struct SnnEpoch {
  int epoch = 0;                // 1-based
  double loss = 0.0;            // mean training loss
  double train_accuracy = 0.0;  // on the batches as trained
  double hidden_rate = 0.0;     // spikes per hidden neuron per step
};

struct SnnTrainingResult {
  std::vector<SnnEpoch> curve;
  double seconds = 0.0;  // host wall time of the loop
  Ledger ledger;         // phase "train"
};

SnnTrainingResult TrainSnn(SnnMlp& model,
                           const Dataset& train,
                           const IntensityRange& range,
                           const SnnTrainingRun& run,
                           ProgressSink* progress = nullptr);

struct SnnEvaluation {
  double accuracy = 0.0;
  SpikingWork work;         // the whole test set's events
  double input_macs = 0.0;  // direct coding: the first layer's products, once per sample
  std::vector<double> spikes_per_sample;  // per layer (input first), mean over the test set
  std::int64_t samples = 0;
};

// The network's size for the digital count (spiking_cost.h): LIF neurons (IF with β = 1), its
// parameters as the weight memory, every hidden and output neuron's state.
SpikingShape ShapeOf(const SnnSpec& spec);

SnnEvaluation EvaluateSnn(const SnnMlp& model,
                          const Dataset& test,
                          const IntensityRange& range,
                          std::int64_t batch,
                          std::uint64_t seed,
                          int threads);

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_SNN_TRAINING_H_
