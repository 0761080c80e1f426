#!/usr/bin/python3
"""ANN->SNN conversion's error budget on Fashion-MNIST: accuracy, spikes, synaptic events and
joules per inference against T, beside the ANN it came from, over seeds (`landauer snn convert`).

The ANN is digital-mlp's 784-256-256-10 ReLU MLP (Adam lr 1e-3, batch 128, 5 epochs); conversion
uses percentile (99.9) threshold balancing; the converted network's events are priced on Loihi
and its held input's first layer, like the ANN, on the 7 nm digital table, both at core scope
(operation energies only: no static power, no memory hierarchy beyond what the chip's per-event
figures hold).

    /usr/bin/python3 bench/snn_conversion.py [--seeds 5] [--threads 2] [--out FILE.json]
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
from bench_io import write_json

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANDAUER = os.path.join(ROOT, "build", "bin", "landauer")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", default="10,25,50,100,200")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    if not os.path.exists(LANDAUER):
        sys.exit(f"{LANDAUER} is missing: build the release preset first")
    runs = []
    for seed in range(1, args.seeds + 1):
        text = subprocess.run([LANDAUER, "snn", "convert", "--seed", str(seed), "--threads",
                               str(args.threads), "--steps", args.steps, "--chip", "loihi",
                               "--hardware", "cmos-7nm", "--scope", "core", "--json"],
                              check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(text))
    ann = np.array([r["ann_accuracy"] for r in runs]) * 100
    ann_j = np.array([r["ann_j_per_inference"] for r in runs])
    print(f"ANN 784-256-256-10: {ann.mean():.2f} ± {ann.std(ddof=1):.2f} %, "
          f"{ann_j.mean() * 1e9:.1f} nJ per inference (cmos-7nm, core)\n")
    print("| T | accuracy | points lost | spikes | synaptic events | J per inference | × the ANN's J |")
    print("|---|---|---|---|---|---|---|")
    summary = []
    for p in range(len(runs[0]["curve"])):
        col = lambda key: np.array([r["curve"][p][key] for r in runs])
        acc, lost = col("accuracy") * 100, col("accuracy_loss_points")
        j = col("j_per_inference")
        row = {"steps": runs[0]["curve"][p]["steps"], "accuracy": [acc.mean(), acc.std(ddof=1)],
               "points_lost": [lost.mean(), lost.std(ddof=1)],
               "spikes": col("spikes_per_inference").mean(),
               "synaptic_events": col("synaptic_events_per_inference").mean(),
               "j_per_inference": j.mean(), "ratio_to_ann": (j / ann_j).mean()}
        summary.append(row)
        print(f"| {row['steps']} | {acc.mean():.2f} ± {acc.std(ddof=1):.2f} % | "
              f"{lost.mean():+.2f} ± {lost.std(ddof=1):.2f} | {row['spikes']:.0f} | "
              f"{row['synaptic_events']:.0f} | {j.mean() * 1e6:.2f} µJ | {row['ratio_to_ann']:.1f} |")
    if args.out:
        write_json(args.out, {"ann_accuracy": ann.tolist(), "ann_j": ann_j.tolist(),
                              "curve": summary, "runs": runs})


if __name__ == "__main__":
    main()
