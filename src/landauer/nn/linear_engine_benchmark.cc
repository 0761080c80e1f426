// Micro-benchmarks of the DigitalEngine products at the shapes of the 784-256-256-10 MLP and of
// a square 1024 GEMM (the roofline reference). Build with the `bench` preset:
//   cmake --preset bench && cmake --build --preset bench && build/bin/linear_engine_benchmark
// Reported counter: FLOP/s (2 flops per multiply-add), printed with a G suffix.
#include <benchmark/benchmark.h>

#include "landauer/core/rng.h"
#include "landauer/nn/linear_engine.h"

namespace landauer::nn {
namespace {

MatrixF Random(Eigen::Index rows, Eigen::Index cols, std::uint64_t index) {
  Rng rng = Rng(0, "bench", "engine").Substream(index);
  MatrixF m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.Normal());
  return m;
}

void BM_Forward(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0)), in = static_cast<int>(state.range(1)),
            out = static_cast<int>(state.range(2)), threads = static_cast<int>(state.range(3));
  DigitalEngine engine(threads);
  const MatrixF x = Random(batch, in, 1), w = Random(out, in, 2);
  MatrixF y;
  for (auto _ : state) {
    engine.Forward(x, w, y);
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["FLOP/s"] = benchmark::Counter(2.0 * batch * in * out,
                                                benchmark::Counter::kIsIterationInvariantRate,
                                                benchmark::Counter::kIs1000);
}

void BM_WeightGradient(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0)), in = static_cast<int>(state.range(1)),
            out = static_cast<int>(state.range(2)), threads = static_cast<int>(state.range(3));
  DigitalEngine engine(threads);
  const MatrixF dy = Random(batch, out, 3), x = Random(batch, in, 4);
  MatrixF dw(out, in);
  for (auto _ : state) {
    engine.WeightGradient(dy, x, dw);
    benchmark::DoNotOptimize(dw.data());
  }
  state.counters["FLOP/s"] = benchmark::Counter(2.0 * batch * in * out,
                                                benchmark::Counter::kIsIterationInvariantRate,
                                                benchmark::Counter::kIs1000);
}

BENCHMARK(BM_Forward)
    ->Args({128, 784, 256, 1})
    ->Args({128, 784, 256, 2})
    ->Args({128, 256, 256, 2})
    ->Args({1024, 1024, 1024, 1})
    ->Args({1024, 1024, 1024, 2})
    ->UseRealTime();
BENCHMARK(BM_WeightGradient)->Args({128, 784, 256, 1})->Args({128, 784, 256, 2})->UseRealTime();

}  // namespace
}  // namespace landauer::nn

BENCHMARK_MAIN();
