// landauer/optical/mesh_propagation.h — light through a realised mesh, a batch at a time, and the
// gradients back through it.
//
//   Field x(modes, batch);                        // one column per sample
//   Propagate(realised, x);                       // x ← D M_K ⋯ M_1 x
//   MeshGradient g(realised);
//   Backpropagate(realised, x, grad, g);          // x, grad: output → input
//
// Fields are complex amplitudes, modes × batch, row-major, so one MZI updates two contiguous
// rows: y₀ = M₀₀x₀ + M₀₁x₁, y₁ = M₁₀x₀ + M₁₁x₁ (four complex multiply-adds per sample).
//
// Gradients of a real loss L follow the convention G = ∂L/∂Re z + i ∂L/∂Im z (= 2 ∂L/∂z̄), so
// that dL = Re Σ conj(G)·dz. Through y = M x:
//   G_x = M† G_y,   ∂L/∂p = Re Σ_ij (∂M/∂p)_ij S_ij,   S_ij = Σ_b conj(G_y,i,b) x_j,b.
// Backpropagate walks the MZIs from the last to the first and recovers each input from its
// output by M⁻¹ (every realised M is a scaled unitary, so this is well conditioned and needs no
// stored activations: the adjoint method neuroptica uses for in-situ training, Hughes et al.,
// Optica 5:864, 2018). The rounding this costs is ~1e-15 per MZI (tested against finite
// differences).
#ifndef LANDAUER_OPTICAL_MESH_PROPAGATION_H_
#define LANDAUER_OPTICAL_MESH_PROPAGATION_H_

#include <vector>

#include "landauer/optical/mesh_device.h"

namespace landauer::optical {

using Field = Eigen::Matrix<Complex, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Gradients by the realised phases: θ′ and φ′ per MZI, α′ per output.
struct MeshGradient {
  std::vector<double> theta, phi, output;
  MeshGradient() = default;
  explicit MeshGradient(const RealisedMesh& mesh);
  void Add(const MeshGradient& other);
};

// x ← D M_K ⋯ M_1 x, in place. x has mesh.modes rows.
void Propagate(const RealisedMesh& mesh, Field& x);

// On entry `y` is the mesh's output and `grad` is G_y; on return they are the input and G_x.
// Adds ∂L/∂θ′, ∂L/∂φ′, ∂L/∂α′ into `gradient`.
void Backpropagate(const RealisedMesh& mesh, Field& y, Field& grad, MeshGradient& gradient);

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_MESH_PROPAGATION_H_
