#!/usr/bin/python3
"""Side-by-side sparse-training benchmark: landauer's truly sparse kernels versus dense masked
tensors in PyTorch (sparse_learning's approach), in one run.

Both train LeNet-300-100 (784-300-100-10, ReLU) on Fashion-MNIST (pixels /255, one global
mean/std) with sparse momentum at the same density: SGD with Nesterov momentum 0.9, lr 0.1,
weight decay 5e-4 on every parameter, batch 100 (sparse_learning's mnist_cifar/main.py
defaults); prune rate 0.5 decayed by a cosine to 0.005; at the end of every epoch but the last,
prune each layer's smallest weights, redistribute the regrowth by mean |momentum| and regrow at
the largest |momentum|. The PyTorch side is written here from Dettmers & Zettlemoyer (2019),
Alg. 1, the way sparse_learning runs it: dense weights, gradients and momentum, a 0/1 mask
multiplied into the weights after every step. Same threads; only the training loop is timed.

    /usr/bin/python3 bench/sparse_vs_torch.py --epochs 5 --threads 2 [--density 0.05]
        [--repeats 2] [--out FILE]

Run it on the machine's best OpenBLAS kernels (both sides use them through Eigen/PyTorch):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/sparse_vs_torch.py ...
Needs the release build (build/bin/landauer) and Debian's python3-torch.
"""
import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time

import numpy as np
import torch
from fashion_mnist import load_standardised

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load():
    return tuple(torch.from_numpy(a) for a in load_standardised())


class MaskedSparseMomentum:
    """Sparse momentum on dense masked tensors: what sparse_learning's Masking does."""

    def __init__(self, weights, optimizer, density, prune_rate, total_steps, generator):
        self.weights, self.optimizer = weights, optimizer
        self.masks = [(torch.rand(w.shape, generator=generator) < density).float() for w in weights]
        self.prune_rate, self.total_steps, self.steps = prune_rate, total_steps, 0
        self.apply_mask()

    def apply_mask(self):
        with torch.no_grad():
            for w, m in zip(self.weights, self.masks):
                w.mul_(m)

    def rate(self):  # CosineDecay(prune_rate, T_max = total steps, eta_min = 0.005)
        return 0.005 + (self.prune_rate - 0.005) * (1 + math.cos(math.pi * self.steps / self.total_steps)) / 2

    def step(self):
        self.optimizer.step()
        self.apply_mask()
        self.steps += 1

    def momentum(self, w):
        return self.optimizer.state[w]["momentum_buffer"]

    @torch.no_grad()
    def update(self):
        rate = self.rate()
        shares = [self.momentum(w)[m.bool()].abs().mean().item() for w, m in zip(self.weights, self.masks)]
        total_share = sum(shares)
        removed = []
        for w, m in zip(self.weights, self.masks):
            active = int(m.sum().item())
            n = math.ceil(rate * active)
            score = torch.where(m.bool(), w.abs(), torch.full_like(w, float("inf")))
            idx = torch.topk(score.flatten(), n, largest=False).indices
            m.view(-1)[idx] = 0.0
            removed.append(n)
        total = sum(removed)
        for w, m, share in zip(self.weights, self.masks, shares):
            grow = min(int(round(total * share / total_share)), int((m == 0).sum().item()))
            score = torch.where(m.bool(), torch.full_like(w, -1.0), self.momentum(w).abs())
            idx = torch.topk(score.flatten(), grow).indices
            m.view(-1)[idx] = 1.0  # a just-pruned weight regrown keeps its value; a new one is 0
        self.apply_mask()


def run_pytorch(data, epochs, density, threads, seed, batch=100):
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    x_train, y_train, x_test, y_test = data
    model = torch.nn.Sequential(torch.nn.Linear(784, 300), torch.nn.ReLU(), torch.nn.Linear(300, 100),
                                torch.nn.ReLU(), torch.nn.Linear(100, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    generator = torch.Generator().manual_seed(seed)
    n = x_train.shape[0]
    steps_per_epoch = (n + batch - 1) // batch
    weights = [model[0].weight, model[2].weight, model[4].weight]
    masking = MaskedSparseMomentum(weights, optimizer, density, 0.5, steps_per_epoch * epochs, generator)
    loss_fn = torch.nn.CrossEntropyLoss()
    seconds = 0.0
    for epoch in range(epochs):
        order = torch.randperm(n, generator=generator)
        start = time.perf_counter()
        for first in range(0, n, batch):
            index = order[first:first + batch]
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(x_train[index]), y_train[index]).backward()
            masking.step()
        if epoch + 1 < epochs:
            masking.update()
        seconds += time.perf_counter() - start
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    kept = sum(int(m.sum().item()) for m in masking.masks) / sum(m.numel() for m in masking.masks)
    return {"train_seconds": seconds, "samples_per_second": epochs * n / seconds, "test_accuracy": accuracy,
            "density": kept}


def run_landauer(epochs, density, threads, seed):
    command = [os.path.join(ROOT, "build/bin/landauer"), "compare", "--data", "fashion-mnist", "--methods",
               "sparse-mlp", "--hidden", "300-100", "--param", f"sparse-mlp.density={density}", "--epochs",
               str(epochs), "--threads", str(threads), "--seed", str(seed), "--out",
               os.path.join(ROOT, "build", "bench-sparse-compare"), "--json"]
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    row = next(r for r in result["results"] if r["variant"] == "csr")
    seconds = row["train_seconds"]
    return {"train_seconds": seconds, "samples_per_second": epochs * result["workload"]["train_samples"] / seconds,
            "test_accuracy": row["accuracy"], "density": row["metrics"]["density"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--density", type=float, default=0.05)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args()
    data = load()
    rows = []
    for repeat in range(args.repeats):  # interleaved, so both see the same machine state
        ours = run_landauer(args.epochs, args.density, args.threads, args.seed + repeat)
        peer = run_pytorch(data, args.epochs, args.density, args.threads, args.seed + repeat)
        rows.append({"landauer": ours, "pytorch_masked": peer,
                     "speedup": ours["samples_per_second"] / peer["samples_per_second"]})
        print(f"repeat {repeat}: landauer {ours['train_seconds']:.2f} s, acc {100 * ours['test_accuracy']:.2f}% | "
              f"pytorch masked {peer['train_seconds']:.2f} s, acc {100 * peer['test_accuracy']:.2f}% | "
              f"speed-up {rows[-1]['speedup']:.2f}x", flush=True)
    summary = {"machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
               "threads": args.threads, "epochs": args.epochs, "density": args.density, "torch": torch.__version__,
               "openblas_env": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
               "runs": rows, "median_speedup": float(np.median([r["speedup"] for r in rows]))}
    print(f"median training speed-up, truly sparse over dense masked: {summary['median_speedup']:.2f}x")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(summary, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
