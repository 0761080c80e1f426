#!/usr/bin/python3
"""The sparse-training and mixture-of-experts targets of docs/sparse.md, on Fashion-MNIST.

Sparse (LeNet-300-100, SGD with Nesterov momentum 0.9, lr 0.1, weight decay 5e-4, batch 100 —
sparse_learning's defaults — for --sparse-epochs epochs):
  sparse momentum, SET, RigL and a static random topology at 5 % density, and the same network
  dense (density 1, the same optimizer and kernel): is sparse momentum within 1 point of dense?
  Is RigL at least SET?
Mixture of experts (input 784 -> 64, one MoE layer of 128-wide experts, Adam 1e-3, batch 128,
--moe-epochs epochs):
  Switch top-1 over 8 experts against one expert (the dense residual MLP with the same active
  MACs); noisy top-2 over 8 experts against one expert twice as wide (the same active MACs).

Each configuration is one `landauer compare --seeds N` run (seeds S .. S+N-1, each its own data
order and initialisation); the table gives mean ± sd over the seeds.

    /usr/bin/python3 bench/sparse_reproduction.py [--seeds 5] [--sparse-epochs 20]
        [--moe-epochs 10] [--threads 2] [--out FILE]
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SPARSE = [
    ("sparse momentum 5 %", ["algorithm=sparse-momentum", "density=0.05"]),
    ("RigL 5 % (ERK)", ["algorithm=rigl", "density=0.05"]),
    ("SET 5 %", ["algorithm=set", "density=0.05"]),
    ("static 5 %", ["algorithm=static", "density=0.05"]),
    ("dense (density 1)", ["algorithm=static", "density=1"]),
]
MOE = [
    ("Switch top-1, 8 experts", ["experts=8", "top_k=1", "gating=switch"]),
    ("1 expert (dense, same active MACs)", ["experts=1", "top_k=1", "gating=switch"]),
    ("noisy top-2, 8 experts", ["experts=8", "top_k=2", "gating=noisy-top-k"]),
    ("1 expert of 256 (dense, same active MACs)", ["experts=1", "top_k=1", "gating=switch",
                                                    "expert_hidden=256"]),
]


def run(method, params, epochs, extra, seeds, seed, threads):
    out = os.path.join(ROOT, "build", "bench-sparse-reproduction")
    command = [os.path.join(ROOT, "build/bin/landauer"), "compare", "--data", "fashion-mnist", "--methods", method,
               "--epochs", str(epochs), "--seeds", str(seeds), "--seed", str(seed), "--threads", str(threads),
               "--out", out, "--json"] + extra
    for p in params:
        command += ["--param", f"{method}.{p}"]
    start = time.time()
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    rows = []
    for row in result["results"]:
        s = row["seeds"] or {}
        rows.append({"variant": row["variant"],
                     "accuracy_mean": s.get("accuracy_mean", row["accuracy"]),
                     "accuracy_sd": s.get("accuracy_sd", 0.0),
                     "j_per_inference_mean": s.get("j_per_inference_mean", row["inference_j_per_sample"]),
                     "train_j": row["train_j_total"], "metrics": row["metrics"]})
    return rows, time.time() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sparse-epochs", type=int, default=20)
    parser.add_argument("--moe-epochs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", help="run the configurations whose name contains this")
    parser.add_argument("--out", help="write the results as JSON here")
    args = parser.parse_args()
    results = {"seeds": args.seeds, "sparse_epochs": args.sparse_epochs, "moe_epochs": args.moe_epochs,
               "threads": args.threads, "sparse": {}, "moe": {}}
    for name, params in SPARSE:
        if args.only and args.only not in name:
            continue
        rows, seconds = run("sparse-mlp", params, args.sparse_epochs, ["--hidden", "300-100"], args.seeds,
                            args.seed, args.threads)
        results["sparse"][name] = rows
        csr = next(r for r in rows if r["variant"] == "csr")
        print(f"{name:45s} {100 * csr['accuracy_mean']:6.2f} ± {100 * csr['accuracy_sd']:.2f} %  "
              f"{csr['j_per_inference_mean'] * 1e9:8.1f} nJ/inference (csr)  train {csr['train_j']:.3g} J  "
              f"[{seconds:.0f} s]", flush=True)
    for name, params in MOE:
        if args.only and args.only not in name:
            continue
        rows, seconds = run("moe-mlp", params, args.moe_epochs, [], args.seeds, args.seed, args.threads)
        results["moe"][name] = rows
        r = rows[0]
        m = r["metrics"]
        print(f"{name:45s} {100 * r['accuracy_mean']:6.2f} ± {100 * r['accuracy_sd']:.2f} %  "
              f"{r['j_per_inference_mean'] * 1e9:8.1f} nJ/inference  active MACs {m['active_macs_per_inference']:.0f}"
              f"  dropped {100 * m['dropped_fraction']:.1f} %  [{seconds:.0f} s]", flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
