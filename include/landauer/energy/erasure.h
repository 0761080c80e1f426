// landauer/energy/erasure.h — the erasure convention: which counted actions erase how many bits.
//
// The Landauer floor of a run is (bits erased) × kT ln 2. For floors to be comparable between
// methods, every method counts erased bits by one rule (docs/ledger.md, "Counting erased bits"):
// a bit is erased when a stored value is overwritten and its old content is not kept. Per action:
//
//   (any, write_bit)             1 per bit     a register or memory bit overwritten
//   (alu, <p>_mac)               accumulator   the accumulator register is overwritten: 32 bits
//                                              for int8 (int32 accumulator), fp8, fp16, bf16 and
//                                              fp32 (fp32 accumulator), 64 for fp64
//   (alu, <p>_add | <p>_mult)    p             the result register (p: the operand width)
//   (alu, logic_64b)             64            a 64-bit bitwise result (XOR, AND, ...)
//   (alu, popcount_64b)          7             the count of a 64-bit word
//   (adc | dac, convert_<n>b)    n             an ADC writes an n-bit register; a DAC programs an
//                                              n-bit device value over the old one
//   (link, bit)                  1 per bit     a received bit lands in a buffer, over an old one
//   (interconnect, bit)          1 per bit     the same, between the chips of one system (the
//                                              all-to-all of a mixture of experts)
//   (neuromorphic,               32            the target's input accumulator, the membrane state:
//    synaptic_event |                          32 bits on every chip, as a MAC's accumulator
//    neuron_update)
//   (neuromorphic, spike)        33            an event-register bit, and the membrane (32 bits)
//                                              overwritten by the reset
//   (any, read_bit)              0             reading keeps the value
//   (spu, cell_tau |             0             analog relaxation: the sample is erased only when
//    resistor_tau)                             it is read out (the ADC's bits)
//   (spu, resistor_write)        0             stores a value whose bits the link delivered, each
//                                              counted erased there
//   (node, *), (resonator, *)    0             adiabatic charge transfer; what the circuit
//                                              erases is counted as logic erasure
//   (photonic,                   0             analog: a symbol modulated, a photocurrent
//    modulator_symbol |                        sampled (its bits counted at the adc when
//    receiver_sample |                         digitised), light emitted, a phase held
//    laser_pj | heater_rad_ns)
//   (crossbar,                   0             analog: current through a crossbar's devices,
//    read_us_pulse |                           a program-and-verify pulse (the target's bits
//    program_pulse |                           counted at the dac, the reads' at the adc), an
//    update_pulse)                             in-situ update pulse (its count set digitally)
//   (static, second)             0             static power over the modelled time, and a
//   (static_<table>, second)                   combined table's device part's (Combine)
//   (qpu_control | qpu_cryo,     0             a quantum processor's time slots: gates are
//    one_qubit_gate | two_qubit_gate |         unitary; readout and reset erase per qubit, below
//    readout | reset | shot_cycle)
// and, through Ledger::CountLogicErasedBits because no action shows them: 1 per garbage bit a
// reversible circuit discards (a Bennett-restored ancilla erases nothing), 1 per conventional
// gate output overwritten, 1 per measured qubit per shot (the outcome register) and 1 per qubit
// reset (quantum/qnn_cost.h). Later substrates add their rows here and in docs/ledger.md.
//
// An action not in the convention is an error: a new substrate must state what it erases, here
// or, for a component of its own, with RegisterErasureRule when it registers its methods.
#ifndef LANDAUER_ENERGY_ERASURE_H_
#define LANDAUER_ENERGY_ERASURE_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "landauer/energy/ledger.h"

namespace landauer {

// A substrate's rule for its own component: bits erased per action, empty for an action it does
// not know. Registering a component twice, or one the built-in convention covers, throws
// std::logic_error.
using ErasureRule = std::function<std::optional<double>(std::string_view action)>;
void RegisterErasureRule(std::string component, ErasureRule rule);

// Bits erased by one (component, action) under the convention; empty when the convention does
// not cover the action.
std::optional<double> ErasedBitsPerAction(std::string_view component, std::string_view action);

// The bits `phase` of `ledger` erases under the convention: Σ count × ErasedBitsPerAction plus
// its logic erasure. Throws std::invalid_argument naming an action the convention does not cover.
double ConventionErasedBits(const Ledger& ledger, std::string_view phase);

// Counts `count` of the action and the bits it erases under the convention, so that a method
// cannot count one without the other. Throws std::invalid_argument for an action the convention
// does not cover.
void CountWithErasure(Ledger& ledger,
                      std::string_view phase,
                      std::string_view component,
                      std::string_view action,
                      double count);
inline void CountWithErasure(Ledger& ledger,
                             std::string_view phase,
                             const Action& action,
                             double count) {
  CountWithErasure(ledger, phase, action.component, action.action, count);
}

}  // namespace landauer

#endif  // LANDAUER_ENERGY_ERASURE_H_
