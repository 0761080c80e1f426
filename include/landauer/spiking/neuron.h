// landauer/spiking/neuron.h — integrate-and-fire neurons stepped by exact integration.
//
//   NeuronParams p{.model = NeuronModel::kCubaLif, .tau_mem = 10e-3, .tau_syn = 5e-3};
//   NeuronPopulation pop(p, /*size=*/100, /*dt=*/1e-4);
//   pop.Step(input, fired);         // input: current (IF, LIF) or charge into I (CubaLIF);
//                                   // fired: the indices of the neurons that spiked
//
// The models, in the Neuromorphic Intermediate Representation's form (NIR, Pedersen et al., Nat.
// Commun. 15:8122, 2024, Table 1), with leak potential v_leak, resistance R and threshold θ:
//   IF       dv/dt = R I
//   LIF      τ_mem dv/dt = (v_leak − v) + R I
//   CubaLIF  τ_syn dI/dt = −I  (+ input charge, added to I at the start of a step)
//            τ_mem dv/dt = (v_leak − v) + R I
// Between spikes these are linear, so one step of length h is exact (Rotter & Diesmann, Biol.
// Cybern. 81:381, 1999; NEST's iaf_psc_exp propagators), with I held over the step for IF and LIF:
//   IF       v' = v + R I h
//   LIF      v' = v_leak + R I + (v − v_leak − R I) P22,          P22 = e^{−h/τ_mem}
//   CubaLIF  I' = I P11,  v' = v_leak + (v − v_leak) P22 + P21 I,  P11 = e^{−h/τ_syn},
//            P21 = R τ_syn/(τ_syn − τ_mem) (P11 − P22)   (→ R (h/τ_mem) P22 as τ_syn → τ_mem,
//            the limit taken when the two are within 1e-6 of each other, as NEST does)
// A CubaLIF may have a second, inhibitory current with its own time constant (tau_syn_inh > 0,
// NEST's iaf_psc_exp tau_syn_in, the CUBA benchmark's gi): v' gains P21_inh I_inh likewise.
// Inputs on the inhibitory channel of a one-current model are added to the excitatory one.
// A spike is emitted at the end of a step whose v' ≥ θ, then the reset, stated explicitly because
// NIR leaves it to the platform (NIR#129):
//   kToValue     v ← v_reset                    (Norse, NEST)
//   kSubtract    v ← v − (θ − v_reset)          (snnTorch's and Loihi's "subtract": v − θ for
//                                                v_reset = 0; keeps the overshoot)
// and the neuron is refractory for the next ⌈t_ref/h⌉ steps: v is held at v_reset (kToValue) or
// left as reset (kSubtract) and an IF's or LIF's input is ignored; a CubaLIF's currents keep
// decaying and keep receiving their input, as in NEST's iaf_psc_exp and Brian's `(unless
// refractory)`. (Brian holds v for one step fewer: it releases a neuron once ⌊t_ref/h⌋ steps
// have passed since its spike, NEST and landauer after ⌈t_ref/h⌉ held steps.)
#ifndef LANDAUER_SPIKING_NEURON_H_
#define LANDAUER_SPIKING_NEURON_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace landauer::spiking {

enum class NeuronModel { kIf, kLif, kCubaLif };
enum class ResetMode { kToValue, kSubtract };
NeuronModel NeuronModelFromString(std::string_view text);  // "if", "lif", "cuba-lif"; throws
ResetMode ResetModeFromString(std::string_view text);      // "to-value", "subtract"; throws
std::string_view ToString(NeuronModel model);
std::string_view ToString(ResetMode reset);

struct NeuronParams {
  NeuronModel model = NeuronModel::kLif;
  double tau_mem = 10e-3;    // s (LIF, CubaLIF)
  double tau_syn = 5e-3;     // s (CubaLIF)
  double tau_syn_inh = 0.0;  // s (CubaLIF): > 0 adds an inhibitory current; 0: one current
  double r = 1.0;            // Ω (or dimensionless)
  double v_leak = 0.0;       // V
  double v_threshold = 1.0;  // V
  double v_reset = 0.0;      // V
  double t_ref = 0.0;        // s
  ResetMode reset = ResetMode::kToValue;

  // Throws std::invalid_argument naming the parameter and value: a time constant ≤ 0 or not
  // finite, a threshold ≤ the reset potential, a negative refractory time.
  void Validate() const;
};

// The exact one-step propagators of NeuronParams at step h.
struct Propagators {
  double p22 = 1.0;                     // e^{−h/τ_mem} (IF: 1)
  double p11 = 0.0;                     // e^{−h/τ_syn} (CubaLIF)
  double p21 = 0.0;                     // CubaLIF: the current's contribution to v
  double p11_inh = 0.0, p21_inh = 0.0;  // a two-current CubaLIF's inhibitory current
  double input = 0.0;  // IF: R h; LIF: R (1 − P22): the held current's contribution to v
  int refractory_steps = 0;
};
// Throws std::invalid_argument for h ≤ 0 or invalid parameters.
Propagators ComputePropagators(const NeuronParams& params, double h);

class NeuronPopulation {
 public:
  // `size` neurons at rest (v = v_leak, I = 0), stepped by `dt` seconds.
  NeuronPopulation(const NeuronParams& params, std::int64_t size, double dt);

  // One step: `input` (one per neuron) is the held current (IF, LIF) or the charge added to I
  // (CubaLIF); `fired` is cleared and gets the indices of the neurons that spiked, ascending.
  void Step(std::span<const double> input, std::vector<std::int32_t>& fired);
  // The same with a second, inhibitory input: the charge into I_inh of a two-current CubaLIF,
  // added to `excitatory` for every other model.
  void Step(std::span<const double> excitatory,
            std::span<const double> inhibitory,
            std::vector<std::int32_t>& fired);

  // Sets every membrane potential (e.g. the CUBA benchmark's random start); sizes must match.
  void SetV(std::span<const double> v);

  std::span<const double> v() const { return v_; }
  std::span<const double> current() const { return i_; }
  std::span<const double> inhibitory_current() const { return i_inh_; }
  bool two_currents() const { return !i_inh_.empty(); }
  std::int64_t size() const { return static_cast<std::int64_t>(v_.size()); }
  const Propagators& propagators() const { return p_; }
  const NeuronParams& params() const { return params_; }

 private:
  NeuronParams params_;
  Propagators p_;
  std::vector<double> v_, i_, i_inh_;  // i_inh_ is empty unless two currents
  std::vector<std::int32_t> refractory_;
  std::vector<std::uint8_t> crossed_;  // pass 1's threshold crossings (neuron.cc)
  std::vector<double> zeros_;          // the inhibitory input of a Step without one

  void Fire(std::size_t k, double jump, std::vector<std::int32_t>& fired);
};

}  // namespace landauer::spiking

#endif  // LANDAUER_SPIKING_NEURON_H_
