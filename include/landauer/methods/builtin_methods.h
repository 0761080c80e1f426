// landauer/methods/builtin_methods.h — the registrations of the methods landauer ships.
//
// Each is a recipe of MlpMethod (mlp_method.h) in a short .cc of its own; src/landauer/builtins.cc
// lists them. `landauer methods` prints their parameters; docs/compare.md describes them.
//
// digital-mlp (digital): the baseline every substrate is measured against. An MLP (input-hidden-
//   classes, ReLU) trained with Adam in fp32 on the DigitalEngine, then evaluated three ways, each
//   with its own accuracy and priced inference energy: fp32 as trained; bf16 (weights and
//   activations rounded to bfloat16, fp32 accumulation); int8 (post-training quantisation:
//   per-channel weights, per-sample dynamic activations). Counted by nn::DigitalCostModel (MACs at
//   their precision, traffic per memory level); erased bits by the convention of energy/erasure.h
//   (bits written, and each MAC's 32-bit accumulator).
//
// tngd-mlp (thermodynamic): the same MLP trained with TNGD-Adam (arXiv:2405.13817; thermo/tngd.h):
//   the SPU relaxes to the natural-gradient direction for t = 50 τ per iteration (λ = 0.01, exact
//   transitions, κ₀ = 0.001) and Adam steps along it; batch 64 as in the paper's App. E (its own
//   parameter, not compare's --batch). fp32 inference on the digital processor. The SPU's
//   programming, converters and analog time are priced with the `spu` table. Not in the default
//   set: each iteration diagonalises a (64·C)² Gram matrix, so a Fashion-MNIST epoch takes minutes.
//
// adiabatic-mlp (reversible): digital-mlp's trained network (trained once per run for both), with
//   its int8 inference MACs run as the Bennett-compiled reversible 8-bit MAC clocked adiabatically
//   at the node optimum T* of the adiabatic-cmos table (reversible/adiabatic_cost.h); memory
//   traffic stays digital. Variant "int8-adiabatic". Erased bits: digital-mlp's bits written; per
//   MAC, in place of the digital accumulator's 32, the circuit's 32 discarded operand bits.
//
// hdc-idlevel, hdc-projection (hyperdimensional): binary hypervectors packed 64 dimensions to a
//   word (hdc/): ID–level records (XOR binding, bit-sliced majority) or sign(P x) of a random ±1
//   projection; class vectors bundled one-shot, then retrained (perceptron or adaptive) for
//   `retrain_epochs`; inference searches the class accumulators by cosine (class_memory=integer,
//   the default) or the binarised class vectors by Hamming distance (binary). Variant "bsc-D".
//   Every logic word, popcount,
//   accumulator update and memory bit is counted (hdc/hdc_cost.h) and priced on the run's
//   digital table.
//
// sparse-mlp (sparse): an MLP whose layers are truly sparse (sparse/: CSR, no dense shadow),
//   trained from scratch at a fixed density (5 %) by sparse momentum, SET, RigL or a static
//   topology, with Nesterov SGD (sparse_learning's defaults, its own lr and batch); variants
//   "csr" (the sparse kernel) and "dense-masked" (the same weights on a dense layer). Counted by
//   sparse/sparse_cost.h; metrics: density, active parameters and MACs per inference.
//
// moe-mlp (moe): input layer, one mixture-of-experts layer (moe/: Switch top-1 or noisy top-k,
//   capacity and dropping, the published auxiliary losses, sparse dispatch) and a head, trained
//   with Adam (follows --lr, --batch, --epochs). Counted by moe/moe_cost.h, priced with the run's
//   table plus `interconnect` (the all-to-all when `devices` > 1). Variant "<gating>-e<E>-k<k>";
//   metrics: experts, parameters, active parameters and MACs, dropped fraction, the load's CV.
//
// snn-surrogate (spiking): a LIF MLP (spiking/snn_mlp.h) trained by surrogate-gradient BPTT with
//   Adam (follows --lr, --batch, --epochs); inference counted by spiking/spiking_cost.h on the
//   `chip` parameter's table (loihi, truenorth, spinnaker, spinnaker2) combined with the run's
//   table, or as digital operations on the run's table (chip=digital). A held input's first-layer
//   products are the run's digital MACs. Variant "<coding>-T<steps>-<chip>"; metrics: spikes per
//   inference (input, hidden, output), synaptic events and neuron updates per inference.
//
// snn-converted (spiking): digital-mlp's network and training (shared when both run), converted
//   to IF neurons with data-based threshold balancing (spiking/conversion.h) and read out at T
//   steps; priced as snn-surrogate is. Variant "T<steps>-<chip>"; metrics: the ANN's accuracy, the
//   points lost, spikes, synaptic events and neuron updates per inference.
//
// optical-mzi (optical, opt-in): PCA-k features amplitude-encoded into N modes (and a reference
//   beam), Clements MZI meshes with electro-optic activations and photodetection
//   (optical/mesh_network.h), every physical element imperfect (mesh_device.h), trained through
//   the simulated optics with Adam (follows --epochs). Counted by optical/optical_cost.h, priced
//   with the run's table plus `photonic-mzi`; the PCA and the readout are the run's digital MACs.
//   Variant "N<modes>-L<meshes>"; metrics: the laser's optical power, the mesh's transmission,
//   the heaters' hold power, the vector period and the MZI count.
//
// d2nn (optical, opt-in): the workload's images amplitude-encoded (other features laid out on the
//   smallest square), diffractive layers in free space and detector regions (optionally
//   differential), trained through the simulated optics with Adam (optical/diffractive_network.h;
//   its own epochs: a grid step costs FFTs). Counted by optical/optical_cost.h, priced with the
//   run's table plus `diffractive`. The laser is sized on the trained masks by the link budget
//   (snr_db at a detector's mean power), and the detectors read with that shot and thermal noise.
//   Variant "<phase|complex>[-diff]-L<layers>-<grid>"; metrics: the noiseless accuracy, the
//   detected fraction of the light, the laser's optical power, detectors, neurons and the vector
//   period.
//
// analog-mlp (analog, opt-in): the MLP on PCM (or ReRAM) crossbar tiles (analog/analog_engine.h):
//   differential conductance pairs, per-column scales, DACs and ADCs with bound management,
//   output noise; trained hardware-aware (the tiles' noisy forward pass at every step, the
//   backward pass on the host; the host's fp32 work is what training costs). Inference variants
//   "<t>" and "<t>-gdc" read the tiles t = 1s, 1h, 1d, 1y after programming, without and with
//   global drift compensation (ReRAM: up to its 2 days of data); `read_time` adds one more time.
//   Counted by analog/analog_cost.h (programming the chip once, with training), priced with the
//   run's table plus `<device>-analog`; metrics: tiles, tile reads and bound-management re-reads
//   per inference.
//
// analog-insitu-mlp (analog, opt-in): the MLP trained in situ (analog/in_situ_training.h): SGD
// whose
//   updates reach soft-bounds pulsed devices (asymmetry up_down, d2d and c2c spreads) only as
//   pulses, the forward pass on crossbar tiles reading those devices (converters, bound
//   management, output noise), the backward pass on the host in fp32. Counted: the tiles' reads,
//   the host's backward pass, each device's pulse count and each pulse (crossbar, update_pulse);
//   priced with the run's table plus `reram-analog`. Variant "tiles" reads the trained devices on
//   the same tiles; metrics: tiles, tile reads per inference, update pulses per step and the
//   devices' mean state (its drift towards the symmetry point under asymmetry).
#ifndef LANDAUER_METHODS_BUILTIN_METHODS_H_
#define LANDAUER_METHODS_BUILTIN_METHODS_H_

#include "landauer/methods/registry.h"

namespace landauer {

MethodRegistration DigitalMlpRegistration();
MethodRegistration TngdMlpRegistration();
MethodRegistration AdiabaticMlpRegistration();
MethodRegistration HdcIdLevelRegistration();
MethodRegistration HdcProjectionRegistration();
MethodRegistration QnnDqnnRegistration();
MethodRegistration SparseMlpRegistration();
MethodRegistration MoeMlpRegistration();
MethodRegistration SnnSurrogateRegistration();
MethodRegistration SnnConvertedRegistration();
MethodRegistration OpticalMziRegistration();
MethodRegistration D2nnRegistration();
MethodRegistration AnalogMlpRegistration();
MethodRegistration AnalogInSituRegistration();

}  // namespace landauer

#endif  // LANDAUER_METHODS_BUILTIN_METHODS_H_
