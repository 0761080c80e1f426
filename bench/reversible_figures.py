#!/usr/bin/python3
"""Figures for docs/reversible.md: adiabatic energy sweep, learned learning-rate schedule, RevNet memory.

Runs the landauer CLI (build/bin/landauer) and plots with matplotlib:
  docs/figures/rev_energy_mac8.png       energy per 8-bit MAC against clock period
  docs/figures/hypergrad_schedule.png    learned per-layer learning rates and the meta-loss
  docs/figures/revnet_memory.png         peak activation memory against depth
and writes the raw results to docs/figures/reversible_results.json.

    cmake --preset release && cmake --build --preset release
    /usr/bin/python3 bench/reversible_figures.py [--meta-iterations 50]
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(ROOT, "build/bin/landauer")
FIGURES = os.path.join(ROOT, "docs/figures")


def run(*args):
    out = subprocess.run([CLI, *args, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meta-iterations", type=int, default=50)
    args = parser.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    energy = run("rev", "energy", "--circuit", "mac:8", "--clock", "10ps:10us", "--points", "61")
    hyper = run("hypergrad", "--meta-iterations", str(args.meta_iterations), "--quiet")
    revnet = run("rev", "revnet", "--depths", "2,4,8,16,32,64", "--epochs", "5")
    os.makedirs(FIGURES, exist_ok=True)
    with open(os.path.join(FIGURES, "reversible_results.json"), "w") as f:
        json.dump({"energy": energy, "hypergrad": hyper, "revnet": revnet}, f, indent=1)

    fig, ax = plt.subplots(figsize=(7, 4.2))
    t = [p["period_s"] * 1e9 for p in energy["points"]]
    ax.loglog(t, [p["conventional_j"] * 1e15 for p in energy["points"]], label="conventional CMOS")
    ax.loglog(t, [p["adiabatic_j"] * 1e15 for p in energy["points"]], label="adiabatic, Bennett-compiled")
    ax.loglog(t, [p["conventional_floor_j"] * 1e15 for p in energy["points"]], "--", label="Landauer floor, conventional")
    ax.loglog(t, [p["adiabatic_floor_j"] * 1e15 for p in energy["points"]], ":", label="Landauer floor, reversible")
    for c in energy["crossovers_s"]:
        ax.axvline(c * 1e9, color="grey", lw=0.8)
    ax.axvline(energy["node"]["optimal_ramp_s"] * 1e9, color="green", lw=0.8, ls="-.", label="node T*")
    ax.set_xlabel("clock period (ns)")
    ax.set_ylabel("energy per 8-bit MAC (fJ)")
    ax.legend(fontsize=8)
    ax.set_title("8-bit MAC: conventional vs adiabatic (adiabatic-cmos table)")
    fig.tight_layout()
    fig.savefig(os.path.join(FIGURES, "rev_energy_mac8.png"), dpi=120)

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    for name, series in hyper["learned_schedule"].items():
        if name.startswith("W"):
            a1.plot(series, label=f"{name} (weights)")
    a1.axhline(list(hyper["initial_schedule"].values())[0][0], color="grey", ls="--", lw=0.8, label="initial")
    a1.set_xlabel("SGD iteration")
    a1.set_ylabel("learning rate")
    a1.set_title("learned schedule per layer")
    a1.legend(fontsize=8)
    a2.plot([m["validation_loss"] for m in hyper["meta"]])
    a2.set_xlabel("meta-iteration")
    a2.set_ylabel("validation loss after training")
    a2.set_title("hypergradient descent on the schedule")
    fig.tight_layout()
    fig.savefig(os.path.join(FIGURES, "hypergrad_schedule.png"), dpi=120)

    fig, ax = plt.subplots(figsize=(6, 4))
    depth = [r["blocks"] for r in revnet["rows"]]
    ax.plot(depth, [r["peak_activation_bytes_revnet"] / 1e3 for r in revnet["rows"]], "o-", label="RevNet (reconstruct)")
    ax.plot(depth, [r["peak_activation_bytes_stored"] / 1e3 for r in revnet["rows"]], "s-", label="stored activations")
    ax.set_xlabel("coupling blocks")
    ax.set_ylabel("peak activation memory (kB)")
    ax.set_title("activation memory against depth (batch 64)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(FIGURES, "revnet_memory.png"), dpi=120)
    print(json.dumps({"crossovers_s": energy["crossovers_s"], "exact_reversal": hyper["exact_reversal"],
                      "buffer_growth": hyper["buffer_growth_per_parameter_step"],
                      "reverse_over_forward": hyper["reverse_over_forward"],
                      "val_loss": [hyper["initial_validation_loss"], hyper["learned_validation_loss"]],
                      "test_acc": [hyper["initial_test_accuracy"], hyper["learned_test_accuracy"]]}, indent=1))


if __name__ == "__main__":
    sys.exit(main())
