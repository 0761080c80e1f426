#!/usr/bin/python3
"""An independent check of ID-level one-shot accuracy on Fashion-MNIST, in numpy.

docs/hdc.md reports about 70 % one-shot accuracy for ID-level records at D = 10,048, below the
75-78 % the issue quotes from the literature (tagged unverified in the research notes). This
script writes the same pipeline again without any landauer code, so the shortfall can be judged:
random +-1 item vectors, a level memory that flips a fresh D/(2(L-1)) dimensions per level,
records sum_i ID_i * level(x_i), and centroid classification by cosine. It reports one-shot
accuracy for
  binary records    sign of the sum (BSC, as landauer's default vsa=bsc)
  integer records   the sum itself (MAP, as vsa=map)
each with and without subtracting the mean record from the class accumulators (centering, a
variant the literature does not use; shown to rule out a common-mode effect).

    /usr/bin/python3 bench/hdc_oneshot_numpy.py --train 20000 --test 4000 --dimension 2048

Records are computed as one matrix product per level (memory: train x dimension floats). Pixels
are quantised over [0, 1] (pixel / 255), as torchhd's MNIST example does; landauer takes each
feature's range from the training split.
"""
import argparse
import gzip
import os

import numpy as np


def read_idx(path, offset):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--train", type=int, default=20000)
    p.add_argument("--test", type=int, default=4000)
    p.add_argument("--dimension", type=int, default=2048)
    p.add_argument("--levels", type=int, default=16)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if a.dimension < 2 * (a.levels - 1) or a.levels < 2:
        p.error(f"--levels {a.levels} with --dimension {a.dimension}: need 2 <= levels and "
                f"dimension >= 2 (levels - 1)")
    images = lambda name: read_idx(os.path.join(a.data, name), 16).reshape(-1, 784) / 255.0
    labels = lambda name: read_idx(os.path.join(a.data, name), 8).astype(int)
    xtr, ytr = images("train-images-idx3-ubyte.gz")[:a.train], labels("train-labels-idx1-ubyte.gz")[:a.train]
    xte, yte = images("t10k-images-idx3-ubyte.gz")[:a.test], labels("t10k-labels-idx1-ubyte.gz")[:a.test]
    d, L = a.dimension, a.levels
    rng = np.random.default_rng(a.seed)
    ids = rng.choice([-1.0, 1.0], size=(784, d)).astype(np.float32)
    level = np.empty((L, d), np.float32)
    level[0] = rng.choice([-1.0, 1.0], d)
    order, flips = rng.permutation(d), d // (2 * (L - 1))
    for i in range(1, L):
        level[i] = level[i - 1]
        level[i, order[(i - 1) * flips:i * flips]] *= -1

    def encode(x):
        q = np.clip(np.rint(x * (L - 1)), 0, L - 1).astype(int)
        out = np.zeros((x.shape[0], d), np.float32)
        for l in range(L):
            out += ((q == l).astype(np.float32) @ ids) * level[l]
        return out

    rtr, rte = encode(xtr), encode(xte)

    def one_shot(tr, te, center):
        acc = np.stack([tr[ytr == c].sum(0) for c in range(10)])
        if center:
            acc = acc - np.outer(np.bincount(ytr, minlength=10), tr.mean(0))
        acc /= np.linalg.norm(acc, axis=1, keepdims=True)
        return float(((te @ acc.T).argmax(1) == yte).mean())

    btr, bte = np.where(rtr > 0, 1.0, -1.0), np.where(rte > 0, 1.0, -1.0)
    print(f"Fashion-MNIST {a.train} train / {a.test} test, D = {d}, {L} levels, seed {a.seed}")
    for name, tr, te in (("binary records (BSC)", btr, bte), ("integer records (MAP)", rtr, rte)):
        print(f"  {name:22s} one-shot {100 * one_shot(tr, te, False):.2f} %"
              f"   centered {100 * one_shot(tr, te, True):.2f} %")


if __name__ == "__main__":
    main()
