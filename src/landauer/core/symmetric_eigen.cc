#include "landauer/core/symmetric_eigen.h"

#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <cstddef>
#include <stdexcept>
#include <vector>

#ifdef LANDAUER_HAVE_OPENBLAS
// LAPACK as OpenBLAS exports it (Fortran calling convention: every argument by pointer, then the
// hidden lengths of the two character arguments). Debian's libopenblas has no LAPACKE.
extern "C" void dsyevd_(const char* jobz,
                        const char* uplo,
                        const int* n,
                        double* a,
                        const int* lda,
                        double* w,
                        double* work,
                        const int* lwork,
                        int* iwork,
                        const int* liwork,
                        int* info,
                        std::size_t jobz_length,
                        std::size_t uplo_length);
extern "C" void openblas_set_num_threads(int);
#endif

namespace landauer {
namespace {

SymmetricEigen WithEigen(const Eigen::MatrixXd& a) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(a);
  return {eigen.eigenvalues(), eigen.eigenvectors()};
}

}  // namespace

SymmetricEigen SymmetricEigenDecompose(const Eigen::MatrixXd& a) {
  if (a.rows() != a.cols())
    throw std::invalid_argument(fmt::format(
        "SymmetricEigenDecompose: the matrix is {} x {}; it must be square", a.rows(), a.cols()));
#ifdef LANDAUER_HAVE_OPENBLAS
  if (a.rows() == 0) return {};
  static const bool single = [] {
    openblas_set_num_threads(1);  // deterministic: the result never depends on a thread count
    return true;
  }();
  (void)single;
  SymmetricEigen out{Eigen::VectorXd(a.rows()), a};
  const int n = static_cast<int>(a.rows());
  int info = 0;
  int lwork = -1;
  int liwork = -1;
  double work_size = 0;
  int iwork_size = 0;
  dsyevd_("V",
          "L",
          &n,
          out.vectors.data(),
          &n,
          out.values.data(),
          &work_size,
          &lwork,
          &iwork_size,
          &liwork,
          &info,
          1,
          1);
  if (info == 0) {
    lwork = static_cast<int>(work_size);
    liwork = iwork_size;
    std::vector<double> work(static_cast<std::size_t>(lwork));
    std::vector<int> iwork(static_cast<std::size_t>(liwork));
    dsyevd_("V",
            "L",
            &n,
            out.vectors.data(),
            &n,
            out.values.data(),
            work.data(),
            &lwork,
            iwork.data(),
            &liwork,
            &info,
            1,
            1);
    if (info == 0) return out;
  }
  // dsyevd failed (info < 0: an argument, a bug here; info > 0: no convergence, e.g. a NaN):
  // Eigen's solver gives what it gives, as it did before dsyevd.
#endif
  return WithEigen(a);
}

}  // namespace landauer
