// `landauer hypergrad` — learn a learning-rate schedule by running SGD backwards exactly.
#include <fmt/format.h>

#include <memory>

#include "cli_common.h"
#include "landauer/core/progress.h"
#include "landauer/data/workload.h"
#include "landauer/report/text_table.h"
#include "landauer/reversible/hyperparameter_search.h"

namespace landauer::cli {
namespace {

struct HypergradCliOptions {
  CommonOptions common;
  WorkloadOptions workload;
  reversible::HypergradOptions search;
  bool quiet = false;
};

void RunHypergrad(HypergradCliOptions o) {
  o.workload.seed = o.common.seed;
  o.search.seed = o.common.seed;
  o.search.Validate();
  const TrainTest data = LoadWorkload(o.workload);
  ProgressReporter progress(
      "hypergrad",
      o.search.meta_iterations,
      o.quiet ? ProgressReporter::Mode::kQuiet : ProgressReporter::Mode::kAuto);
  const reversible::HypergradReport report =
      reversible::RunHyperparameterSearch(data, o.search, &progress);
  progress.Finish();
  nlohmann::json json = report.ToJson(o.search);
  json["data"] = o.workload.data;
  TextTable meta(
      {"meta-iteration", "validation loss", "bits/param/step", "reversal", "reverse / forward"});
  for (std::size_t c = 0; c < 5; ++c) meta.SetAlignment(c, TextTable::Align::kRight);
  for (std::size_t k = 0; k < report.meta.size(); ++k) {
    const auto& m = report.meta[k];
    meta.AddRow({std::to_string(k + 1),
                 fmt::format("{:.4f}", m.validation_loss),
                 fmt::format("{:.4f}", m.buffer_bits_per_parameter_step),
                 m.exact_reversal ? "bit-exact" : "NOT EXACT",
                 fmt::format("{:.2f}", m.reverse_seconds / std::max(m.forward_seconds, 1e-12))});
  }
  TextTable schedule({"group", "initial", "learned: first 10 steps", "middle", "last 10 steps"});
  const std::size_t groups = report.group_names.size(),
                    t_max = static_cast<std::size_t>(o.search.iterations);
  auto mean =
      [&](const std::vector<double>& flat, std::size_t g, std::size_t begin, std::size_t end) {
        double s = 0.0;
        for (std::size_t t = begin; t < end; ++t) s += flat[t * groups + g];
        return s / static_cast<double>(end - begin);
      };
  const std::size_t tenth = std::max<std::size_t>(1, std::min<std::size_t>(10, t_max / 3));
  for (std::size_t g = 0; g < groups; ++g) {
    schedule.AddRow(
        {report.group_names[g],
         fmt::format("{:.3g}", report.initial_schedule[g]),
         fmt::format("{:.3g}", mean(report.learned_schedule, g, 0, tenth)),
         fmt::format("{:.3g}", mean(report.learned_schedule, g, tenth, t_max - tenth)),
         fmt::format("{:.3g}", mean(report.learned_schedule, g, t_max - tenth, t_max))});
  }
  const std::string human = fmt::format(
      "hypergrad on {} ({} train / {} validation / {} test), MLP {} ({} parameters), {} SGD steps "
      "of {} with "
      "gamma = {} ({}/{})\n\n{}\nLearned learning rates (mean over steps)\n\n{}\n"
      "validation loss {:.4f} -> {:.4f}; test accuracy {:.2f} % -> {:.2f} %\n"
      "information buffer: {:.4f} bits per parameter per step stored, growing at {:.4f} (log2(d/n) "
      "= {:.4f}); a "
      "float64 trajectory would take 128 (w and v); reversal exact in every "
      "meta-iteration: {}; reverse pass / forward pass: {:.2f}\n",
      o.workload.data,
      report.train_samples,
      report.validation_samples,
      report.test_samples,
      o.search.hidden,
      report.parameters,
      o.search.iterations,
      o.search.batch,
      o.search.gamma,
      json["gamma_rational"][0].get<std::uint32_t>(),
      json["gamma_rational"][1].get<std::uint32_t>(),
      meta.Render(),
      schedule.Render(),
      report.initial_validation_loss,
      report.learned_validation_loss,
      100 * report.initial_test_accuracy,
      100 * report.learned_test_accuracy,
      json["buffer_bits_per_parameter_step"].get<double>(),
      json["buffer_growth_per_parameter_step"].get<double>(),
      json["expected_bits_per_parameter_step"].get<double>(),
      json["exact_reversal"].get<bool>() ? "yes" : "NO",
      json["reverse_over_forward"].get<double>());
  Emit(o.common, std::move(json), human);
}

}  // namespace

void RegisterHypergradCommand(CLI::App& app, std::vector<Command>& commands) {
  auto o = std::make_shared<HypergradCliOptions>();
  o->workload.data = "digits";
  CLI::App* command = app.add_subcommand("hypergrad",
                                         "Learn a per-step, per-layer learning-rate schedule by "
                                         "exactly reversible SGD (Maclaurin et al. 2015)");
  AddCommonOptions(*command, o->common);
  AddWorkloadOptions(*command, o->workload);
  command->add_option("--hidden", o->search.hidden, "Hidden widths of the tanh MLP")
      ->capture_default_str();
  command->add_option("--iterations", o->search.iterations, "SGD steps per training run")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command->add_option("--batch", o->search.batch, "Minibatch size")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  command->add_option("--meta-iterations", o->search.meta_iterations, "Hypergradient steps")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  command->add_option("--meta-lr", o->search.meta_learning_rate, "Adam step on log learning rates")
      ->check(PositiveNumber("meta learning rate", "--meta-lr 0.04"))
      ->capture_default_str();
  command->add_option("--gamma", o->search.gamma, "Momentum decay, in (0, 1]")
      ->check(NumberInLeftOpenInterval(0.0, 1.0, "momentum", "--gamma 0.9"))
      ->capture_default_str();
  command
      ->add_option("--initial-lr",
                   o->search.initial_learning_rate,
                   "Starting learning rate of every step and group")
      ->check(PositiveNumber("learning rate", "--initial-lr 0.5"))
      ->capture_default_str();
  command
      ->add_option("--init-scale", o->search.init_scale, "Initial weights N(0, scale^2 / fan_in)")
      ->check(PositiveNumber("scale", "--init-scale 1"))
      ->capture_default_str();
  command
      ->add_option("--validation-fraction",
                   o->search.validation_fraction,
                   "Part of the training set held out")
      ->check(CLI::Range(0.01, 0.99))
      ->capture_default_str();
  command->add_flag("--quiet", o->quiet, "No progress output");
  commands.push_back({command, [o] { RunHypergrad(*o); }});
}

}  // namespace landauer::cli
