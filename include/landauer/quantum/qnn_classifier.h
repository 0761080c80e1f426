// landauer/quantum/qnn_classifier.h — a DQNN as a classifier of classical data. An extension
// beyond Beer et al. 2020, which learns quantum data (pairs of states): labelled as such wherever
// it is reported.
//
//   features    the k inputs are scaled to angles θ_i = π (z_i − lo_i)/(hi_i − lo_i), clamped to
//               [0, π], with lo_i, hi_i the training split's range, and angle-encoded into k
//               qubits as the product state ⊗_i (cos(θ_i/2)|0⟩ + sin(θ_i/2)|1⟩) (one R_y(θ_i)
//               rotation per qubit; Schuld & Petruccione, "Machine Learning with Quantum
//               Computers", 2nd ed., Springer 2021, §4.2);
//   target      class c is the computational basis state |c⟩ of the o = ⌈log₂ C⌉ output qubits;
//   training    the DQNN round (dqnn.h) on a mini-batch of `batch` (input, target) pairs drawn
//               per round from a seeded stream, for `rounds` rounds;
//   read-out    the output state is measured in the computational basis `shots` times: the
//               outcome counts are a multinomial sample of diag(ρ^out), drawn from the sample's
//               own seeded stream (so results do not depend on the thread count); the predicted
//               class is the outcome among 0 … C−1 seen most often (the lowest on a tie; outcomes
//               ≥ C are no class). As shots → ∞ this tends to argmax_c ⟨c|ρ^out|c⟩.
#ifndef LANDAUER_QUANTUM_QNN_CLASSIFIER_H_
#define LANDAUER_QUANTUM_QNN_CLASSIFIER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "landauer/core/matrix.h"
#include "landauer/quantum/dqnn.h"

namespace landauer::quantum {

// ⌈log₂ classes⌉ (at least 1).
int OutputQubits(int classes);
// The network's widths: the inputs, the hidden layers, OutputQubits(classes).
std::vector<int> ClassifierWidths(int features, int classes, const std::vector<int>& hidden);
// |c⟩ on `qubits` qubits.
CVector BasisState(int c, int qubits);
// The product state of the angles θ (one qubit each).
CVector AngleEncode(std::span<const double> theta);

struct QnnClassifierOptions {
  std::vector<int> hidden;  // hidden layer widths (may be empty)
  int rounds = 100, batch = 100, shots = 100;
  double lambda = 1.0, epsilon = 0.1;
  std::uint64_t seed = 0;
};

class QnnClassifier {
 public:
  // `features` inputs (= input qubits), `classes` ≥ 2. Throws std::invalid_argument for a
  // network wider than kMaxQubits per layer pair, rounds < 0, batch < 1 or shots < 1.
  QnnClassifier(int features, int classes, const QnnClassifierOptions& options);

  const Dqnn& network() const { return network_; }
  const std::vector<int>& widths() const { return network_.widths(); }
  // Each round's batch before its update: the cost (mean fidelity with the targets) and the
  // accuracy of argmax_c ⟨c|ρ^out|c⟩ (infinitely many shots).
  struct RoundStats {
    double cost = 0.0, accuracy = 0.0;
  };
  // Learns the angle ranges and trains. Throws std::invalid_argument for a label outside
  // [0, classes) or features of another width.
  std::vector<RoundStats> Fit(const MatrixF& z,
                              std::span<const std::int32_t> labels,
                              int threads,
                              DqnnWork& work);
  // The angles of row r of z.
  std::vector<double> Angles(const MatrixF& z, Eigen::Index r) const;
  // Predicts every row of z with `shots` measurements each (options' shots if 0).
  std::vector<std::int32_t> Predict(const MatrixF& z,
                                    int threads,
                                    DqnnWork& work,
                                    int shots = 0) const;
  int classes() const { return classes_; }
  const QnnClassifierOptions& options() const { return options_; }

 private:
  int features_, classes_;
  QnnClassifierOptions options_;
  Dqnn network_;
  std::vector<double> lo_, scale_;  // θ = π (z − lo)·scale, clamped
};

}  // namespace landauer::quantum

#endif  // LANDAUER_QUANTUM_QNN_CLASSIFIER_H_
