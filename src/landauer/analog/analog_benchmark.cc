// The crossbar's kernel against this machine's sgemm, for bench/analog_vs_torch.py.
//   cmake --preset bench && cmake --build --preset bench --target analog_benchmark
//   build/bin/analog_benchmark
// BM_Sgemm/n/batch/threads: Y = X Wᵀ for n × n weights and `batch` inputs in float32 on
// DigitalEngine (Eigen GEMM in fixed column blocks): the roofline the tiles are measured against.
// BM_TileForward/n/batch/threads: the same product on PCM tiles of 256 × 256 (crossbar.h): input
// ranges, 8-bit DACs, the tiles' GEMMs, output noise, 8-bit ADCs with bound management, per-column
// scales and partial sums. Counter "fraction" is not computed here: the script divides.
#include <benchmark/benchmark.h>

#include "landauer/analog/crossbar.h"
#include "landauer/nn/linear_engine.h"
#include "random_matrix.h"

namespace landauer::analog {
namespace {

MatrixF Random(int rows, int cols, std::uint64_t seed) {
  return RandomMatrix(rows, cols, seed, "bench");
}

void BM_Sgemm(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), batch = static_cast<int>(state.range(1)),
            threads = static_cast<int>(state.range(2));
  const MatrixF w = Random(n, n, 1), x = Random(batch, n, 2);
  nn::DigitalEngine engine(threads);
  MatrixF y;
  for (auto _ : state) {
    engine.Forward(x, w, y);
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * n * n * batch * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Sgemm)
    ->ArgsProduct({{512}, {256}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

void BM_TileForward(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), batch = static_cast<int>(state.range(1)),
            threads = static_cast<int>(state.range(2));
  const MatrixF w = Random(n, n, 1), x = Random(batch, n, 2);
  AnalogLayer layer(TileParams{}, DeviceModel(DeviceParams::Preset("pcm")));
  AnalogWork work;
  layer.Program(w, Rng(3, "bench", "d2d"), work, threads);
  layer.ReadAt(3600.0, Rng(4, "bench", "c2c"), threads);
  MatrixF y;
  std::uint64_t call = 0;
  for (auto _ : state) {
    layer.Forward(x, y, Rng(5, "bench", "noise").Substream(call++), work, 1.0, threads);
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * n * n * batch * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["rereads/read"] = work.reads > 0 ? work.rereads / work.reads : 0.0;
}
BENCHMARK(BM_TileForward)
    ->ArgsProduct({{512}, {256}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// BM_ProgramRead/out/in/threads: what hardware-aware training does to every layer at every step:
// map the weights to targets, program both PCM devices of every pair (programming noise) and read
// them at t = 0 (1/f read noise), without drift exponents.
void BM_ProgramRead(benchmark::State& state) {
  const int out = static_cast<int>(state.range(0)), in = static_cast<int>(state.range(1)),
            threads = static_cast<int>(state.range(2));
  const MatrixF w = Random(out, in, 1);
  AnalogLayer layer(TileParams{}, DeviceModel(DeviceParams::Preset("pcm")));
  AnalogWork work;
  std::uint64_t call = 0;
  for (auto _ : state) {
    layer.Program(w, Rng(3, "bench", "d2d").Substream(call), work, threads, /*drift=*/false);
    layer.ReadAt(0.0, Rng(4, "bench", "c2c").Substream(call++), threads);
  }
  state.counters["devices/s"] =
      benchmark::Counter(2.0 * out * in, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ProgramRead)
    ->ArgsProduct({{256}, {784}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace landauer::analog
BENCHMARK_MAIN();
