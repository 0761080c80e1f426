#include "landauer/energy/reference_ladder.h"

#include <algorithm>
#include <stdexcept>

namespace landauer {
namespace {

struct RungSpec {
  const char* label;
  const char* table;
  const char* component;
  const char* action;
  double scale;
};

constexpr RungSpec kLadder[] = {
    {"H100 FP8 FLOP (1/2 MAC)", "h100", "alu", "fp8_mac", 0.5},
    {"H100 BF16 FLOP (1/2 MAC)", "h100", "alu", "bf16_mac", 0.5},
    {"A100 BF16 FLOP (1/2 MAC)", "a100", "alu", "bf16_mac", 0.5},
    {"45 nm int8 MAC", "cmos-45nm", "alu", "int8_mac", 1.0},
    {"45 nm fp32 MAC", "cmos-45nm", "alu", "fp32_mac", 1.0},
    {"45 nm register bit read", "cmos-45nm", "register", "read_bit", 1.0},
    {"45 nm 32 KB SRAM bit read", "cmos-45nm", "sram_small", "read_bit", 1.0},
    {"45 nm DRAM bit read", "cmos-45nm", "dram", "read_bit", 1.0},
    {"H100 HBM3 bit read", "h100", "dram", "read_bit", 1.0},
    {"brain synaptic event", "brain", "synapse", "event", 1.0},
    {"brain transmitted bit", "brain", "axon", "bit_transmitted", 1.0},
};

}  // namespace

std::vector<LadderRung> ReferenceLadder(const HardwareCatalog& catalog) {
  std::vector<LadderRung> rungs;
  for (const RungSpec& spec : kLadder) {
    const EnergyEntry& entry = catalog.Get(spec.table).Price(spec.component, spec.action);
    rungs.push_back({spec.label,
                     spec.table,
                     spec.component,
                     spec.action,
                     spec.scale,
                     entry.energy_j * spec.scale,
                     entry.assumption,
                     entry.source});
  }
  std::sort(rungs.begin(), rungs.end(), [](const LadderRung& a, const LadderRung& b) {
    return a.energy_j < b.energy_j;
  });
  return rungs;
}

BrainVersusGpu CompareBrainWithGpu(const HardwareCatalog& catalog) {
  const EnergyEntry& event = catalog.Get("brain").Price("synapse", "event");
  const EnergyEntry& mac = catalog.Get("h100").Price("alu", "bf16_mac");
  if (!event.time_s || !mac.time_s) {
    throw std::invalid_argument(
        "brain.synapse.event and h100.alu.bf16_mac need a time entry for brain versus GPU");
  }
  BrainVersusGpu v;
  v.brain_energy_per_event_j = event.energy_j;
  v.brain_events_per_s = 1.0 / *event.time_s;
  v.brain_power_w = event.energy_j * v.brain_events_per_s;
  // The GPU at chip scope and full utilisation: the MAC's own energy plus the chip's static power
  // spread over its peak MAC rate (memory traffic is workload-dependent and left out).
  const EnergyEntry* idle = catalog.Get("h100").Find("static", "second");
  v.gpu_energy_per_mac_j = mac.energy_j + (idle != nullptr ? idle->energy_j * *mac.time_s : 0.0);
  v.gpu_macs_per_s = 1.0 / *mac.time_s;
  v.gpu_power_w = v.gpu_energy_per_mac_j * v.gpu_macs_per_s;
  v.assumptions = {
      "one synaptic event is counted as one multiply-accumulate (MAC = 2 FLOP)",
      "brain: whole-organ 12 W for 3.6e15 synaptic events per second (planetanalog); Cannell's "
      "estimate (1e13 events per joule) is 30x less efficient",
      "GPU: H100 SXM5 at chip scope and peak dense BF16 throughput (full utilisation): the MAC's "
      "7 nm energy plus 70 W static power, without memory traffic (the 700 W TDP is the "
      "board's ceiling)",
      "neither side is charged for cooling, host, network or data-centre overhead",
  };
  return v;
}

nlohmann::json BrainVersusGpu::ToJson() const {
  return {
      {"brain_energy_per_event_j", brain_energy_per_event_j},
      {"brain_events_per_s", brain_events_per_s},
      {"brain_power_w", brain_power_w},
      {"gpu_energy_per_mac_j", gpu_energy_per_mac_j},
      {"gpu_macs_per_s", gpu_macs_per_s},
      {"gpu_power_w", gpu_power_w},
      {"energy_per_op_ratio_gpu_over_brain", gpu_energy_per_mac_j / brain_energy_per_event_j},
      {"throughput_ratio_brain_over_gpu", brain_events_per_s / gpu_macs_per_s},
      {"power_ratio_gpu_over_brain", gpu_power_w / brain_power_w},
      {"assumptions", assumptions},
  };
}

}  // namespace landauer
