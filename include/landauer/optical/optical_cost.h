// landauer/optical/optical_cost.h — what an optical mesh network does, counted into the ledger.
//
// The simulation counts light passes and readings (MeshWork, mesh_network.h); this file turns
// them into actions, which a table prices (data/hardware/photonic-mzi.toml). Per inference vector
// through N modes, L meshes, C detected classes:
//   (dac, convert_8b)              inputs       the input samples
//   (photonic, modulator_symbol)   inputs       their modulators
//                                  + (L−1)·N    the re-modulation in each activation
//   (photonic, receiver_sample)    (L−1)·N      each activation's tapped photodiode
//                                  + C          the output readings
//   (adc, convert_8b)              C            the readings digitised
//   (photonic, laser_pj)           P_L·t_v      the light in pJ over the vector period t_v (the
//                                               table's price holds 1/η): P_L feeds every
//                                               modulator at full scale, with P_in from the
//                                               link budget (MeshNetwork::LaserPower)
//   (photonic, heater_rad_ns)      Σ held phase × t_v (rad·ns): every heater holds its phase
//                                               while the vector passes (thermo-optic)
//   (alu, fp32_mac)                C            the digital readout (gain and offset), on the
//                                               run's digital table
// The vector period t_v is the slowest converter's sample period in the table (VectorPeriod):
// every mode has its own converters, and the optics take one symbol per vector, so vectors
// stream at 1/t_v. The optics' own delay (picoseconds through a mesh) overlaps the next vector.
// Programming the chip after training sets each heater once: (dac, convert_8b) per heater.
// Training itself is simulated on the host (offline training): its fp64 multiply-adds
// (MeshWork::host_training_macs) are counted as (alu, fp64_mac).
// Bits erased follow energy/erasure.h: the converters' bits; the photonic actions store none.
//
// A diffractive network (diffractive_network.h; data/hardware/diffractive.toml) takes per image:
//   (dac, convert_8b), (photonic, modulator_symbol)   per input pixel (amplitude encoding)
//   (photonic, receiver_sample), (adc, convert_8b)    per detector
//   (photonic, laser_pj)                              P_L·t_v: every pixel's modulator fed at
//                                                     full scale (P_L = P_in / mean pixel
//                                                     transmittance), P_in from the link budget
//                                                     through the measured detected fraction
//   (alu, fp32_mac)                                   the readout (ratios and gain)
// Its masks are passive (printed or etched): they hold no power and are not programmed.
#ifndef LANDAUER_OPTICAL_OPTICAL_COST_H_
#define LANDAUER_OPTICAL_OPTICAL_COST_H_

#include <string_view>

#include "landauer/energy/energy_table.h"
#include "landauer/energy/ledger.h"
#include "landauer/optical/diffractive_network.h"
#include "landauer/optical/mesh_network.h"

namespace landauer::optical {

// What the count needs beside the work: the light and the heaters of the programmed chip.
struct MeshChip {
  double laser_optical_w = 0.0;  // the laser's light, W (MeshNetwork::LaserPower)
  double held_phase_rad = 0.0;   // Σ over heaters of every mesh (PhotonicMesh::HeldPhase)
  double heaters = 0.0;          // heaters of every mesh
  double vector_seconds = 0.0;   // t_v (VectorPeriod)
};

// The slowest per-sample time of the converters, modulators and receivers `table` prices; throws
// std::invalid_argument naming the entry when one has no price or no time.
double VectorPeriod(const EnergyTable& table);

MeshChip ChipOf(const MeshNetwork& network, double vector_seconds);

void CountMeshInference(Ledger& ledger,
                        std::string_view phase,
                        const MeshWork& work,
                        const MeshChip& chip);
// The host's simulated training and the chip's programming.
void CountMeshTraining(Ledger& ledger,
                       std::string_view phase,
                       const MeshWork& work,
                       const MeshChip& chip);

void CountDiffractiveInference(Ledger& ledger,
                               std::string_view phase,
                               const DiffractiveWork& work,
                               double laser_optical_w,
                               double vector_seconds);
// The host's simulated training.
void CountDiffractiveTraining(Ledger& ledger, std::string_view phase, const DiffractiveWork& work);

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_OPTICAL_COST_H_
