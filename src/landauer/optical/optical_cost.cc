#include "landauer/optical/optical_cost.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "landauer/energy/erasure.h"

namespace landauer::optical {

double VectorPeriod(const EnergyTable& table) {
  double period = 0.0;
  for (const auto& [component, action] : {std::pair<const char*, const char*>{"dac", "convert_8b"},
                                          {"photonic", "modulator_symbol"},
                                          {"photonic", "receiver_sample"},
                                          {"adc", "convert_8b"}}) {
    const EnergyEntry* entry = table.Find(component, action);
    if (entry == nullptr || !entry->time_s) {
      throw std::invalid_argument(fmt::format(
          "table '{}' gives ({}, {}) {}; an optical mesh needs its price and its time per sample",
          table.name(),
          component,
          action,
          entry == nullptr ? "no price" : "no time"));
    }
    period = std::max(period, *entry->time_s);
  }
  return period;
}

MeshChip ChipOf(const MeshNetwork& network, double vector_seconds) {
  MeshChip chip;
  chip.laser_optical_w = network.LaserPower();
  chip.vector_seconds = vector_seconds;
  for (const PhotonicMesh& m : network.meshes()) {
    chip.held_phase_rad += m.HeldPhase();
    chip.heaters += m.heaters();
  }
  return chip;
}

void CountMeshInference(Ledger& ledger,
                        std::string_view phase,
                        const MeshWork& work,
                        const MeshChip& chip) {
  CountWithErasure(ledger, phase, "dac", "convert_8b", work.encoded);
  CountWithErasure(ledger, phase, "photonic", "modulator_symbol", work.encoded + work.activations);
  CountWithErasure(
      ledger, phase, "photonic", "receiver_sample", work.activations + work.detections);
  CountWithErasure(ledger, phase, "adc", "convert_8b", work.detections);
  const double seconds = work.vectors * chip.vector_seconds;
  CountWithErasure(ledger, phase, "photonic", "laser_pj", chip.laser_optical_w * seconds / 1e-12);
  CountWithErasure(
      ledger, phase, "photonic", "heater_rad_ns", chip.held_phase_rad * seconds / 1e-9);
  CountWithErasure(ledger, phase, "alu", "fp32_mac", work.readout_macs);
}

void CountMeshTraining(Ledger& ledger,
                       std::string_view phase,
                       const MeshWork& work,
                       const MeshChip& chip) {
  CountWithErasure(ledger, phase, "alu", "fp64_mac", work.host_training_macs);
  CountWithErasure(ledger, phase, "dac", "convert_8b", chip.heaters);
}

void CountDiffractiveInference(Ledger& ledger,
                               std::string_view phase,
                               const DiffractiveWork& work,
                               double laser_optical_w,
                               double vector_seconds) {
  CountWithErasure(ledger, phase, "dac", "convert_8b", work.input_pixels);
  CountWithErasure(ledger, phase, "photonic", "modulator_symbol", work.input_pixels);
  CountWithErasure(ledger, phase, "photonic", "receiver_sample", work.detections);
  CountWithErasure(ledger, phase, "adc", "convert_8b", work.detections);
  CountWithErasure(ledger,
                   phase,
                   "photonic",
                   "laser_pj",
                   laser_optical_w * work.vectors * vector_seconds / 1e-12);
  CountWithErasure(ledger, phase, "alu", "fp32_mac", work.readout_macs);
}

void CountDiffractiveTraining(Ledger& ledger, std::string_view phase, const DiffractiveWork& work) {
  CountWithErasure(ledger, phase, "alu", "fp64_mac", work.host_training_macs);
}

}  // namespace landauer::optical
