// landauer/reversible/revlib.h — read and write RevLib `.real` circuit files.
//
// The format (RevLib, www.revlib.org; the grammar RevKit's revlib_parser accepts):
//
//   # comment                      (also after any line)
//   .version 2.0
//   .numvars 3
//   .variables a b c               N distinct names
//   .inputs a b "x y"              optional; N labels, quotes allowed
//   .outputs f g h                 optional; N labels
//   .constants --0                 optional; N chars: '-' free input, '0'/'1' constant
//   .garbage 001                   optional; N chars: '1' garbage output
//   #@restored --0                 optional (landauer's pragma, a comment elsewhere): N chars,
//                                  '0'/'1' for a garbage ancilla that the circuit returns to that
//                                  constant (Bennett), so it is reused without being erased;
//                                  rev sim and rev stats check each mark by simulation
//                                  (CheckRestoredLines) and refuse a false one
//   .inputbus name a b             optional, repeatable; also .outputbus and .state
//   .begin
//   t3 a -b c                      Toffoli, K = 3 lines: controls a, ¬b, target c
//   f3 a b c                       Fredkin: control a, targets b c swapped
//   p3 a b c                       Peres: control a, targets b c
//   .end
//
// A gate's K must equal its line count; a leading '-' marks a negative control (never a target).
// Quantum gates (v, v+, and anything else non-classical) and modules are rejected. Every error is
// an InputError naming the file, the line and the fix.
#ifndef LANDAUER_REVERSIBLE_REVLIB_H_
#define LANDAUER_REVERSIBLE_REVLIB_H_

#include <string>

#include "landauer/reversible/circuit.h"

namespace landauer::reversible {

Circuit ReadReal(const std::string& path);
// `origin` names the text in messages (usually the path).
Circuit ParseReal(const std::string& text, const std::string& origin);
// The circuit in .real form; ParseReal(FormatReal(c)) == c (lines, gates, buses).
std::string FormatReal(const Circuit& circuit);
// Writes FormatReal atomically.
void WriteReal(const std::string& path, const Circuit& circuit);

}  // namespace landauer::reversible

#endif  // LANDAUER_REVERSIBLE_REVLIB_H_
