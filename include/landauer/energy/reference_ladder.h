// landauer/energy/reference_ladder.h — reference operations from the shipped tables, to place any
// energy against kT ln 2, and the brain against a GPU.
//
//   HardwareCatalog catalog;
//   for (const LadderRung& r : ReferenceLadder(catalog)) ...   // sorted by energy
//   BrainVersusGpu v = CompareBrainWithGpu(catalog);            // both sides from the tables
//
// Every number comes from a table entry (with its source and assumption flag); nothing here
// holds a joule of its own. The rungs are scaled where the natural unit differs from the priced
// action (one FLOP is half a MAC).
#ifndef LANDAUER_ENERGY_REFERENCE_LADDER_H_
#define LANDAUER_ENERGY_REFERENCE_LADDER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "landauer/energy/hardware_catalog.h"

namespace landauer {

struct LadderRung {
  std::string label;  // "H100 BF16 FLOP (1/2 MAC)"
  std::string table, component, action;
  double scale = 1.0;     // energy_j = scale × the entry's energy
  double energy_j = 0.0;  // J
  bool assumption = false;
  std::string source;
};

// The ladder of reference operations (H100 and A100 FLOPs, 45 nm MACs and memory reads, HBM, a
// synaptic event, an axon bit), sorted by energy. Throws if a shipped table lacks a rung's entry.
std::vector<LadderRung> ReferenceLadder(const HardwareCatalog& catalog);

// Brain (whole organ, synaptic events) against an H100 (board power at peak dense BF16), each
// side's power = energy per operation / time per operation, from the `brain` and `h100` tables.
struct BrainVersusGpu {
  double brain_energy_per_event_j = 0.0, brain_events_per_s = 0.0, brain_power_w = 0.0;
  double gpu_energy_per_mac_j = 0.0, gpu_macs_per_s = 0.0, gpu_power_w = 0.0;
  std::vector<std::string> assumptions;  // what the comparison takes for granted
  nlohmann::json ToJson() const;
};
BrainVersusGpu CompareBrainWithGpu(const HardwareCatalog& catalog);

}  // namespace landauer

#endif  // LANDAUER_ENERGY_REFERENCE_LADDER_H_
