#!/usr/bin/python3
"""Side-by-side DQNN benchmark: landauer's C++ simulation against the same algorithm on QuTiP.

The peer is a faithful QuTiP implementation of Beer et al.'s training round as the reference
notebook (github.com/qigitphannover/DeepQuantumNeuralNetworks, DQNN_basic.ipynb) writes it:
perceptrons embedded with tensor products and qubit permutations, the layer channel
tr_in(U (rho x |0><0|) U^dag) by Qobj.ptrace, the adjoint channel, the update
exp(-eps 2^m/(lambda N) sum_x tr_rest[A_x, B_x]) by Qobj.expm, and every perceptron updated from
the old network. (The notebook itself is not run: it is not packaged, and nothing fetched is run
by a committed script.)

Both sides start from the same problem: landauer writes its training pairs and initial
perceptrons (`qnn train --json --with-problem`), and the peer rebuilds them as Qobjs. The script
checks that the two cost curves agree round by round, then reports wall time per round, single
thread on both sides, and the ratio.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \\
        /usr/bin/python3 bench/qnn_vs_qutip.py [--rounds 20] [--out FILE]

Needs the release build (build/bin/landauer) and Debian's python3-qutip (./scripts/setup.sh
--bench).
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import qutip as qt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def qobj(rows, qubits):
    m = np.array([[complex(re, im) for re, im in row] for row in rows])
    if m.shape[1] == 1:
        return qt.Qobj(m, dims=[[2] * qubits, [1] * qubits])
    return qt.Qobj(m, dims=[[2] * qubits, [2] * qubits])


def identity(n):
    return qt.tensor([qt.qeye(2)] * n)


def ground(n):
    return qt.tensor([qt.basis(2, 0).proj()] * n)


def swapped(op, a, b):
    order = list(range(len(op.dims[0])))
    order[a], order[b] = order[b], order[a]
    return op.permute(order)


def embed(v, m_in, m_out, j):
    """Perceptron v on (m_in + 1) qubits, acting on the inputs and output qubit j of a layer."""
    op = qt.tensor(v, identity(m_out - 1)) if m_out > 1 else v
    return swapped(op, m_in, m_in + j)


def layer_unitary(us):
    u = us[0]
    for v in us[1:]:
        u = v * u
    return u


def forward(arch, unitaries, state):
    states = [state]
    for l in range(1, len(arch)):
        u = layer_unitary(unitaries[l])
        full = u * qt.tensor(states[-1], ground(arch[l])) * u.dag()
        states.append(full.ptrace(list(range(arch[l - 1], arch[l - 1] + arch[l]))))
    return states


def adjoint(arch, unitaries, l, sigma):
    u = layer_unitary(unitaries[l])
    x = qt.tensor(identity(arch[l - 1]), ground(arch[l])) * u.dag() * qt.tensor(
        identity(arch[l - 1]), sigma) * u
    return x.ptrace(list(range(arch[l - 1])))


def cost(arch, unitaries, pairs):
    return float(np.mean([(out.dag() * forward(arch, unitaries, inp.proj())[-1] * out).tr().real
                          for inp, out in pairs]))


def train_round(arch, unitaries, pairs, lam, eps):
    n = len(pairs)
    fwd = [forward(arch, unitaries, inp.proj()) for inp, _ in pairs]
    new = [[]]
    for l in range(1, len(arch)):
        m_in, m_out = arch[l - 1], arch[l]
        layer = []
        for j in range(m_out):
            total = 0
            for x, (_, out) in enumerate(pairs):
                sigma = out.proj()
                for k in range(len(arch) - 1, l, -1):
                    sigma = adjoint(arch, unitaries, k, sigma)
                a = qt.tensor(fwd[x][l - 1], ground(m_out))
                for i in range(j + 1):
                    a = unitaries[l][i] * a * unitaries[l][i].dag()
                b = qt.tensor(identity(m_in), sigma)
                for i in range(m_out - 1, j, -1):
                    b = unitaries[l][i].dag() * b * unitaries[l][i]
                total = total + qt.commutator(a, b).ptrace(list(range(m_in)) + [m_in + j])
            update = (-eps * 2 ** m_in / (lam * n) * total).expm()
            layer.append(embed(update, m_in, m_out, j) * unitaries[l][j])
        new.append(layer)
    return new


def run(arch_text, rounds, seed):
    cmd = [os.path.join(ROOT, "build", "bin", "landauer"), "qnn", "train", "--arch", arch_text,
           "--pairs", "10", "--rounds", str(rounds), "--threads", "1", "--seed", str(seed),
           "--json", "--with-problem"]
    result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    arch = result["arch"]
    problem = result["problem"]
    pairs = [(qobj(p["in"], arch[0]), qobj(p["out"], arch[-1])) for p in problem["pairs"]]
    unitaries = [[]] + [[embed(qobj(v, arch[l - 1] + 1), arch[l - 1], arch[l], j)
                         for j, v in enumerate(layer)]
                        for l, layer in enumerate(problem["perceptrons"], start=1)]
    curve = [cost(arch, unitaries, pairs)]
    start = time.perf_counter()
    for _ in range(rounds):
        unitaries = train_round(arch, unitaries, pairs, 1.0, 0.1)
        curve.append(cost(arch, unitaries, pairs))
    qutip_s = (time.perf_counter() - start) / rounds
    mine = result["cost"]
    return {
        "arch": arch_text,
        "rounds": rounds,
        "max_cost_difference": float(np.max(np.abs(np.array(curve) - np.array(mine)))),
        "final_cost": mine[-1],
        "landauer_s_per_round": result["simulation"]["host_s_per_round"],
        "qutip_s_per_round": qutip_s,
        "ratio": qutip_s / result["simulation"]["host_s_per_round"],
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out")
    a = p.parse_args()
    rows = [run(arch, a.rounds, a.seed) for arch in ("1-2-1", "2-3-2", "3-3-3")]
    print(f"DQNN training round, 10 pairs, lambda 1, epsilon 0.1, {a.rounds} rounds, one thread; "
          f"qutip {qt.__version__}, numpy {np.__version__}")
    print(f"{'arch':8s} {'landauer ms/round':>18s} {'qutip ms/round':>15s} {'ratio':>7s} "
          f"{'max |dC|':>10s}")
    for r in rows:
        print(f"{r['arch']:8s} {1e3 * r['landauer_s_per_round']:18.3f} "
              f"{1e3 * r['qutip_s_per_round']:15.1f} {r['ratio']:7.0f} "
              f"{r['max_cost_difference']:10.2e}")
    bad = [r for r in rows if r["max_cost_difference"] > 1e-9]
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"rows": rows, "qutip": qt.__version__}, f, indent=1)
    if bad:
        sys.exit(f"cost curves differ: {bad}")


if __name__ == "__main__":
    main()
