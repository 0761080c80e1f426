// landauer/reversible/arithmetic.h — generators for the ML kernels the compiler is tested on.
//
// Logic networks (compiled to reversible circuits by CompileBennett). Operands are unsigned
// n-bit words; inputs are listed most significant bit first per operand (a[n−1] … a[0], then
// b[n−1] … b[0], …), so in the simulator's counting order the operands read as binary numbers.
// Outputs are likewise most significant first.
//   RippleCarryAdder(n)   s = a + b                  (n + 1 output bits)
//   ArrayMultiplier(n)    p = a · b                  (2n bits; shift-and-add rows of ripple adders)
//   Mac(n)                y = (acc + a · b) mod 2^2n (inputs a, b: n bits; acc: 2n bits)
//   Comparator(n)         lt = [a < b]               (the borrow out of a − b)
//   Relu(n)               y = max(x, 0)              (x in two's complement: y_i = x_i ∧ ¬x_{n−1})
//
// A reversible circuit directly:
//   CuccaroAdder(n)       the in-place ripple-carry adder of Cuccaro, Draper, Kutin & Moulton,
//                         "A new quantum ripple-carry addition circuit" (arXiv quant-ph/0410184):
//                         one ancilla, 2n − 1 Toffolis, lines c0, b_i, a_i interleaved, carry z;
//                         maps (a, b, z) → (a, a + b mod 2^n, z ⊕ carry-out). MAJ/UMA blocks.
// "Spec" strings name a generator: "adder:8", "multiplier:4", "mac:8", "comparator:8", "relu:8".
#ifndef LANDAUER_REVERSIBLE_ARITHMETIC_H_
#define LANDAUER_REVERSIBLE_ARITHMETIC_H_

#include <string>

#include "landauer/reversible/circuit.h"
#include "landauer/reversible/logic_network.h"

namespace landauer::reversible {

LogicNetwork RippleCarryAdder(int n);
LogicNetwork ArrayMultiplier(int n);
LogicNetwork Mac(int n);
LogicNetwork Comparator(int n);
LogicNetwork Relu(int n);

// The network named by "kind:n"; throws std::invalid_argument naming the spec and the kinds.
LogicNetwork GenerateKernel(const std::string& spec);

Circuit CuccaroAdder(int n);

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_ARITHMETIC_H_
