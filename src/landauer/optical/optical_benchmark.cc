// The optics' two kernels, for bench/optical_vs_torch.py.
//   cmake --preset bench && cmake --build --preset bench && build/bin/optical_benchmark
// BM_MeshForwardBackward/N/batch/threads: light through a Clements mesh of N modes (N(N−1)/2
// MZIs and the output screen) for `batch` samples, then the adjoint pass back with every
// phase's gradient, in blocks of 64 samples over `threads` threads (as MeshNetwork runs it).
// BM_AngularSpectrum/n/threads: one band-limited, 2×-padded free-space step of an n × n field
// (two FFTs of 2n × 2n), `threads` fields at once on as many threads.
#include <benchmark/benchmark.h>

#include <vector>

#include "landauer/core/parallel.h"
#include "landauer/optical/angular_spectrum.h"
#include "landauer/optical/mesh_propagation.h"

namespace landauer::optical {
namespace {

void BM_MeshForwardBackward(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), batch = static_cast<int>(state.range(1)),
            threads = static_cast<int>(state.range(2));
  Rng rng(0, "bench", "mesh");
  const PhotonicMesh device(DecomposeClements(HaarUnitary(n, rng)), {}, 0, "bench");
  const RealisedMesh mesh = device.Realise(nullptr);
  constexpr int kBlock = 64;
  const int blocks = (batch + kBlock - 1) / kBlock;
  std::vector<Field> x(static_cast<std::size_t>(blocks)), g(x.size());
  for (int b = 0; b < blocks; ++b) {
    x[b] = Field::Random(n, kBlock);
    g[b] = Field::Random(n, kBlock);
  }
  std::vector<MeshGradient> grads(x.size(), MeshGradient(mesh));
  for (auto _ : state) {
    ParallelFor(0, blocks, threads, [&](std::int64_t lo, std::int64_t hi) {
      for (std::int64_t b = lo; b < hi; ++b) {
        Propagate(mesh, x[b]);
        Field grad = g[b];
        Backpropagate(mesh, x[b], grad, grads[b]);
      }
    });
    benchmark::DoNotOptimize(grads.data());
  }
  state.counters["samples/s"] =
      benchmark::Counter(batch, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_MeshForwardBackward)
    ->ArgsProduct({{16, 32, 64}, {1024}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_AngularSpectrum(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), threads = static_cast<int>(state.range(1));
  const AngularSpectrum free({.wavelength = 0.75e-3, .pitch = 0.4e-3, .distance = 0.03, .n = n});
  std::vector<Plane> fields(static_cast<std::size_t>(threads), Plane::Random(n, n));
  for (auto _ : state) {
    ParallelFor(0, threads, threads, [&](std::int64_t lo, std::int64_t hi) {
      for (std::int64_t t = lo; t < hi; ++t) free.Forward(fields[t]);
    });
    benchmark::DoNotOptimize(fields.data());
  }
  state.counters["fields/s"] =
      benchmark::Counter(threads, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_AngularSpectrum)
    ->ArgsProduct({{200}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace landauer::optical

BENCHMARK_MAIN();
