#include "landauer/reversible/adiabatic.h"

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "landauer/core/rng.h"
#include "landauer/reversible/adiabatic_cost.h"
#include "landauer/reversible/bennett.h"
#include "landauer/reversible/metrics.h"

namespace landauer::reversible {

AdiabaticNodeModel AdiabaticNodeModel::FromTable(const EnergyTable& table) {
  AdiabaticNodeModel m;
  const EnergyEntry& conventional =
      table.Price(kConventionalTransition.component, kConventionalTransition.action);
  if (!conventional.time_s || *conventional.time_s <= 0.0) {
    throw std::invalid_argument(
        fmt::format("{}:{}: node.conventional_transition needs time = RC (the node's charging time "
                    "constant), e.g. time = \"10 ps\"",
                    table.origin(),
                    conventional.line));
  }
  m.conventional_transition_j = conventional.energy_j;
  m.cv2_j = 2.0 * m.conventional_transition_j;
  m.rc_s = *conventional.time_s;
  m.ramp_factor =
      table.Price(kAdiabaticTransition1ns.component, kAdiabaticTransition1ns.action).energy_j *
      kReferenceRampS / (m.rc_s * m.cv2_j);
  m.leakage_w = table.Price(kLeakage1ns.component, kLeakage1ns.action).energy_j / kReferenceRampS;
  m.resonator_cycle_j = table.Price(kResonatorCycle.component, kResonatorCycle.action).energy_j;
  return m;
}

double AdiabaticNodeModel::ReferenceEquivalents(double ramp_s) const {
  const double x = rc_s / ramp_s;
  // g(T)·(1 ns/RC) = (1 ns / T)[1 − x(1 − e^(−1/x))]; expm1 keeps the small-x limit accurate.
  return kReferenceRampS / ramp_s * (1.0 + x * std::expm1(-1.0 / x));
}

double AdiabaticNodeModel::AdiabaticTransitionJ(double ramp_s) const {
  return ramp_factor * cv2_j * rc_s / kReferenceRampS * ReferenceEquivalents(ramp_s);
}

double AdiabaticNodeModel::OptimalRampS() const {
  return std::sqrt(ramp_factor * rc_s * cv2_j / leakage_w);
}

double AdiabaticNodeModel::MinimumNodeEnergyJ() const {
  return 2.0 * std::sqrt(ramp_factor * rc_s * cv2_j * leakage_w);
}

KernelActivity MeasureKernel(const std::string& name,
                             const LogicNetwork& network,
                             std::uint64_t seed,
                             std::int64_t patterns) {
  KernelActivity k;
  k.name = name;
  k.conventional_nodes = network.num_gates();
  const Circuit circuit = CompileBennett(network, {.discard_inputs = true}).circuit;
  const CircuitStats stats = ComputeStats(circuit);
  k.reversible_gates = stats.gates;
  k.reversible_lines = stats.lines;
  k.reversible_bits_erased = static_cast<double>(stats.bits_erased);
  k.conventional_bits_erased = static_cast<double>(k.conventional_nodes);
  // Toggles between operation i and i + 1 of a random operand stream: evaluate two independent
  // random batches and count differing gate outputs.
  const auto words = static_cast<std::size_t>((patterns + 63) / 64);
  k.patterns = static_cast<std::int64_t>(words * 64);
  Rng rng(seed, "reversible", "activity");
  std::vector<std::uint64_t> first(network.inputs().size() * words), second(first.size());
  for (std::uint64_t& w : first) w = rng.NextU64();
  for (std::uint64_t& w : second) w = rng.NextU64();
  const std::vector<std::uint64_t> a = network.EvaluateNodes(first, words),
                                   b = network.EvaluateNodes(second, words);
  std::int64_t toggles = 0;
  for (std::size_t node = 0; node < network.nodes().size(); ++node) {
    const LogicOp op = network.nodes()[node].op;
    if (op == LogicOp::kInput || op == LogicOp::kConst0 || op == LogicOp::kConst1) continue;
    for (std::size_t w = 0; w < words; ++w)
      toggles += std::popcount(a[node * words + w] ^ b[node * words + w]);
  }
  k.conventional_transitions = static_cast<double>(toggles) / static_cast<double>(k.patterns);
  return k;
}

EnergySweep SweepClock(const KernelActivity& kernel,
                       const EnergyTable& table,
                       double min_s,
                       double max_s,
                       int points) {
  if (!(min_s > 0.0) || !(max_s >= min_s) || points < 1) {
    throw std::invalid_argument(
        fmt::format("clock sweep {} s to {} s with {} points: need 0 < min <= max and points >= 1",
                    min_s,
                    max_s,
                    points));
  }
  EnergySweep sweep;
  sweep.kernel = kernel;
  sweep.model = AdiabaticNodeModel::FromTable(table);
  auto price = [&](double t) {
    Ledger ledger;
    CountConventional(kernel, t, 1.0, ledger);
    CountAdiabatic(kernel, sweep.model, t, 1.0, ledger);
    const EnergyReport report = ledger.Price(table);
    SweepPoint p;
    p.period_s = t;
    p.conventional_j = report.FindPhase("conventional")->energy_j;
    p.adiabatic_j = report.FindPhase("adiabatic")->energy_j;
    p.conventional_floor_j = report.FindPhase("conventional")->landauer_floor_j;
    p.adiabatic_floor_j = report.FindPhase("adiabatic")->landauer_floor_j;
    return p;
  };
  auto log_period = [&](double u) { return min_s * std::pow(max_s / min_s, u); };
  for (int i = 0; i < points; ++i) {
    sweep.points.push_back(
        price(points == 1 ? min_s : log_period(static_cast<double>(i) / (points - 1))));
  }
  // Crossovers are solved, not read off the printed points: a scan at kScanPerDecade periods per
  // decade, independent of `points`, brackets each sign change of log(adiabatic/conventional),
  // and bisection in log T narrows it to machine precision.
  constexpr double kScanPerDecade = 64.0;
  auto log_ratio = [&](double t) {
    const SweepPoint p = price(t);
    return std::log(p.adiabatic_j / p.conventional_j);
  };
  const int scan = max_s > min_s
                       ? 1 + static_cast<int>(std::ceil(std::log10(max_s / min_s) * kScanPerDecade))
                       : 0;
  double u_prev = 0.0, r_prev = log_ratio(min_s);
  for (int i = 1; i <= scan; ++i) {
    const double u = static_cast<double>(i) / scan, r = log_ratio(log_period(u));
    if ((r_prev < 0) != (r < 0)) {
      double lo = u_prev, hi = u, r_lo = r_prev;
      for (int iteration = 0; iteration < 200 && hi - lo > 1e-15; ++iteration) {
        const double mid = 0.5 * (lo + hi), r_mid = log_ratio(log_period(mid));
        if ((r_mid < 0) == (r_lo < 0)) {
          lo = mid, r_lo = r_mid;
        } else {
          hi = mid;
        }
      }
      sweep.crossovers_s.push_back(log_period(0.5 * (lo + hi)));
    }
    u_prev = u, r_prev = r;
  }
  return sweep;
}

nlohmann::json EnergySweep::ToJson() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const SweepPoint& p : points) {
    rows.push_back({{"period_s", p.period_s},
                    {"conventional_j", p.conventional_j},
                    {"adiabatic_j", p.adiabatic_j},
                    {"conventional_floor_j", p.conventional_floor_j},
                    {"adiabatic_floor_j", p.adiabatic_floor_j}});
  }
  return {{"kernel",
           {{"name", kernel.name},
            {"conventional_nodes", kernel.conventional_nodes},
            {"conventional_transitions_per_op", kernel.conventional_transitions},
            {"reversible_gates", kernel.reversible_gates},
            {"reversible_lines", kernel.reversible_lines},
            {"conventional_bits_erased_per_op", kernel.conventional_bits_erased},
            {"reversible_bits_erased_per_op", kernel.reversible_bits_erased},
            {"activity_patterns", kernel.patterns}}},
          {"node",
           {{"conventional_transition_j", model.conventional_transition_j},
            {"rc_s", model.rc_s},
            {"ramp_factor", model.ramp_factor},
            {"leakage_w", model.leakage_w},
            {"resonator_cycle_j", model.resonator_cycle_j},
            {"optimal_ramp_s", model.OptimalRampS()},
            {"minimum_node_energy_j", model.MinimumNodeEnergyJ()}}},
          {"points", rows},
          {"crossovers_s", crossovers_s}};
}

}  // namespace landauer::reversible
