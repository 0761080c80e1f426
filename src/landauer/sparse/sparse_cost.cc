#include "landauer/sparse/sparse_cost.h"

#include <algorithm>
#include <cmath>

#include "landauer/energy/erasure.h"

namespace landauer::sparse {
namespace {

constexpr Action kMac{"alu", "fp32_mac"};
constexpr Action kCompare{"alu", "int32_add"};
constexpr Action kMultiply{"alu", "int32_mult"};
constexpr double kWord = 32.0;
constexpr int kSgdMacs = 4;              // g + λθ, μm + g, g + μm, θ − η·
constexpr double kRandomDrawMults = 10;  // sparse_cost.h: the assumption for one SET draw

int MaxWidth(const std::vector<int>& widths) {
  return *std::max_element(widths.begin(), widths.end());
}

double LargestDenseBits(const std::vector<int>& widths) {
  double bits = 0.0;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    bits = std::max(bits, kWord * widths[l] * widths[l + 1]);
  }
  return bits;
}

}  // namespace

std::int64_t SparseShape::total_nonzeros() const {
  std::int64_t n = 0;
  for (const std::int64_t k : nonzeros) n += k;
  return n;
}

std::int64_t SparseShape::biases() const {
  std::int64_t n = 0;
  for (std::size_t l = 1; l < widths.size(); ++l) n += widths[l];
  return n;
}

SparseShape SparseShape::Of(const SparseMlp& model) {
  SparseShape shape{.widths = model.spec().widths, .nonzeros = {}};
  for (int l = 0; l < model.num_layers(); ++l) shape.nonzeros.push_back(model.layer(l).nonzeros());
  return shape;
}

SparseCostModel::SparseCostModel(SparseShape shape, nn::MemoryLevels levels)
    : shape_(std::move(shape)), levels_(levels), max_width_(MaxWidth(shape_.widths)) {
  double csr_bits = 0.0;
  for (std::size_t l = 0; l < shape_.nonzeros.size(); ++l) {
    csr_bits += 2 * kWord * double(shape_.nonzeros[l]) + 2 * kWord * (shape_.widths[l + 1] + 1);
  }
  weight_level_ = levels_.LevelFor(csr_bits);
}

void SparseCostModel::CountForward(Ledger& ledger,
                                   std::string_view phase,
                                   std::int64_t rows) const {
  const double b = static_cast<double>(rows);
  const double tiles = std::ceil(b / kBatchTile), tile = std::min<double>(b, kBatchTile);
  const std::string_view a = levels_.LevelFor(2.0 * b * max_width_ * kWord);
  for (std::size_t l = 0; l < shape_.nonzeros.size(); ++l) {
    const double n = double(shape_.nonzeros[l]), in = shape_.widths[l], out = shape_.widths[l + 1];
    CountWithErasure(ledger, phase, kMac, b * (n + out));
    ledger.Count(phase, weight_level_, "read_bit", tiles * (2 * kWord * n + 2 * kWord * (out + 1)));
    ledger.Count(phase, a, "read_bit", kWord * b * in);
    ledger.Count(phase, levels_.LevelFor(kWord * in * tile), "read_bit", kWord * b * n);
    CountWithErasure(ledger, phase, a, "write_bit", kWord * b * out);
  }
}

void SparseCostModel::CountBackward(Ledger& ledger,
                                    std::string_view phase,
                                    std::int64_t rows) const {
  const double b = static_cast<double>(rows);
  const double tiles = std::ceil(b / kBatchTile), tile = std::min<double>(b, kBatchTile);
  const std::string_view a = levels_.LevelFor(2.0 * b * max_width_ * kWord);
  for (std::size_t l = 0; l < shape_.nonzeros.size(); ++l) {
    const double n = double(shape_.nonzeros[l]), in = shape_.widths[l], out = shape_.widths[l + 1];
    if (l > 0) {  // ∂L/∂a below: Wᵀ δ
      CountWithErasure(ledger, phase, kMac, b * n);
      ledger.Count(
          phase, weight_level_, "read_bit", tiles * (4 * kWord * n + 2 * kWord * (in + 1)));
      ledger.Count(phase, a, "read_bit", kWord * b * out);
      ledger.Count(phase, levels_.LevelFor(kWord * out * tile), "read_bit", kWord * b * n);
      CountWithErasure(ledger, phase, a, "write_bit", kWord * b * in);
    }
    CountWithErasure(ledger, phase, kMac, b * (n + out));
    ledger.Count(phase, weight_level_, "read_bit", kWord * n + 2 * kWord * (out + 1));
    ledger.Count(phase, a, "read_bit", kWord * b * (in + out));
    ledger.Count(phase, levels_.LevelFor(kWord * in * b), "read_bit", kWord * b * n);
    CountWithErasure(ledger, phase, weight_level_, "write_bit", kWord * (n + out));
  }
}

void SparseCostModel::CountSgdStep(Ledger& ledger, std::string_view phase) const {
  nn::CountOptimizerUpdate(ledger,
                           phase,
                           double(shape_.total_nonzeros() + shape_.biases()),
                           kSgdMacs,
                           /*state_buffers=*/1,
                           levels_);
}

void CountTopologyWork(Ledger& ledger,
                       std::string_view phase,
                       const std::vector<int>& widths,
                       std::int64_t batch,
                       const SparseWork& work,
                       const nn::MemoryLevels& levels) {
  const std::string_view a = levels.LevelFor(2.0 * double(batch) * MaxWidth(widths) * kWord);
  const std::string_view d = levels.LevelFor(LargestDenseBits(widths));
  double dense_size = 0.0, edge_size = 0.0;  // Σ in·out and Σ (in + out) over layers
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    dense_size += double(widths[l]) * widths[l + 1];
    edge_size += double(widths[l]) + widths[l + 1];
  }
  if (work.dense_gradient_macs > 0.0) {
    // Each dense product reads δ and a once and writes its out × in result.
    CountWithErasure(ledger, phase, kMac, work.dense_gradient_macs);
    ledger.Count(phase, a, "read_bit", kWord * work.dense_gradient_rows * edge_size);
    CountWithErasure(ledger, phase, d, "write_bit", kWord * work.dense_products * dense_size);
  }
  if (work.dense_momentum_updates > 0.0) {
    CountWithErasure(ledger, phase, kMac, work.dense_momentum_updates);
    ledger.Count(phase, d, "read_bit", kWord * work.dense_momentum_updates);
    CountWithErasure(ledger, phase, d, "write_bit", kWord * work.dense_momentum_updates);
  }
  CountWithErasure(ledger, phase, kCompare, work.comparisons);
  ledger.Count(phase, d, "read_bit", kWord * work.scanned_positions);
  const std::string_view w = levels.LevelFor(3 * kWord * work.rewired_written);
  ledger.Count(phase, w, "read_bit", 3 * kWord * work.rewired_read);
  CountWithErasure(ledger, phase, w, "write_bit", 3 * kWord * work.rewired_written);
  CountWithErasure(ledger, phase, kMultiply, kRandomDrawMults * work.random_draws);
}

void CountDenseMaskedForward(Ledger& ledger,
                             std::string_view phase,
                             const std::vector<int>& widths,
                             std::int64_t rows,
                             const nn::MemoryLevels& levels) {
  const nn::DigitalCostModel dense(nn::MlpSpec{widths}, nn::Precision::kFp32, levels);
  dense.CountForward(ledger, phase, rows);
}

void CountDenseMaskedTrainingStep(Ledger& ledger,
                                  std::string_view phase,
                                  const std::vector<int>& widths,
                                  std::int64_t rows,
                                  const nn::MemoryLevels& levels) {
  const nn::DigitalCostModel dense(nn::MlpSpec{widths}, nn::Precision::kFp32, levels);
  dense.CountForward(ledger, phase, rows);
  dense.CountBackward(ledger, phase, rows);
  dense.CountOptimizerStep(ledger, phase, kSgdMacs, /*state_buffers=*/1);
  double weights = 0.0;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) weights += double(widths[l]) * widths[l + 1];
  const std::string_view mask_level = levels.LevelFor(kWord * weights);
  CountWithErasure(ledger, phase, kMac, weights);                    // θ ← θ ⊙ mask
  ledger.Count(phase, mask_level, "read_bit", 2 * kWord * weights);  // θ and the mask
  CountWithErasure(ledger, phase, mask_level, "write_bit", kWord * weights);
}

}  // namespace landauer::sparse
