// landauer/quantum/density_matrix.h — exact states and operations on a few qubits.
//
// A register of q qubits is a 2^q-dimensional complex space. Qubit 0 is the leftmost tensor
// factor (QuTiP's order): in basis index i, qubit k is bit (i >> (q − 1 − k)) & 1. Pure states
// are vectors (CVector), mixed states density matrices ρ (CMatrix: Hermitian, ρ ≥ 0, tr ρ = 1).
//
//   Kron(a, b)                     a ⊗ b
//   OnQubits(u, targets, q)        u acting on the listed qubits, in that order, of q qubits
//                                  (identity elsewhere): the embedding a circuit's gate needs
//   PartialTrace(ρ, q, keep)       tr over every qubit not in `keep` (kept in ascending order):
//                                  ρ_keep[a, b] = Σ_t ρ[(a, t), (b, t)]
//   ExpI(H)                        exp(iH) for Hermitian H, from its eigendecomposition (exactly
//                                  unitary to rounding, unlike a truncated series)
//   Depolarise(ρ, p)               (1 − p) ρ + p · tr(ρ) 1/d
//   AmplitudeDamp(ρ, k, q, γ)      Kraus K0 = |0⟩⟨0| + √(1−γ)|1⟩⟨1|, K1 = √γ|0⟩⟨1| on qubit k
//   Fidelity(ψ, ρ)                 ⟨ψ|ρ|ψ⟩, the fidelity of ρ with a pure state
//   RandomUnitary(d, rng)          Haar-distributed: QR of a complex Ginibre matrix with the
//                                  phases of R's diagonal divided out (Mezzadri, "How to generate
//                                  random matrices from the classical compact groups", Notices
//                                  AMS 54(5), 2007)
//   RandomState(d, rng)            Haar-distributed pure state: a normalised complex Gaussian
//
// These are the primitives PennyLane (#5338) and Qiskit (#7873) users ask for; the DQNN
// (dqnn.h) is built from them. Sizes are small (at most kMaxQubits): dense Eigen matrices.
#ifndef LANDAUER_QUANTUM_DENSITY_MATRIX_H_
#define LANDAUER_QUANTUM_DENSITY_MATRIX_H_

#include <Eigen/Dense>
#include <complex>
#include <span>
#include <string>

namespace landauer {
class Rng;  // core/rng.h
}  // namespace landauer

namespace landauer::quantum {

using Complex = std::complex<double>;
using CMatrix = Eigen::MatrixXcd;
using CVector = Eigen::VectorXcd;

// The largest register the engine builds (2^12 × 2^12 complex doubles = 268 MB).
inline constexpr int kMaxQubits = 12;

// Throws std::invalid_argument naming `what` unless 1 ≤ q ≤ kMaxQubits.
void CheckQubits(int q, const std::string& what);
// The number of qubits of a 2^q-dimensional matrix; throws std::invalid_argument naming `what`
// for a non-square matrix or a dimension that is not a power of two.
int QubitsOf(const CMatrix& m, const std::string& what);

CMatrix Kron(const CMatrix& a, const CMatrix& b);
// Throws std::invalid_argument for repeated or out-of-range targets, or a `u` of another size.
CMatrix OnQubits(const CMatrix& u, std::span<const int> targets, int qubits);
// Throws std::invalid_argument for repeated or out-of-range qubits in `keep`.
CMatrix PartialTrace(const CMatrix& rho, int qubits, std::span<const int> keep);
CMatrix ExpI(const CMatrix& hermitian);
CMatrix Depolarise(const CMatrix& rho, double p);
CMatrix AmplitudeDamp(const CMatrix& rho, int qubit, int qubits, double gamma);
double Fidelity(const CVector& psi, const CMatrix& rho);
// |0…0⟩⟨0…0| on q qubits.
CMatrix GroundState(int qubits);
CMatrix Projector(const CVector& psi);  // |ψ⟩⟨ψ|

CMatrix RandomUnitary(int dimension, Rng& rng);
CVector RandomState(int dimension, Rng& rng);

// max |U†U − 1| (0 for a unitary, up to rounding).
double UnitarityError(const CMatrix& u);
// max |A − A†|.
double HermiticityError(const CMatrix& a);

}  // namespace landauer::quantum

#endif  // LANDAUER_QUANTUM_DENSITY_MATRIX_H_
