#!/usr/bin/python3
"""Side-by-side surrogate-gradient training: landauer's `snn train` against the same network and
surrogate written in PyTorch the way snnTorch runs it (its Leaky neuron and fast-sigmoid
surrogate, written out here in plain PyTorch: snnTorch is not a Debian package), in one run.

The network is the 784-800-10 LIF MLP of snnTorch's tutorial 5 on Fashion-MNIST (pixels / 255):
beta 0.95, threshold 1, reset by subtraction one step later and detached, T = 25 steps of the
image held as the input current, fast sigmoid with slope 25, the membrane loss (cross-entropy of
the output membrane at every step, averaged), Adam lr 5e-4, batch 128. Two PyTorch loops:
  tutorial     fc1(x) inside the time loop, as the tutorial writes it (T products per batch);
  hoisted      fc1(x) computed once per batch, the same identity landauer uses.
Same threads on both sides; only the training loop is timed (one epoch each, after a warm-up of
20 batches for PyTorch).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/snn_vs_torch.py \
        --threads 2 [--seeds 5 --epochs 10] [--out FILE]

--seeds/--epochs also train landauer to convergence for the accuracy figure (docs/spiking.md).
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np
from bench_io import write_json
import torch
from fashion_mnist import load_standardised

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANDAUER = os.path.join(ROOT, "build", "bin", "landauer")


class FastSigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u, slope):
        ctx.save_for_backward(u)
        ctx.slope = slope
        return (u > 0).float()

    @staticmethod
    def backward(ctx, grad):
        (u,) = ctx.saved_tensors
        return grad / (1.0 + ctx.slope * u.abs()) ** 2, None


class Net(torch.nn.Module):
    def __init__(self, steps, hoisted, beta=0.95, threshold=1.0, slope=25.0):
        super().__init__()
        self.fc1 = torch.nn.Linear(784, 800)
        self.fc2 = torch.nn.Linear(800, 10)
        self.steps, self.hoisted = steps, hoisted
        self.beta, self.threshold, self.slope = beta, threshold, slope

    def leaky(self, current, mem):
        # snnTorch Leaky, reset by subtraction: reset from the previous membrane, detached.
        reset = (mem - self.threshold > 0).float().detach()
        mem = self.beta * mem + current - reset * self.threshold
        spk = FastSigmoid.apply(mem - self.threshold, self.slope)
        return spk, mem

    def forward(self, x):
        mem1 = torch.zeros(x.shape[0], 800)
        mem2 = torch.zeros(x.shape[0], 10)
        mems = []
        cur1_held = self.fc1(x) if self.hoisted else None
        for _ in range(self.steps):
            cur1 = cur1_held if self.hoisted else self.fc1(x)
            spk1, mem1 = self.leaky(cur1, mem1)
            spk2, mem2 = self.leaky(self.fc2(spk1), mem2)
            mems.append(mem2)
        return torch.stack(mems)


def torch_epoch(x, y, hoisted, steps, batch, seed):
    torch.manual_seed(seed)
    net = Net(steps, hoisted)
    opt = torch.optim.Adam(net.parameters(), lr=5e-4)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.randperm(x.shape[0])

    def step(idx):
        mems = net(x[idx])
        loss = sum(loss_fn(m, y[idx]) for m in mems) / steps
        opt.zero_grad()
        loss.backward()
        opt.step()

    for b in range(20):  # warm-up
        step(order[b * batch:(b + 1) * batch])
    start = time.perf_counter()
    for b in range(0, x.shape[0], batch):
        step(order[b:b + batch])
    return time.perf_counter() - start


def landauer(args, seed, epochs):
    text = subprocess.run([LANDAUER, "snn", "train", "--epochs", str(epochs), "--threads",
                           str(args.threads), "--seed", str(seed), "--hardware", "cmos-45nm",
                           "--scope", "core", "--json"], check=True, capture_output=True,
                          text=True).stdout
    return json.loads(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seeds", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    if not os.path.exists(LANDAUER):
        sys.exit(f"{LANDAUER} is missing: build the release preset first")
    torch.set_num_threads(args.threads)
    xs, ys, _, _ = load_standardised()
    # Pixels / 255 again: the standardised data's global min and max map back to 0 and 1.
    x = torch.from_numpy((xs - xs.min()) / (xs.max() - xs.min())).float()
    y = torch.from_numpy(ys).long()
    report = {"machine": platform.processor() or platform.machine(), "threads": args.threads,
              "torch": torch.__version__}
    ours = landauer(args, 1, 1)
    report["landauer_epoch_s"] = ours["train_seconds"]
    for hoisted in (False, True):
        name = "torch_hoisted_epoch_s" if hoisted else "torch_tutorial_epoch_s"
        report[name] = torch_epoch(x, y, hoisted, 25, 128, 1)
    print(f"one epoch of training, {args.threads} threads: landauer {report['landauer_epoch_s']:.1f} s, "
          f"PyTorch as the tutorial writes it {report['torch_tutorial_epoch_s']:.1f} s "
          f"({report['torch_tutorial_epoch_s'] / report['landauer_epoch_s']:.1f}x), "
          f"PyTorch with fc1 hoisted {report['torch_hoisted_epoch_s']:.1f} s "
          f"({report['torch_hoisted_epoch_s'] / report['landauer_epoch_s']:.1f}x)")
    if args.seeds:
        runs = [landauer(args, s, args.epochs) for s in range(1, args.seeds + 1)]
        acc = np.array([r["test_accuracy"] for r in runs]) * 100
        report["accuracy"] = {"epochs": args.epochs, "per_seed": acc.tolist(),
                              "mean": float(acc.mean()), "sd": float(acc.std(ddof=1)) if len(acc) > 1 else 0.0,
                              "spikes_per_sample": [r["spikes_per_sample"] for r in runs],
                              "synaptic_events_per_sample": [r["synaptic_events_per_sample"] for r in runs]}
        print(f"landauer test accuracy after {args.epochs} epochs, {args.seeds} seeds: "
              f"{acc.mean():.2f} ± {report['accuracy']['sd']:.2f} %")
    if args.out:
        write_json(args.out, report)


if __name__ == "__main__":
    main()
