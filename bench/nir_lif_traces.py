#!/usr/bin/python3
"""The NIR paper's single-LIF-neuron experiment: landauer's traces beside the other platforms'.

lif_norse.nir (Input -> Affine(1, 0) -> LIF(tau 2.5 ms, R 1, v_leak 0, threshold 0.1) -> Output),
driven by the input column of lif_exact.csv at dt = 0.1 ms for 1,000 steps. landauer runs it three
ways (`snn nir import --trace`): exact integration with precise spike times, exact integration on
the grid, and forward Euler. The other platforms' traces come from the NIR paper's data
(../shared/data/nir: Norse, snnTorch, SpiNNaker 2, Loihi in fixed point). As in the paper, each
voltage trace is divided by its own maximum before comparing shapes (the platforms scale
voltages differently), and spike steps are compared as they are.

    /usr/bin/python3 bench/nir_lif_traces.py [--out FILE.json]

Prints a Markdown table (docs/spiking.md carries it). Needs the release build.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
from bench_io import write_json

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANDAUER = os.path.join(ROOT, "build", "bin", "landauer")
DATA = os.path.join(ROOT, "..", "shared", "data", "nir")


def landauer_trace(flags, workdir):
    out = os.path.join(workdir, "trace.csv")
    subprocess.run([LANDAUER, "snn", "nir", "import", os.path.join(DATA, "lif_norse.nir"),
                    "--input", os.path.join(DATA, "lif_exact.csv"), "--columns", "0",
                    "--trace", out] + flags, check=True, capture_output=True)
    t = np.genfromtxt(out, delimiter=",", names=True)
    return np.column_stack([np.zeros(len(t)), t["v_1_0"], t["output_0"]])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    if not os.path.exists(LANDAUER):
        sys.exit(f"{LANDAUER} is missing: build the release preset first")
    exact = np.loadtxt(os.path.join(DATA, "lif_exact.csv"), delimiter=",")
    rows = {}
    with tempfile.TemporaryDirectory() as workdir:
        rows["landauer, exact + precise spike times"] = landauer_trace(["--precise"], workdir)
        rows["landauer, exact on the grid"] = landauer_trace([], workdir)
        rows["landauer, forward Euler"] = landauer_trace(["--integration", "euler"], workdir)
    for name, label in [("norse", "Norse"), ("snntorch", "snnTorch"),
                        ("spinnaker2", "SpiNNaker 2"), ("lava_loihi_fixed", "Loihi (Lava, fixed point)")]:
        rows[label] = np.loadtxt(os.path.join(DATA, f"lif_{name}.csv"), delimiter=",")
    reference_spikes = np.nonzero(exact[:, 2])[0]
    reference = exact[:, 1] / exact[:, 1].max()
    report = []
    print("| trace | max abs. difference in v (raw) | RMS difference of v / max v | spike steps | "
          "spike steps off |")
    print("|---|---|---|---|---|")
    for label, trace in rows.items():
        v = trace[:, 1]
        spikes = np.nonzero(trace[:, 2])[0]
        raw = float(np.abs(v - exact[:, 1]).max())
        rms = float(np.sqrt(np.mean((v / v.max() - reference) ** 2)))
        off = int(np.sum(spikes != reference_spikes)) if len(spikes) == len(reference_spikes) \
            else "count differs"
        report.append({"trace": label, "max_abs_dv": raw, "rms_normalised": rms,
                       "spike_steps": spikes.tolist(), "spikes_off": off})
        print(f"| {label} | {raw:.3g} | {rms:.3g} | {', '.join(map(str, spikes))} | {off} |")
    print(f"\nexact (event-based) reference: spikes at steps {', '.join(map(str, reference_spikes))}")
    if args.out:
        write_json(args.out, report)


if __name__ == "__main__":
    main()
