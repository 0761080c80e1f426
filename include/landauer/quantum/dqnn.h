// landauer/quantum/dqnn.h — the deep quantum neural network of Beer et al., exactly as published.
//
// K. Beer, D. Bondarenko, T. Farrelly, T. J. Osborne, R. Salzmann, D. Scheiermann and R. Wolf,
// "Training deep quantum neural networks", Nat. Commun. 11:808 (2020); reference code
// github.com/qigitphannover/DeepQuantumNeuralNetworks (DQNN_basic.ipynb, commit 9906aafc).
//
// Architecture [m_0, m_1, …, m_L]: layer l has m_l qubits. Perceptron j of layer l is a unitary
// U^l_j on the m_{l−1} input qubits and output qubit j (m_{l−1} + 1 qubits). Within layer l the
// qubits are ordered inputs 0 … m_{l−1}−1, then outputs m_{l−1} … m_{l−1}+m_l−1, and the layer
// unitary is U^l = U^l_{m_l} ⋯ U^l_1 (perceptron 1 acts first).
//
//   layer channel     ξ^l(ρ) = tr_in( U^l (ρ ⊗ |0…0⟩⟨0…0|) U^l† )
//   adjoint channel   F^l(σ) = tr_out( (1 ⊗ |0…0⟩⟨0…0|) U^l† (1 ⊗ σ) U^l )
//                            = ⟨0…0|_out U^l† (1 ⊗ σ) U^l |0…0⟩_out
//   network           ρ^out_x = ξ^L ∘ ⋯ ∘ ξ^1 (|φ^in_x⟩⟨φ^in_x|)
//   cost              C = (1/N) Σ_x ⟨φ^out_x| ρ^out_x |φ^out_x⟩                     (a fidelity)
//
// One training round updates every perceptron from the *old* unitaries and states:
//   A_x = (U_j ⋯ U_1)(ρ^{l−1}_x ⊗ |0…0⟩⟨0…0|)(U_j ⋯ U_1)†                 forward state
//   B_x = (U_{m_l} ⋯ U_{j+1})† (1 ⊗ σ^l_x) (U_{m_l} ⋯ U_{j+1})            back-propagated target
//   σ^L_x = |φ^out_x⟩⟨φ^out_x|,  σ^{l−1}_x = F^l(σ^l_x)
//   U^l_j ← exp( −ε 2^{m_{l−1}} / (λ N) · Σ_x tr_rest [A_x, B_x] ) U^l_j
// with tr_rest tracing out every output qubit but j. The sum of commutators of Hermitian
// matrices is anti-Hermitian, so the factor is unitary; it is exp(iεK) with
// K = i 2^{m_{l−1}}/(λ N) Σ_x tr_rest[A_x, B_x]. This is the reference code's constant (Python,
// MATLAB and Mathematica agree); the notebook's text writes an extra 1/2, so the paper's η is
// 1/λ here (Fig. 2a's η = 2/3 is λ = 1.5). To first order the round raises C (tested).
//
// Memory scales with the width: a round holds matrices on at most m_{l−1} + m_l qubits, and the
// pairs' contributions are summed in blocks of 64.
#ifndef LANDAUER_QUANTUM_DQNN_H_
#define LANDAUER_QUANTUM_DQNN_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "landauer/quantum/density_matrix.h"

namespace landauer::quantum {

// Throws std::invalid_argument starting with `what` for fewer than two layers, a width below 1,
// or two adjacent layers wider than kMaxQubits together (a round simulates them jointly; the
// message gives the memory it would need).
void CheckArchitecture(const std::vector<int>& widths, const std::string& what);

// "2-3-2" → {2, 3, 2}. Throws std::invalid_argument naming `flag` for fewer than two layers, a
// width below 1, or a layer pair wider than kMaxQubits together.
std::vector<int> ParseArchitecture(const std::string& text, const std::string& flag);

struct TrainingPair {
  CVector in, out;  // |φ^in⟩ on m_0 qubits, |φ^out⟩ on m_L
};

// Work a round or an evaluation did, for qnn_cost.h: complex multiply-adds of the dense
// simulation, and the perceptron unitaries applied (each a circuit on m_{l−1}+1 qubits).
struct DqnnWork {
  double complex_macs = 0.0;
  std::int64_t perceptron_applications = 0;
  std::int64_t exponentials = 0;  // update factors exp(…) computed
  DqnnWork& operator+=(const DqnnWork& o);
};

class Dqnn {
 public:
  // Perceptrons Haar-random, drawn in layer and perceptron order from `rng`.
  Dqnn(std::vector<int> widths, Rng& rng);

  const std::vector<int>& widths() const { return widths_; }
  int layers() const { return static_cast<int>(widths_.size()) - 1; }
  // Perceptron j (0-based) of layer l (1-based), on m_{l−1}+1 qubits.
  const CMatrix& perceptron(int l, int j) const;
  void set_perceptron(int l, int j, CMatrix u);  // throws std::invalid_argument if not unitary
  // Perceptron j of layer l embedded on the layer's m_{l−1}+m_l qubits.
  CMatrix Embedded(int l, int j) const;
  CMatrix LayerUnitary(int l) const;

  // ξ^l and F^l. `depolarise` (in [0, 1]) applies the depolarising channel of that strength to
  // the layer's output (our model of Fig. 2a's insets, docs/quantum.md; 0: none).
  CMatrix Layer(int l, const CMatrix& rho, double depolarise = 0.0) const;
  CMatrix Adjoint(int l, const CMatrix& sigma) const;
  // ρ^out of |φ⟩⟨φ|.
  CMatrix Output(const CVector& in, double depolarise = 0.0) const;
  // ρ^out of every input, the layers' isometries built once (parallel; `work` gets
  // ForwardWork). Throws std::invalid_argument for an input of the wrong dimension.
  std::vector<CMatrix> Outputs(std::span<const CVector> inputs,
                               int threads,
                               double depolarise = 0.0,
                               DqnnWork* work = nullptr) const;
  // Bytes a training round holds: the shared isometries, per-thread temporaries of the widest
  // layer pair, and `block` pairs' partial traces (for CheckMemory).
  double WorkingBytes(int threads, std::int64_t block) const;
  // The simulation work of evaluating `samples` output states (the layers' shared isometries
  // once, then each sample's forward pass).
  DqnnWork ForwardWork(std::int64_t samples) const;
  double Cost(std::span<const TrainingPair> pairs,
              int threads = 1,
              double depolarise = 0.0,
              DqnnWork* work = nullptr) const;

  // One training round on `pairs` (parallel over blocks of pairs, summed in pair order: the
  // result does not depend on `threads`). With `depolarise` > 0 every layer's output is
  // depolarised and the back-propagated targets see the same (self-adjoint) channel. Throws
  // std::invalid_argument for λ or ε not > 0, no pairs, a pair of the wrong dimension or a
  // strength outside [0, 1]; InputError (CheckMemory) if the round cannot fit in memory.
  void TrainRound(std::span<const TrainingPair> pairs,
                  double lambda,
                  double epsilon,
                  int threads,
                  DqnnWork& work,
                  double depolarise = 0.0);

 private:
  // Layer l of the current network: its embedded perceptrons u[j] and the isometries
  // w[j] = (U_j ⋯ U_0)[:, outputs 0] (2^{in+out} × 2^in), so that
  // U_j ⋯ U_0 (ρ ⊗ |0…0⟩⟨0…0|)(U_j ⋯ U_0)† = w[j] ρ w[j]†: the forward states have rank ≤ 2^in.
  struct LayerOps {
    int in = 0, out = 0;
    std::vector<CMatrix> u, w;
  };
  LayerOps Ops(int l) const;
  static CMatrix Forward(const LayerOps& ops, const CMatrix& rho, double depolarise);
  static CMatrix Backward(const LayerOps& ops, const CMatrix& sigma);
  void CheckPairs(std::span<const TrainingPair> pairs, const char* what) const;
  std::vector<int> widths_;
  std::vector<std::vector<CMatrix>> perceptrons_;  // [l − 1][j]
};

// N pairs (|φ⟩, V|φ⟩) with Haar-random |φ⟩ on V's qubits.
std::vector<TrainingPair> PairsFromUnitary(const CMatrix& v, int n, Rng& rng);
// N pairs of independent Haar-random input and output states (the noisy pairs of Fig. 2b).
std::vector<TrainingPair> RandomPairs(int qubits_in, int qubits_out, int n, Rng& rng);

// The reference notebook's boundRand: the expected cost on all N pairs of a network that fits n
// of them and is random on the rest, D = 2^m:
//   n/N + (N − n)/(N·D·(D + 1)) · (D + min(n² + 1, D²)).
double GeneralisationBound(int qubits, int n, int total);

}  // namespace landauer::quantum

#endif  // LANDAUER_QUANTUM_DQNN_H_
