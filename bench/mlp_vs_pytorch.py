#!/usr/bin/python3
"""Side-by-side training benchmark: landauer versus PyTorch, in one run.

Same network (784-256-256-10, ReLU), data (Fashion-MNIST, pixels /255 then one global mean/std
from the training set), optimizer (Adam, lr 1e-3), batch size, epochs and thread count. Both
time only the training loop (data already in memory), then evaluate test accuracy.

    /usr/bin/python3 bench/mlp_vs_pytorch.py --epochs 5 --threads 2 [--repeats 2] [--out FILE]

Needs the release build (build/bin/landauer) and Debian's python3-torch
(./scripts/setup.sh --bench). Uses the system interpreter on purpose: Debian's torch and numpy
belong to /usr/bin/python3.
"""
import argparse
import json
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


def run_pytorch(data, epochs, batch, threads, seed):
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    x_train, y_train, x_test, y_test = data
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256),
                                torch.nn.ReLU(), torch.nn.Linear(256, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(seed)
    n = x_train.shape[0]
    seconds = 0.0
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        start = time.perf_counter()
        for first in range(0, n, batch):
            index = order[first:first + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[index]), y_train[index])
            loss.backward()
            optimizer.step()
        seconds += time.perf_counter() - start
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    return {"train_seconds": seconds, "samples_per_second": epochs * n / seconds, "test_accuracy": accuracy}


def run_landauer(epochs, batch, threads, seed):
    command = [os.path.join(ROOT, "build/bin/landauer"), "train", "--data", "fashion-mnist", "--model",
               "mlp:784-256-256-10", "--optimizer", "adam", "--lr", "1e-3", "--epochs", str(epochs), "--batch",
               str(batch), "--threads", str(threads), "--seed", str(seed), "--hardware", "h100", "--json"]
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return {"train_seconds": result["train_seconds"], "samples_per_second": result["train_samples_per_second"],
            "test_accuracy": result["test_accuracy"]}


def sgemm_gflops(threads):
    """The machine's float32 GEMM ceiling as PyTorch's BLAS reaches it (2048^3)."""
    torch.set_num_threads(threads)
    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    a @ b
    start = time.perf_counter()
    for _ in range(10):
        a @ b
    return 10 * 2 * 2048 ** 3 / (time.perf_counter() - start) / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args()
    data = load()
    rows = []
    for repeat in range(args.repeats):  # interleaved, so both see the same machine state
        ours = run_landauer(args.epochs, args.batch, args.threads, args.seed + repeat)
        peer = run_pytorch(data, args.epochs, args.batch, args.threads, args.seed + repeat)
        rows.append({"landauer": ours, "pytorch": peer, "throughput_ratio": ours["samples_per_second"] / peer["samples_per_second"]})
        print(f"repeat {repeat}: landauer {ours['samples_per_second']:.0f} samples/s, acc {100 * ours['test_accuracy']:.2f}% | "
              f"pytorch {peer['samples_per_second']:.0f} samples/s, acc {100 * peer['test_accuracy']:.2f}% | "
              f"ratio {rows[-1]['throughput_ratio']:.2f}x", flush=True)
    gflops = sgemm_gflops(args.threads)
    macs_per_sample = 2 * (784 * 256 + 256 * 256 + 256 * 10) + (256 * 256 + 256 * 10)  # fwd+dW, plus dX
    best = max(r["landauer"]["samples_per_second"] for r in rows)
    achieved = best * 2 * macs_per_sample / 1e9
    summary = {
        "machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(), "threads": args.threads,
        "epochs": args.epochs, "batch": args.batch, "torch": torch.__version__, "runs": rows,
        "median_ratio": float(np.median([r["throughput_ratio"] for r in rows])),
        "sgemm_gflops_torch": gflops, "landauer_training_gflops": achieved,
        "fraction_of_sgemm": achieved / gflops,
    }
    print(f"median throughput ratio landauer/pytorch: {summary['median_ratio']:.2f}x")
    print(f"sgemm ceiling (torch, 2048^3, {args.threads} threads): {gflops:.0f} GFLOP/s; "
          f"landauer training reaches {achieved:.0f} GFLOP/s = {100 * achieved / gflops:.0f}% of it")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(summary, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
