// landauer/reversible/revnet.h — a reversible residual network trained without stored activations.
//
// Gomez, Ren, Urtasun & Grosse, "The reversible residual network: backpropagation without storing
// activations" (NeurIPS 2017, arXiv 1707.04585). Each block splits its state into halves and
// applies two additive couplings
//   y1 = x1 + F(x2),   y2 = x2 + G(y1)        inverse:  x2 = y2 − G(y1),  x1 = y1 − F(x2)
// with F(u) = tanh(W_F u + b_F) and G likewise (m × m, m = half width). The state is kept in fixed
// point (int64 with `radix_bits` fractional bits) and F, G are rounded to the same grid before they
// are added, so the inverse subtracts the very integers the forward pass added: reconstruction is
// exact at any depth, unlike float32 RevNets whose x1 = (x1 + F) − F drifts (research note §4).
// Rounding is treated as the identity in the backward pass (straight-through).
//
// Network: h = Q(W_in x + b_in) split into (x1, x2); `blocks` coupling blocks; logits =
// W_out [y1; y2] + b_out; softmax cross-entropy. Backward::kReconstruct recomputes each block's
// input from its output on the way down (memory independent of depth); Backward::kStore keeps
// every block's input from the forward pass (memory linear in depth). Both give bit-identical
// gradients, which the tests check. The MemoryMeter counts the activation bytes held.
#ifndef LANDAUER_REVERSIBLE_REVNET_H_
#define LANDAUER_REVERSIBLE_REVNET_H_

#include <Eigen/Core>
#include <cstdint>
#include <span>
#include <vector>

#include "landauer/data/dataset.h"

namespace landauer {
class ProgressSink;  // core/progress.h
}  // namespace landauer

namespace landauer::reversible {

// Bytes of activation storage held: the peak over a training step is the figure of merit.
struct MemoryMeter {
  std::int64_t current = 0, peak = 0;
  void Hold(std::int64_t bytes) {
    current += bytes;
    if (current > peak) peak = current;
  }
  void Release(std::int64_t bytes) { current -= bytes; }
};

enum class Backward { kReconstruct, kStore };

struct RevNetParameters {
  Eigen::MatrixXd w_in, w_out;
  Eigen::VectorXd b_in, b_out;
  std::vector<Eigen::MatrixXd> w_f, w_g;
  std::vector<Eigen::VectorXd> b_f, b_g;
  // Zeroed parameters of the same shapes.
  RevNetParameters ZerosLike() const;
  // this += scale · other
  void AddScaled(const RevNetParameters& other, double scale);
  std::int64_t size() const;
  // Flat view helpers for tests: visits every parameter in a fixed order.
  std::vector<double*> Pointers();
};

class RevNet {
 public:
  RevNet(
      int inputs, int half_width, int blocks, int classes, std::uint64_t seed, int radix_bits = 24);

  int blocks() const { return static_cast<int>(params_.w_f.size()); }
  int half_width() const { return half_width_; }
  RevNetParameters& parameters() { return params_; }
  const RevNetParameters& parameters() const { return params_; }

  // Mean cross-entropy over the batch (x: features × batch) and, into `gradient` (same shapes as
  // the parameters), its gradient. `meter` (optional) records the activation bytes held.
  double LossAndGradient(const Eigen::MatrixXd& x,
                         std::span<const std::int32_t> labels,
                         RevNetParameters& gradient,
                         Backward mode,
                         MemoryMeter* meter = nullptr) const;
  double Accuracy(const Eigen::MatrixXd& x, std::span<const std::int32_t> labels) const;

  // Forward through the blocks and back through their inverses; true if every integer state came
  // back exactly (the property backpropagation without storage relies on).
  bool CheckReconstruction(const Eigen::MatrixXd& x) const;

 private:
  using IntMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>;
  IntMatrix Quantize(const Eigen::MatrixXd& v) const;
  Eigen::MatrixXd Dequantize(const IntMatrix& v) const;
  Eigen::MatrixXd Coupling(const Eigen::MatrixXd& w,
                           const Eigen::VectorXd& b,
                           const Eigen::MatrixXd& u) const;
  void Embed(const Eigen::MatrixXd& x, IntMatrix& x1, IntMatrix& x2) const;
  void BlockForward(int k, IntMatrix& x1, IntMatrix& x2) const;  // in place: (x1, x2) → (y1, y2)
  void BlockInverse(int k, IntMatrix& y1, IntMatrix& y2) const;  // in place: (y1, y2) → (x1, x2)

  int half_width_;
  double scale_, inverse_scale_;
  RevNetParameters params_;
};

// The memory experiment of `landauer rev revnet`: RevNets of several depths trained with plain SGD
// (batches in order, the last partial batch dropped), backpropagating by reconstruction; in the
// first epoch each batch is also run storing its activations, for that mode's memory and time.
struct RevNetSweepOptions {
  std::vector<int> depths = {2, 4, 8, 16, 32};  // coupling blocks
  int half_width = 32;
  int epochs = 5;
  int batch = 64;
  double learning_rate = 0.2;
  std::uint64_t seed = 0;
  ProgressSink* progress = nullptr;  // one task over every training step of every depth
  void Validate() const;             // throws std::domain_error naming the field
};

struct RevNetDepthRow {
  int blocks = 0;
  double test_accuracy = 0.0;
  std::int64_t peak_activation_bytes_revnet = 0;  // reconstructing
  std::int64_t peak_activation_bytes_stored = 0;  // storing every block's input
  double epoch_seconds_revnet = 0.0;              // host time per epoch, reconstructing
  double epoch_seconds_stored = 0.0;              // host time of one storing epoch
  bool exact_inverse = false;                     // CheckReconstruction on the test set
};

// `data` in the library's layout (samples × features, row-major float); transposed here into
// the features × batch doubles RevNet works in.
std::vector<RevNetDepthRow> RevNetDepthSweep(const TrainTest& data,
                                             const RevNetSweepOptions& options);

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_REVNET_H_
