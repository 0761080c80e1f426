#!/usr/bin/python3
"""TNGD reproduction on Fashion-MNIST: the analogue of TNGD (arXiv 2405.13817) Figs. 3, 4 and 7.

The t and t_d sweeps use a noiseless device; the kappa0 sweep (at t = 1 tau) shows the noise.

Runs `landauer train` for Adam, exact NGD and TNGD (all with Adam as the base step: the TNGD-Adam
hybrid, eta = 1e-3, lambda = 0.01) on the first 10,000 training images (as the paper's MNIST runs
used 10,000), batch 64, and writes loss curves against iteration and against modelled time, plus
the kappa0 and t_d sweeps, to docs/figures/. Takes ~15 minutes on 2 cores.

    /usr/bin/python3 bench/tngd_reproduction.py [--epochs 2] [--max-train 10000]
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIGURES = os.path.join(ROOT, "docs", "figures")


def train(name, extra, args):
    command = [os.path.join(ROOT, "build/bin/landauer"), "train", "--data", "fashion-mnist", "--max-train",
               str(args.max_train), "--epochs", str(args.epochs), "--batch", "64", "--lr", "1e-3", "--seed", "0",
               "--threads", "2", "--scope", "system", "--json"] + extra
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    print(f"{name:>22}: test accuracy {100 * result['test_accuracy']:.2f} %, final epoch loss "
          f"{result['epoch_stats'][-1]['loss']:.4f}, modelled {1e3 * result['modelled_time']['train_s_per_step']:.3f} ms/step, "
          f"{result['energy']['train_j_total'] / len(result['loss_per_step']):.3e} J/step, wall {result['train_seconds']:.0f} s",
          flush=True)
    return result


def smooth(values, width=20):
    out, total = [], 0.0
    for i, v in enumerate(values):
        total += v
        if i >= width:
            total -= values[i - width]
        out.append(total / min(i + 1, width))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--max-train", type=int, default=10000)
    args = parser.parse_args()
    # The t and t_d sweeps run a noiseless device (kappa0 = 0); noise is swept on its own below.
    tngd = ["--optimizer", "tngd", "--base-optimizer", "adam", "--damping", "0.01", "--kappa0", "0"]
    runs = {"Adam": train("Adam", ["--optimizer", "adam"], args),
            "exact NGD": train("exact NGD", ["--optimizer", "ngd", "--base-optimizer", "adam", "--damping", "0.01"], args)}
    for t in [5, 10, 20, 50]:
        runs[f"TNGD t={t}τ"] = train(f"TNGD t={t}", tngd + ["--analog-time", str(t)], args)
    kappa = {k: train(f"TNGD t=1 kappa0={k}", ["--optimizer", "tngd", "--base-optimizer", "adam", "--damping", "0.01",
                                                "--analog-time", "1", "--kappa0", str(k)], args) for k in [0.1, 0.01, 0.001, 0]}
    delay = {d: train(f"TNGD t=5 t_d={d}", tngd + ["--analog-time", "5", "--delay", str(d)], args) for d in [0, 0.2, 1]}

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    os.makedirs(FIGURES, exist_ok=True)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.2))
    for name, r in runs.items():
        losses = smooth(r["loss_per_step"])
        ax1.plot(range(1, len(losses) + 1), losses, label=name)
        per_step = r["modelled_time"]["train_s_per_step"]
        ax2.plot([per_step * (i + 1) for i in range(len(losses))], losses, label=name)
    ax1.set(xlabel="iteration", ylabel="training loss (20-step moving average)", yscale="log",
            title="Fashion-MNIST, 784-256-256-10, b = 64")
    ax2.set(xlabel="modelled time (s): peak-rate digital + link + analog", ylabel="training loss", xscale="log",
            yscale="log", title="Against the App. C time model")
    ax1.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(FIGURES, "tngd_loss.png"), dpi=110)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.2))
    for k, r in kappa.items():
        ax1.plot(smooth(r["loss_per_step"]), label=f"κ₀ = {k}")
    ax1.set(xlabel="iteration", ylabel="training loss", yscale="log", title="Noise sweep, t = 1τ (cf. Fig. 7)")
    ax1.legend(fontsize=8)
    for d, r in delay.items():
        ax2.plot(smooth(r["loss_per_step"]), label=f"t_d = {d}τ")
    ax2.set(xlabel="iteration", ylabel="training loss", yscale="log", title="Delay sweep, t = 5τ (cf. Fig. 4b)")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(FIGURES, "tngd_sweeps.png"), dpi=110)

    def summary(r):
        return {"test_accuracy": r["test_accuracy"], "final_epoch_loss": r["epoch_stats"][-1]["loss"],
                "modelled_time": r["modelled_time"], "train_j_total": r["energy"]["train_j_total"],
                "train_seconds_wall": r["train_seconds"], "steps": len(r["loss_per_step"]),
                "link_share_of_energy": r["energy"]["breakdown_j"].get("link", 0.0) / r["energy"]["train_j_total"]}
    with open(os.path.join(FIGURES, "tngd_results.json"), "w") as f:
        json.dump({"settings": {"epochs": args.epochs, "max_train": args.max_train, "batch": 64, "lr": 1e-3,
                                "damping": 0.01, "base_optimizer": "adam"},
                   "runs": {k: summary(r) for k, r in runs.items()},
                   "kappa0_sweep_t1": {str(k): summary(r) for k, r in kappa.items()},
                   "delay_sweep_t5": {str(d): summary(r) for d, r in delay.items()}}, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
