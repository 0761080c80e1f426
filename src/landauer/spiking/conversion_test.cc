#include "landauer/spiking/conversion.h"

#include <gtest/gtest.h>

#include "landauer/data/synthetic.h"
#include "landauer/nn/linear_engine.h"
#include "landauer/nn/trainer.h"

namespace landauer::spiking {
namespace {

// An IF neuron with threshold 1 and reset by subtraction, driven by a constant current c in
// (0, 1), fires ⌊c T⌋ times in T steps: the rate code conversion rests on.
TEST(Conversion, AnIfNeuronFiresTheFloorOfItsCurrentTimesT) {
  nn::Mlp ann(nn::MlpSpec{.widths = {1, 1, 2}}, nn::Activation::kRelu);
  ann.Weight(0)(0, 0) = 0.3f;
  ann.Bias(0)(0) = 0.0f;
  ann.Weight(1).setOnes();
  ann.Bias(1).setZero();
  Dataset data{.name = "one", .features = MatrixF::Ones(1, 1), .labels = {0}, .num_classes = 2};
  // λ = 1 for both layers when the calibration's activation is scaled to 1.
  ConvertedSnn snn = ConvertMlp(ann, data, {.normalization = Normalization::kMax});
  EXPECT_NEAR(snn.scales[0], 0.3, 1e-7);
  // Drive the neuron at exactly 0.25 per step (binary-exact, so no rounding decides a spike).
  snn.weights_t[0](0, 0) = 0.25f;
  const ConversionResult r = EvaluateConverted(snn, data, {10, 100, 1000}, 1);
  EXPECT_EQ(r.curve[0].spikes_per_sample, 2.0);
  EXPECT_EQ(r.curve[1].spikes_per_sample, 25.0);
  EXPECT_EQ(r.curve[2].spikes_per_sample, 250.0);
  EXPECT_EQ(r.curve[1].work.synaptic_events, 50.0);  // each spike reaches both outputs
  EXPECT_EQ(r.curve[1].work.neuron_updates, 300.0);  // 3 neurons × 100 steps
}

// A trained ReLU network converts; with enough steps it matches the ANN within a point, the
// accuracy rises with T, the spikes grow with T, and the result is the same on 1 and 2 threads.
TEST(Conversion, AConvertedNetworkApproachesItsAnnAsTGrows) {
  const TrainTest data = MakeSynthetic({.train_samples = 2000,
                                        .test_samples = 500,
                                        .dimension = 20,
                                        .classes = 5,
                                        .separation = 1.2},
                                       11);
  nn::Mlp ann(nn::MlpSpec{.widths = {20, 64, 64, 5}}, nn::Activation::kRelu);
  ann.Initialize(3);
  nn::DigitalEngine engine(1);
  nn::TrainOptions options;
  options.epochs = 10;
  options.batch = 64;
  options.seed = 3;
  options.optimizer = {.name = "adam", .learning_rate = 3e-3};
  nn::Train(ann, data.train, options, engine, nullptr, nullptr, nullptr);
  nn::Mlp::Workspace ws;
  ann.Forward(data.test.features, engine, ws);
  const double ann_accuracy =
      static_cast<double>(nn::CountCorrect(ws.logits(), data.test.labels)) / 500.0;
  ASSERT_GT(ann_accuracy, 0.6);
  std::vector<ConversionResult> runs;
  for (const int threads : {1, 2}) {
    const ConvertedSnn snn = ConvertMlp(ann, data.train, {.threads = threads});
    runs.push_back(EvaluateConverted(snn, data.test, {200, 10, 50, 1000}, threads));
  }
  const ConversionResult& r = runs[0];
  ASSERT_EQ(r.curve.size(), 4U);
  EXPECT_EQ(r.curve[0].steps, 10);
  EXPECT_GE(r.curve[3].accuracy, ann_accuracy - 0.01);
  EXPECT_GE(r.curve[3].accuracy + 0.02, r.curve[0].accuracy);
  EXPECT_LT(r.curve[0].spikes_per_sample, r.curve[3].spikes_per_sample);
  for (std::size_t p = 0; p < 4; ++p) {
    EXPECT_EQ(runs[0].curve[p].accuracy, runs[1].curve[p].accuracy);
    EXPECT_EQ(runs[0].curve[p].spikes_per_sample, runs[1].curve[p].spikes_per_sample);
  }
  // Max balancing scales by the largest activation, the percentile by less.
  const ConvertedSnn by_max = ConvertMlp(ann, data.train, {.normalization = Normalization::kMax});
  const ConvertedSnn by_percentile = ConvertMlp(ann, data.train, {});
  for (std::size_t l = 0; l < by_max.scales.size(); ++l) {
    EXPECT_GE(by_max.scales[l], by_percentile.scales[l]);
  }
}

TEST(Conversion, BadOptionsAreRefused) {
  nn::Mlp tanh(nn::MlpSpec{.widths = {2, 2}}, nn::Activation::kTanh);
  Dataset data{.name = "d", .features = MatrixF::Ones(1, 2), .labels = {0}, .num_classes = 2};
  EXPECT_THROW(ConvertMlp(tanh, data, {}), std::invalid_argument);
  nn::Mlp relu(nn::MlpSpec{.widths = {2, 2}}, nn::Activation::kRelu);
  EXPECT_THROW(ConvertMlp(relu, data, {.percentile = 0.0}), std::invalid_argument);
  const ConvertedSnn snn = ConvertMlp(relu, data, {});
  EXPECT_THROW(EvaluateConverted(snn, data, {0}, 1), std::invalid_argument);
  EXPECT_THROW(NormalizationFromString("robust"), std::invalid_argument);
}

}  // namespace
}  // namespace landauer::spiking
