#!/usr/bin/python3
"""The MZI mesh network on Fashion-MNIST, beside digital models of the same inputs.

Runs `landauer compare --methods optical-mzi` (PCA-15 into N = 16 modes plus a reference beam,
two meshes with an electro-optic activation, every imperfection at its default) for a few seeds,
then scikit-learn's logistic regression and a 100-unit MLP on the same number of principal
components (fitted on the training set, as landauer's Pca is), so that the optics' accuracy is
read against what a digital model of the same inputs reaches.

    cmake --preset release && cmake --build --preset release
    /usr/bin/python3 bench/optical_mesh_fmnist.py [--seeds 3] [--epochs 5] [--threads 2]
        [--out FILE]
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_io import write_json  # noqa: E402

DATA = "/usr/share/datasets/fashion-mnist"


def load(kind):
    import numpy as np
    with gzip.open(os.path.join(DATA, f"{kind}-images-idx3-ubyte.gz"), "rb") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784) / 255.0
    with gzip.open(os.path.join(DATA, f"{kind}-labels-idx1-ubyte.gz"), "rb") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return images, labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--pca", type=int, default=15)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "baselines",
                                                      "optical_mesh_fmnist.json"))
    args = parser.parse_args()
    binary = os.path.join(ROOT, "build", "bin", "landauer")
    optics = []
    for seed in range(args.seeds):
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([binary, "compare", "--methods", "optical-mzi", "--epochs",
                            str(args.epochs), "--param", f"optical-mzi.pca={args.pca}", "--seed",
                            str(seed), "--threads", str(args.threads), "--out", out],
                           check=True, capture_output=True)
            with open(os.path.join(out, "results.json")) as f:
                row = json.load(f)["results"][0]
        optics.append({"seed": seed, "accuracy": row["accuracy"],
                       "inference_j_per_sample": row["inference_j_per_sample"],
                       "breakdown_j_per_sample": row["breakdown_j_per_sample"],
                       "metrics": row["metrics"]})
        print(f"optical-mzi seed {seed}: {100 * row['accuracy']:.2f} %, "
              f"{row['inference_j_per_sample'] * 1e9:.1f} nJ/inference", flush=True)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    x_train, y_train = load("train")
    x_test, y_test = load("t10k")
    pca = PCA(args.pca, random_state=0).fit(x_train)
    z_train, z_test = pca.transform(x_train), pca.transform(x_test)
    digital = {}
    digital["logistic_regression"] = LogisticRegression(max_iter=3000).fit(
        z_train, y_train).score(z_test, y_test)
    digital["mlp_100"] = MLPClassifier((100,), max_iter=100, random_state=0).fit(
        z_train, y_train).score(z_test, y_test)
    for name, accuracy in digital.items():
        print(f"{name} on PCA-{args.pca}: {100 * accuracy:.2f} %")
    write_json(args.out, {"pca": args.pca, "epochs": args.epochs, "optical_mzi": optics,
                          "digital": digital})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
