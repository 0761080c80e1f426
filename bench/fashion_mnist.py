"""Fashion-MNIST for the side-by-side benchmarks, read as landauer reads it: pixels / 255, then one
global mean and standard deviation from the training set (landauer's `--data fashion-mnist`).

    from fashion_mnist import load_standardised   # the benchmarks run from bench/ as a script
    x_train, y_train, x_test, y_test = load_standardised()   # float32 and int64 numpy arrays
"""
import gzip

import numpy as np

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndims = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndims).reshape(dims)


def load_standardised():
    x_train = read_idx(f"{DATA}/train-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    y_train = read_idx(f"{DATA}/train-labels-idx1-ubyte.gz").astype(np.int64)
    x_test = read_idx(f"{DATA}/t10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    y_test = read_idx(f"{DATA}/t10k-labels-idx1-ubyte.gz").astype(np.int64)
    mean, std = x_train.mean(dtype=np.float64), x_train.std(dtype=np.float64)
    return (x_train - mean) / std, y_train, (x_test - mean) / std, y_test
