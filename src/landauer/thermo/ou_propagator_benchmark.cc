// Batched exact-OU stepping against the machine's float32 GEMM ceiling.
//   cmake --preset bench && cmake --build --preset bench && build/bin/ou_propagator_benchmark
// BM_OuStep/d/chains/threads: one exact step of `chains` chains in float32 (two GEMMs of
// 2·d²·chains flops each, plus d·chains normal draws). BM_Sgemm/n/threads: an n³ GEMM through
// DigitalEngine, the ceiling the step is compared with. bench/ou_vs_numpy.py runs both next to a
// NumPy implementation of the same algorithm.
#include <benchmark/benchmark.h>

#include "landauer/nn/linear_engine.h"
#include "landauer/thermo/ou_propagator.h"

namespace landauer::thermo {
namespace {

ColMatrixD Spd(int d) {
  Rng rng(0, "bench", "spd");
  ColMatrixD g(d, d);
  for (Eigen::Index i = 0; i < g.size(); ++i) g.data()[i] = rng.Normal();
  return g * g.transpose() / d + ColMatrixD::Identity(d, d);
}

// Dense path (float32): any stable drift, two GEMMs per step.
void BM_OuStep(benchmark::State& state) {
  const int d = static_cast<int>(state.range(0)), chains = static_cast<int>(state.range(1)),
            threads = static_cast<int>(state.range(2));
  OuPropagator propagator(Spd(d), Eigen::VectorXd::Ones(d), 2.0 * ColMatrixD::Identity(d, d), 0.1);
  ColMatrixF z = ColMatrixF::Zero(d, chains);
  Rng rng(1, "bench", "ou");
  for (auto _ : state) {
    propagator.Step(z, rng, threads);
    benchmark::DoNotOptimize(z.data());
  }
  state.counters["FLOP/s"] = benchmark::Counter(4.0 * d * d * chains,
                                                benchmark::Counter::kIsIterationInvariantRate,
                                                benchmark::Counter::kIs1000);
  state.counters["chain_steps/s"] =
      benchmark::Counter(chains, benchmark::Counter::kIsIterationInvariantRate);
}

// Spectral path (float32): one exact step plus the read-out of every
// position (one GEMM of 2·d²·chains flops).
void BM_OuEnsembleStepAndRead(benchmark::State& state) {
  const int d = static_cast<int>(state.range(0)), chains = static_cast<int>(state.range(1)),
            threads = static_cast<int>(state.range(2));
  OuPropagator propagator(Spd(d), Eigen::VectorXd::Ones(d), 2.0 * ColMatrixD::Identity(d, d), 0.1);
  OuEnsemble<float> ensemble(propagator, chains);
  Rng rng(1, "bench", "ou");
  for (auto _ : state) {
    ensemble.Step(rng, threads);
    benchmark::DoNotOptimize(ensemble.Positions(threads).data());
  }
  state.counters["FLOP/s"] = benchmark::Counter(2.0 * d * d * chains,
                                                benchmark::Counter::kIsIterationInvariantRate,
                                                benchmark::Counter::kIs1000);
  state.counters["chain_steps/s"] =
      benchmark::Counter(chains, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Sgemm(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), threads = static_cast<int>(state.range(1));
  nn::DigitalEngine engine(threads);
  const MatrixF x = MatrixF::Random(n, n), w = MatrixF::Random(n, n);
  MatrixF y;
  for (auto _ : state) {
    engine.Forward(x, w, y);
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["FLOP/s"] = benchmark::Counter(
      2.0 * n * n * n, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
}

BENCHMARK(BM_OuStep)
    ->Args({256, 64, 1})
    ->Args({256, 64, 2})
    ->Args({512, 128, 2})
    ->Args({1024, 256, 2})
    ->UseRealTime();
BENCHMARK(BM_OuEnsembleStepAndRead)
    ->Args({256, 64, 1})
    ->Args({256, 64, 2})
    ->Args({512, 128, 2})
    ->Args({1024, 256, 2})
    ->UseRealTime();
BENCHMARK(BM_Sgemm)->Args({1024, 1})->Args({1024, 2})->UseRealTime();

}  // namespace
}  // namespace landauer::thermo

BENCHMARK_MAIN();
