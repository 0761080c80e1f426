#!/usr/bin/python3
"""Side-by-side HDC benchmark: landauer's packed binary pipeline against the same pipeline in
PyTorch, in one run.

The pipeline: ID-level encoding of Fashion-MNIST (D dimensions, L levels, per-feature ranges from
the training split), one-shot centroid training, perceptron retraining (AdaptHD), and a query of
the test split. The PyTorch peers follow torchhd's approach (its source need not be installed):

  torch-map-float   MAP: ±1 float32 tensors, bind = product, bundle = sum + hard_quantize, cosine
                    search against float class vectors (torchhd's MNIST example and Centroid)
  torch-bsc-bool    BSC: one bool per element (torchhd's BSCTensor), bind = XOR, bundle =
                    majority of the summed bits, Hamming search against binarised class vectors

Each peer is compared with the landauer run that searches the same class memory (integer: cosine
against the accumulators; binary: Hamming), so the packed-bits gain and the float-to-binary
gain are reported apart.

Both peers retrain in mini-batches (torchhd's add_adapt works on a batch); landauer retrains
sample by sample. Level vectors follow torchhd's functional.level (a random threshold per
dimension between two random vectors); landauer's flip a fixed D/(2(L-1)) per level. The
accuracies are therefore close, not equal; the timed work is the same. Each side is timed from
data in memory to predictions, with the same thread count.

    /usr/bin/python3 bench/hdc_vs_torch.py --train 5000 --test 1000 --dimension 10048 \
        --threads 2 [--out FILE]

OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE should be unset in the command that runs this (they pin
OpenBLAS to slower kernels); the script unsets them for the landauer run it starts. Needs the
release build (build/bin/landauer) and Debian's python3-torch (./scripts/setup.sh --bench).
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mlp_vs_pytorch import DATA, ROOT, read_idx  # noqa: E402  (one loader for both benchmarks)


def load(n_train, n_test):
    x = read_idx(f"{DATA}/train-images-idx3-ubyte.gz").reshape(-1, 784)[:n_train].astype(np.float32)
    y = read_idx(f"{DATA}/train-labels-idx1-ubyte.gz")[:n_train].astype(np.int64)
    xt = read_idx(f"{DATA}/t10k-images-idx3-ubyte.gz").reshape(-1, 784)[:n_test].astype(np.float32)
    yt = read_idx(f"{DATA}/t10k-labels-idx1-ubyte.gz")[:n_test].astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(xt), torch.from_numpy(yt)


def levels_torchhd(n_levels, d, gen):
    """torchhd functional.level with randomness 0: where(tau < 1 - i/(L-1), A, B)."""
    a = torch.where(torch.rand(d, generator=gen) < 0.5, -1.0, 1.0)
    b = torch.where(torch.rand(d, generator=gen) < 0.5, -1.0, 1.0)
    tau = torch.rand(d, generator=gen)
    t = 1.0 - torch.arange(n_levels, dtype=torch.float32) / (n_levels - 1)
    return torch.where(tau[None, :] < t[:, None], a[None, :], b[None, :])


def index(x, lo, hi, n_levels):
    span = torch.where(hi > lo, hi - lo, torch.ones_like(hi))
    return torch.clamp(torch.round((x - lo) / span * (n_levels - 1)), 0, n_levels - 1).long()


def run_torch(kind, data, args):
    x, y, xt, yt = data
    gen = torch.Generator().manual_seed(0)
    d, n, c = args.dimension, x.shape[1], 10
    ids = torch.where(torch.rand(n, d, generator=gen) < 0.5, -1.0, 1.0)
    levels = levels_torchhd(args.levels, d, gen)
    lo, hi = x.min(0).values, x.max(0).values
    if kind == "torch-bsc-bool":
        ids_b, levels_b = ids < 0, levels < 0  # bit 1 = -1

    def encode(xs):
        out = []
        for start in range(0, xs.shape[0], args.batch):
            q = index(xs[start:start + args.batch], lo, hi, args.levels)
            if kind == "torch-map-float":
                s = (ids[None, :, :] * levels[q]).sum(1)
                out.append(torch.where(s > 0, 1.0, -1.0))  # hard_quantize: ties to -1
            else:
                bits = torch.logical_xor(ids_b[None, :, :], levels_b[q])
                # majority; n = 784 is even, and a tie goes to bit 1 (-1), as the MAP peer's
                # hard_quantize does
                out.append(bits.sum(1, dtype=torch.int32) * 2 >= n)
        return torch.cat(out)

    def predict(h, w):
        if kind == "torch-map-float":
            wn = w / w.norm(dim=1, keepdim=True).clamp_min(1e-12)
            return (h @ wn.T).argmax(1)
        cls = w < 0  # binarised class vectors (bit 1 = -1)
        return torch.stack([(h ^ cls[k][None, :]).sum(1) for k in range(c)], 1).argmin(1)

    start = time.perf_counter()
    h, ht = encode(x), encode(xt)
    hb = torch.where(h, -1.0, 1.0) if kind == "torch-bsc-bool" else h
    w = torch.zeros(c, d).index_add_(0, y, hb)
    one_shot = (predict(ht, w) == yt).float().mean().item()
    for _ in range(args.epochs):
        for s in range(0, x.shape[0], args.batch):
            hs, ys = h[s:s + args.batch], y[s:s + args.batch]
            hsb = hb[s:s + args.batch]
            p = predict(hs, w)
            wrong = p != ys
            w.index_add_(0, ys[wrong], hsb[wrong])
            w.index_add_(0, p[wrong], -hsb[wrong])
    accuracy = (predict(ht, w) == yt).float().mean().item()
    return {"seconds": time.perf_counter() - start, "one_shot": one_shot, "retrained": accuracy}


def run_landauer(args, memory):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    command = [os.path.join(ROOT, "build/bin/landauer"), "hdc", "train", "--data", "fashion-mnist",
               "--max-train", str(args.train), "--max-test", str(args.test), "--dimensions",
               str(args.dimension), "--levels", str(args.levels), "--retrain-epochs", str(args.epochs),
               "--class-memory", memory, "--threads", str(args.threads), "--json"]
    row = json.loads(subprocess.run(command, check=True, capture_output=True, text=True,
                                    env=env).stdout)["rows"][0]
    return {"seconds": row["host_seconds"], "one_shot": row["one_shot_accuracy"],
            "retrained": row["retrained_accuracy"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=int, default=5000)
    parser.add_argument("--test", type=int, default=1000)
    parser.add_argument("--dimension", type=int, default=10048)
    parser.add_argument("--levels", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=16, help="PyTorch encoding/retraining batch")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = load(args.train, args.test)
    # Each peer against the landauer run with the same class memory: float class vectors with
    # cosine search (landauer: integer), binarised ones with Hamming search (landauer: binary).
    results = {"landauer (integer)": run_landauer(args, "integer"),
               "torch-map-float": run_torch("torch-map-float", data, args),
               "landauer (binary)": run_landauer(args, "binary"),
               "torch-bsc-bool": run_torch("torch-bsc-bool", data, args)}
    against = {"torch-map-float": "landauer (integer)", "torch-bsc-bool": "landauer (binary)"}
    print(f"HDC ID-level, Fashion-MNIST {args.train} train / {args.test} test, D = {args.dimension}, "
          f"L = {args.levels}, {args.epochs} retraining epochs, {args.threads} threads, "
          f"torch {torch.__version__}")
    print(f"{'pipeline':<22} {'seconds':>9} {'x landauer':>11} {'one-shot':>9} {'retrained':>10}")
    for name, r in results.items():
        base = results[against.get(name, name)]["seconds"]
        r["ratio"] = r["seconds"] / base
        print(f"{name:<22} {r['seconds']:9.2f} {r['ratio']:11.1f} "
              f"{100 * r['one_shot']:8.2f}% {100 * r['retrained']:9.2f}%")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"settings": vars(args), "host": platform.node(), "results": results}, f,
                      indent=2)


if __name__ == "__main__":
    main()
