#include "landauer/reversible/hyperparameter_search.h"

#include <fmt/format.h>

#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "landauer/core/memory_budget.h"
#include "landauer/core/number_parse.h"
#include "landauer/core/progress.h"
#include "landauer/core/rng.h"
#include "landauer/reversible/mlp_objective.h"
#include "landauer/reversible/reversible_sgd.h"

namespace landauer::reversible {
namespace {

struct Split {
  Eigen::MatrixXd x;  // features × n
  std::vector<std::int32_t> y;
};

Split ToSplit(const Dataset& d, std::int64_t begin, std::int64_t end) {
  Split s;
  s.x.resize(d.dimension(), end - begin);
  for (std::int64_t i = begin; i < end; ++i) {
    s.x.col(i - begin) = d.features.row(i).transpose().cast<double>();
    s.y.push_back(d.labels[static_cast<std::size_t>(i)]);
  }
  return s;
}

std::vector<int> ParseHidden(const std::string& hidden) {
  std::vector<int> widths;
  std::stringstream in(hidden);
  std::string part;
  while (std::getline(in, part, '-')) {
    const ParsedInteger width = ParseInteger(part);
    if (!width.ok() || width.value < 1 || width.value > (1 << 20)) {
      throw std::invalid_argument(fmt::format(
          "--hidden '{}': write widths in 1..1048576 joined by '-', e.g. 50-50", hidden));
    }
    widths.push_back(static_cast<int>(width.value));
  }
  return widths;
}

// Minibatch t of a seeded order: `batch` consecutive entries of a permutation, wrapping around.
class Batches {
 public:
  Batches(const Split& train, int batch, std::uint64_t seed) : train_(train), batch_(batch) {
    order_.resize(train.y.size());
    std::iota(order_.begin(), order_.end(), 0);
    Rng rng(seed, "hypergrad", "batches");
    for (std::size_t i = order_.size(); i > 1; --i)
      std::swap(order_[i - 1], order_[rng.UniformInt(i)]);
  }
  void Get(int t, Eigen::MatrixXd& x, std::vector<std::int32_t>& y) const {
    x.resize(train_.x.rows(), batch_);
    y.resize(static_cast<std::size_t>(batch_));
    for (int j = 0; j < batch_; ++j) {
      const std::size_t k = order_[(static_cast<std::size_t>(t) * static_cast<std::size_t>(batch_) +
                                    static_cast<std::size_t>(j)) %
                                   order_.size()];
      x.col(j) = train_.x.col(static_cast<Eigen::Index>(k));
      y[static_cast<std::size_t>(j)] = train_.y[k];
    }
  }

 private:
  const Split& train_;
  int batch_;
  std::vector<std::size_t> order_;
};

}  // namespace

std::vector<int> HypergradOptions::Widths(int inputs, int classes) const {
  std::vector<int> widths = {inputs};
  for (const int w : ParseHidden(hidden)) widths.push_back(w);
  widths.push_back(classes);
  return widths;
}

void HypergradOptions::Validate() const {
  ParseHidden(hidden);
  if (iterations < 1 || batch < 1 || meta_iterations < 0) {
    throw std::invalid_argument(
        "hypergrad: iterations and batch must be >= 1, meta-iterations >= 0");
  }
  if (!(meta_learning_rate > 0.0) || !(initial_learning_rate > 0.0) || !(init_scale > 0.0)) {
    throw std::invalid_argument("hypergrad: learning rates and the initial scale must be > 0");
  }
  if (!(validation_fraction > 0.0 && validation_fraction < 1.0)) {
    throw std::invalid_argument(
        fmt::format("hypergrad: validation fraction {} must be in (0, 1)", validation_fraction));
  }
  Rational::FromGamma(gamma);
}

HypergradReport RunHyperparameterSearch(const TrainTest& data,
                                        const HypergradOptions& options,
                                        ProgressSink* progress_sink) {
  options.Validate();
  const std::int64_t n = data.train.size();
  const auto n_val =
      static_cast<std::int64_t>(std::llround(options.validation_fraction * static_cast<double>(n)));
  if (n_val < 1 || n - n_val < options.batch) {
    throw std::invalid_argument(fmt::format(
        "hypergrad: {} training samples, split {} / {} by --validation-fraction {}, are too few "
        "for a validation set and batches of --batch {}; use a smaller --batch or more data",
        n,
        n - n_val,
        n_val,
        options.validation_fraction,
        options.batch));
  }
  ProgressTask progress_task(progress_sink, "hypergrad", options.meta_iterations);
  ProgressTask* progress = progress_sink != nullptr ? &progress_task : nullptr;
  const Split train = ToSplit(data.train, 0, n - n_val),
              validation = ToSplit(data.train, n - n_val, n),
              test = ToSplit(data.test, 0, data.test.size());
  const std::vector<int> widths =
      options.Widths(static_cast<int>(data.train.dimension()), data.train.num_classes);
  {
    // Exact weights and velocities, their gradients and float copies (about eight 8-byte arrays
    // of the parameters), and the information buffer: a few bits per parameter and step.
    double parameters = 0.0;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
      parameters += (widths[l] + 1.0) * widths[l + 1];
    }
    CheckMemory(fmt::format("--hidden {}", options.hidden),
                8.0 * 8.0 * parameters + parameters * options.iterations * 4.0 / 8.0,
                "use narrower layers or fewer --iterations");
  }
  const MlpObjective model(widths);
  const std::vector<int> group = model.GroupOfParameter();
  const int groups = model.num_groups();
  const std::vector<double> w0 = model.Initialize(options.seed, options.init_scale);
  const std::vector<double> v0(w0.size(), 0.0);

  HypergradReport report;
  for (int l = 1; l <= model.num_layers(); ++l) {
    report.group_names.push_back(fmt::format("W{}", l));
    report.group_names.push_back(fmt::format("b{}", l));
  }
  report.parameters = model.num_parameters();
  report.widths = widths;
  report.train_samples = static_cast<std::int64_t>(train.y.size());
  report.validation_samples = n_val;
  report.test_samples = data.test.size();
  std::vector<double> log_lr(
      static_cast<std::size_t>(options.iterations) * static_cast<std::size_t>(groups),
      std::log(options.initial_learning_rate));
  SgdSchedule schedule{options.iterations, groups, {}, options.gamma};
  auto set_rates = [&] {
    schedule.learning_rate.resize(log_lr.size());
    for (std::size_t i = 0; i < log_lr.size(); ++i) schedule.learning_rate[i] = std::exp(log_lr[i]);
  };
  set_rates();
  report.initial_schedule = schedule.learning_rate;

  // One training run; returns (validation loss, final weights, last train loss).
  Eigen::MatrixXd xb;
  std::vector<std::int32_t> yb;
  double last_train_loss = 0.0;
  auto train_run = [&](ReversibleSgd& sgd, const Batches& batches) {
    return sgd.Forward(w0, v0, [&](int t, std::span<const double> w, std::span<double> g) {
      batches.Get(t, xb, yb);
      last_train_loss = model.Evaluate(w, xb, yb, g);
    });
  };
  auto evaluate_schedule = [&](double& val_loss, double& test_acc) {
    ReversibleSgd sgd(group, schedule);
    const Batches batches(train, options.batch, options.seed ^ 0x5eed);
    const std::vector<double> w = train_run(sgd, batches);
    val_loss = model.Evaluate(w, validation.x, validation.y, {});
    test_acc = model.Accuracy(w, test.x, test.y);
  };
  evaluate_schedule(report.initial_validation_loss, report.initial_test_accuracy);

  std::vector<double> m(log_lr.size(), 0.0), s(log_lr.size(), 0.0);
  const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  std::vector<double> d_val(w0.size());
  for (int k = 0; k < options.meta_iterations; ++k) {
    ReversibleSgd sgd(group, schedule);
    const Batches batches(
        train, options.batch, options.seed + 1000003ULL * static_cast<std::uint64_t>(k + 1));
    const std::vector<double> w_final = train_run(sgd, batches);
    MetaIteration meta;
    meta.train_loss = last_train_loss;
    meta.validation_loss = model.Evaluate(w_final, validation.x, validation.y, d_val);
    meta.buffer_bits_per_parameter_step = sgd.BufferBitsPerParameterStep();
    meta.buffer_growth_per_parameter_step = sgd.BufferGrowthPerParameterStep();
    meta.buffer_bits_allocated = sgd.buffer_bits_allocated();
    meta.forward_seconds = sgd.forward_seconds();
    const Hypergradient h = sgd.Reverse(d_val,
                                        [&](int t,
                                            std::span<const double> w,
                                            std::span<const double> v,
                                            std::span<double> g,
                                            std::span<double> hv) {
                                          batches.Get(t, xb, yb);
                                          model.Evaluate(w, xb, yb, g, v, hv);
                                        });
    meta.exact_reversal = h.exact_reversal;
    meta.reverse_seconds = h.seconds;
    double norm = 0.0;
    for (std::size_t i = 0; i < log_lr.size(); ++i) {
      const double grad = h.d_learning_rate[i] * schedule.learning_rate[i];  // ∂f/∂log α
      norm += grad * grad;
      m[i] = beta1 * m[i] + (1 - beta1) * grad;
      s[i] = beta2 * s[i] + (1 - beta2) * grad * grad;
      const double m_hat = m[i] / (1 - std::pow(beta1, k + 1)),
                   s_hat = s[i] / (1 - std::pow(beta2, k + 1));
      log_lr[i] -= options.meta_learning_rate * m_hat / (std::sqrt(s_hat) + epsilon);
    }
    meta.hypergradient_norm = std::sqrt(norm);
    set_rates();
    report.meta.push_back(meta);
    if (progress) {
      progress->Advance(1,
                        fmt::format("val loss {:.4f}, {:.3f} bits/param/step, reversal {}",
                                    meta.validation_loss,
                                    meta.buffer_bits_per_parameter_step,
                                    meta.exact_reversal ? "exact" : "NOT exact"));
    }
  }
  report.learned_schedule = schedule.learning_rate;
  evaluate_schedule(report.learned_validation_loss, report.learned_test_accuracy);
  return report;
}

nlohmann::json HypergradReport::ToJson(const HypergradOptions& options) const {
  nlohmann::json meta_rows = nlohmann::json::array();
  bool all_exact = true;
  double bits = 0.0, growth = 0.0, fwd = 0.0, rev = 0.0;
  for (const MetaIteration& mi : meta) {
    meta_rows.push_back({{"validation_loss", mi.validation_loss},
                         {"train_loss", mi.train_loss},
                         {"buffer_bits_per_parameter_step", mi.buffer_bits_per_parameter_step},
                         {"buffer_growth_per_parameter_step", mi.buffer_growth_per_parameter_step},
                         {"buffer_bits_allocated", mi.buffer_bits_allocated},
                         {"exact_reversal", mi.exact_reversal},
                         {"forward_seconds", mi.forward_seconds},
                         {"reverse_seconds", mi.reverse_seconds},
                         {"hypergradient_norm", mi.hypergradient_norm}});
    all_exact = all_exact && mi.exact_reversal;
    bits += mi.buffer_bits_per_parameter_step;
    growth += mi.buffer_growth_per_parameter_step;
    fwd += mi.forward_seconds;
    rev += mi.reverse_seconds;
  }
  const auto groups = static_cast<std::size_t>(group_names.size());
  auto schedule_json = [&](const std::vector<double>& flat) {
    nlohmann::json by_group = nlohmann::json::object();
    for (std::size_t g = 0; g < groups; ++g) {
      std::vector<double> series;
      for (std::size_t t = 0; t * groups + g < flat.size(); ++t)
        series.push_back(flat[t * groups + g]);
      by_group[group_names[g]] = series;
    }
    return by_group;
  };
  const double count = meta.empty() ? 1.0 : static_cast<double>(meta.size());
  return {{"command", "hypergrad"},
          {"model", {{"hidden", options.hidden}, {"parameters", parameters}}},
          {"samples",
           {{"train", train_samples}, {"validation", validation_samples}, {"test", test_samples}}},
          {"iterations", options.iterations},
          {"batch", options.batch},
          {"gamma", options.gamma},
          {"gamma_rational",
           {Rational::FromGamma(options.gamma).numerator,
            Rational::FromGamma(options.gamma).denominator}},
          {"meta_iterations", options.meta_iterations},
          {"meta_learning_rate", options.meta_learning_rate},
          {"initial_schedule", schedule_json(initial_schedule)},
          {"learned_schedule", schedule_json(learned_schedule)},
          {"meta", meta_rows},
          {"initial_validation_loss", initial_validation_loss},
          {"learned_validation_loss", learned_validation_loss},
          {"initial_test_accuracy", initial_test_accuracy},
          {"learned_test_accuracy", learned_test_accuracy},
          {"exact_reversal", all_exact},
          {"buffer_bits_per_parameter_step", meta.empty() ? 0.0 : bits / count},
          {"buffer_growth_per_parameter_step", meta.empty() ? 0.0 : growth / count},
          {"expected_bits_per_parameter_step",
           std::log2(1.0 / Rational::FromGamma(options.gamma).value())},
          {"reverse_over_forward", fwd > 0.0 ? rev / fwd : 0.0}};
}

}  // namespace landauer::reversible
