#!/usr/bin/python3
"""Reproduces the DQNN results of Beer et al. (Nat. Commun. 11:808, 2020) and its reference code
with `landauer qnn`, and prints them beside the reference numbers.

  1. Training ([1,2,1] and [2,3,2], 10 pairs, lambda 1, eps 0.1, 500 rounds): the round at which
     the cost first reaches 0.95, mean +- sd over 20 seeds. Reference notebook (one run each):
     20 and 54; the reference Mathematica notebook's 2-3-2 run: 30.
  2. Generalisation (Fig. 2a: 3-3-3, N = 10, lambda 1.5 (the paper's eta = 2/3), eps 0.1, 1000
     rounds): cost on all N pairs after training on n, mean +- sd over the repeats, with
     depolarising strengths t = 0, 0.0033, 0.0066, 0.01 applied to every layer's output (the
     paper's insets; the reference code has no noise model, so this one is ours); the
     reference Mathematica notebook's noiseless values and boundRand beside them.
  3. Noisy pairs (Fig. 2b: 2-3-2, N = 100, lambda 1, eps 0.1, 300 rounds): cost on the good
     pairs when i of the 100 are replaced by random pairs; the Mathematica values beside.

    /usr/bin/python3 bench/qnn_reproduction.py [--repeats 20] [--threads 2] [--out FILE]

Takes about 20 minutes on 2 cores with the defaults. Needs the release build.
"""
import argparse
import json
import os
import statistics
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANDAUER = os.path.join(ROOT, "build", "bin", "landauer")

# The reference Mathematica notebook (DQNN/DeepQNN-Mathematica.nb, commit 9906aafc), as decoded in
# docs/quantum.md: 3-3-3 generalisation (n = 1..8, 20 repetitions) and 2-3-2 noisy pairs
# (i = 0, 5, ..., 100).
GENERALISATION_REFERENCE = [0.22020, 0.34457, 0.46722, 0.61537, 0.73938, 0.85690, 0.94812, 0.98548]
NOISY_REFERENCE = [1.0000, .99987, .99915, .99809, .99818, .99735, .99621, .99487, .99474, .99243,
                   .98652, .98832, .97334, .95794, .96070, .87294, .73363, .57798, .41714, .25595,
                   .23817]


def landauer(*args):
    out = subprocess.run([LANDAUER, *args, "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out")
    a = p.parse_args()
    threads = ["--threads", str(a.threads)]
    result = {}

    print("1. Rounds until the cost first reaches 0.95 (10 pairs, lambda 1, eps 0.1)")
    for arch, reference in (("1-2-1", "20"), ("2-3-2", "54 (Python), 30 (Mathematica)")):
        firsts = []
        for seed in range(1, a.repeats + 1):
            r = landauer("qnn", "train", "--arch", arch, "--rounds", "500", "--seed", str(seed),
                         *threads)
            firsts.append(r["first_round_at_target"])
        mean, sd = statistics.mean(firsts), statistics.stdev(firsts)
        result[f"first_at_0.95_{arch}"] = firsts
        print(f"   {arch}: {mean:.1f} +- {sd:.1f} over {a.repeats} seeds "
              f"(median {statistics.median(firsts):.0f}, range {min(firsts)}-{max(firsts)}); "
              f"reference: {reference}")

    print("2. Generalisation, 3-3-3, N = 10, lambda 1.5, eps 0.1, 1000 rounds")
    g = landauer("qnn", "generalise", "--arch", "3-3-3", "--pairs", "10", "--rounds", "1000",
                 "--lambda", "1.5", "--repeats", str(a.repeats), "--depolarise",
                 "0,0.0033,0.0066,0.01", *threads)
    result["generalise"] = g["rows"]
    print(f"   {'n':>3s} {'bound':>7s} {'Mathematica':>11s}  " +
          "  ".join(f"{'t = ' + str(c['depolarise']):>17s}" for c in g["rows"][0]["cost"]))
    for row in g["rows"]:
        n = row["n"]
        ref = f"{GENERALISATION_REFERENCE[n - 1]:.4f}" if n <= len(GENERALISATION_REFERENCE) else "-"
        cells = "  ".join(f"{c['mean']:.4f} +- {c['sd']:.4f}" for c in row["cost"])
        print(f"   {n:3d} {row['bound']:7.4f} {ref:>11s}  {cells}")

    print("3. Noisy pairs, 2-3-2, N = 100, lambda 1, eps 0.1, 300 rounds")
    z = landauer("qnn", "noise", "--arch", "2-3-2", "--pairs", "100", "--rounds", "300", *threads)
    result["noise"] = z["rows"]
    for row, ref in zip(z["rows"], NOISY_REFERENCE):
        print(f"   {row['noisy']:3d} noisy: {row['cost']:.4f}   (Mathematica {ref:.4f})")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
