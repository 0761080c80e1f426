#!/usr/bin/python3
"""Reversible-circuit simulation: landauer against a NumPy bit-parallel simulator, same circuit, one run.

Writes a seeded random circuit (16 lines, 1000 gates: Toffoli/Fredkin/Peres with up to 3 controls,
some negative) as RevLib .real, then
  * landauer: build/bin/rev_simulator_benchmark FILE (one core, 64 patterns per word, chunked);
  * NumPy: the same bit-parallel algorithm on uint64 arrays (one vectorised op per gate term).
Both report gate x pattern evaluations per second; the ratio is the figure to quote.

    cmake --preset bench && cmake --build --preset bench
    /usr/bin/python3 bench/rev_sim_vs_numpy.py [--out FILE]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def random_circuit(lines, gates, seed):
    rng = random.Random(seed)
    out = []
    for _ in range(gates):
        kind = rng.choice("tttfp")
        controls = rng.randrange(4)
        targets = 2 if kind in "fp" else 1
        used = rng.sample(range(lines), controls + targets)
        ctl = [(l, rng.random() < 0.75) for l in used[:controls]]
        out.append((kind, ctl, used[controls:]))
    return out


def write_real(path, lines, gates):
    with open(path, "w") as f:
        f.write(f".version 2.0\n.numvars {lines}\n.variables {' '.join(f'x{i}' for i in range(lines))}\n.begin\n")
        for kind, ctl, tgt in gates:
            names = [("" if pos else "-") + f"x{l}" for l, pos in ctl] + [f"x{t}" for t in tgt]
            f.write(f"{kind}{len(names)} {' '.join(names)}\n")
        f.write(".end\n")


def numpy_rate(lines, gates, words, seconds):
    import numpy as np
    rng = np.random.default_rng(2)
    state = rng.integers(0, 2**63, size=(lines, words), dtype=np.uint64)
    ones = np.full(words, np.iinfo(np.uint64).max, dtype=np.uint64)
    mask = np.empty(words, dtype=np.uint64)
    tmp = np.empty(words, dtype=np.uint64)

    def run():
        for kind, ctl, tgt in gates:
            mask[:] = ones
            for l, pos in ctl:
                if pos:
                    np.bitwise_and(mask, state[l], out=mask)
                else:
                    np.bitwise_and(mask, np.invert(state[l], out=tmp), out=mask)
            a = state[tgt[0]]
            if kind == "t":
                np.bitwise_xor(a, mask, out=a)
            elif kind == "f":
                b = state[tgt[1]]
                np.bitwise_and(np.bitwise_xor(a, b, out=tmp), mask, out=tmp)
                np.bitwise_xor(a, tmp, out=a)
                np.bitwise_xor(b, tmp, out=b)
            else:
                b = state[tgt[1]]
                np.bitwise_xor(b, np.bitwise_and(mask, a, out=tmp), out=b)
                np.bitwise_xor(a, mask, out=a)

    run()
    passes, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        run()
        passes += 1
    return passes * len(gates) * 64 * words / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out")
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    lines, words = 16, 1024
    gates = random_circuit(lines, 1000, 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "random.real")
        write_real(path, lines, gates)
        binary = os.path.join(ROOT, "build/bin/rev_simulator_benchmark")
        ours = json.loads(subprocess.run([binary, path, "--words", str(words), "--seconds", str(args.seconds)],
                                         check=True, capture_output=True, text=True).stdout)
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    theirs = numpy_rate(lines, gates, words, args.seconds)
    row = {"lines": lines, "gates": 1000, "patterns_per_pass": 64 * words,
           "landauer_gate_patterns_per_s": ours["gate_patterns_per_s"], "numpy_gate_patterns_per_s": theirs,
           "ratio": ours["gate_patterns_per_s"] / theirs, "mac8_compile_s": ours["mac8_compile_s"],
           "mac8_gates": ours["mac8_gates"]}
    print(f"landauer {row['landauer_gate_patterns_per_s']:.3e} gate x pattern/s | numpy {theirs:.3e} | "
          f"ratio {row['ratio']:.1f}x | 8-bit MAC Bennett compile {1e3 * row['mac8_compile_s']:.2f} ms "
          f"({row['mac8_gates']} gates)")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(row, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
