#!/usr/bin/python3
"""Batched exact Ornstein-Uhlenbeck stepping: landauer versus NumPy, side by side in one run.

Both step dz = -(A z - b) ds + sqrt(2) dW exactly for `chains` chains in float32:
  * landauer: OuEnsemble<float> (the spectral exact path: per-mode decay and noise in A's
    eigenbasis, then one GEMM to read every position out), via build/bin/ou_propagator_benchmark
    (the `bench` preset);
  * NumPy "same algorithm": the same spectral step and read-out in NumPy;
  * NumPy "thermox": thermox's per-step method for symmetric A (eigenbasis transition
    V e^{-Lambda h} V^-1 and eigenbasis noise), as in thermox/sampler.py, re-implemented in
    NumPy. It is not thermox itself: thermox is a JAX library, and JAX is not packaged for Debian.
Also reports the machine's sgemm ceiling (NumPy/OpenBLAS, 2048^3) and the fraction of it the
landauer step reaches.

    cmake --preset bench && cmake --build --preset bench
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/ou_vs_numpy.py \
        [--threads 2] [--out FILE]

OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE pin OpenBLAS to slower kernels on these machines: unset
them in the command, so that NumPy runs on the machine's best kernels. The script prints the
OpenBLAS core that ran (openblas_get_corename) and warns if either variable is set.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def numpy_rates(d, chains, steps, threads):
    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
    import numpy as np
    rng = np.random.default_rng(0)
    g = rng.standard_normal((d, d))
    a = g @ g.T / d + np.eye(d)
    h = 0.1
    lam, v = np.linalg.eigh(a)
    phi = (v * np.exp(-lam * h)) @ v.T
    q = (v * ((1 - np.exp(-2 * lam * h)) / lam)) @ v.T  # D = 2I: Q = A^-1 (I - e^{-2Ah})
    chol = np.linalg.cholesky(q)
    b = np.ones(d)
    mu = np.linalg.solve(a, b)
    phi32, chol32, mu32 = phi.astype(np.float32), chol.astype(np.float32), mu.astype(np.float32)[:, None]
    # Same algorithm as landauer: modes in the eigenbasis, one GEMM to read positions out.
    v32 = v.astype(np.float32)
    mode_decay = np.exp(-lam * h).astype(np.float32)[:, None]
    mode_noise = np.sqrt(-np.expm1(-2 * lam * h) / lam).astype(np.float32)[:, None]  # D = 2I
    y = np.zeros((d, chains), dtype=np.float32)
    start = time.perf_counter()
    for _ in range(steps):
        xi = rng.standard_normal((d, chains), dtype=np.float32)
        y = mode_decay * y + mode_noise * xi
        z = mu32 + v32 @ y
    same = steps / (time.perf_counter() - start)
    del phi32, chol32
    # thermox's method (exact for symmetric A): transition and noise in the eigenbasis.
    v32, vinv32 = v.astype(np.float32), v.T.astype(np.float32)
    decay = np.exp(-lam * h).astype(np.float32)[:, None]
    noise_sd = np.sqrt((1 - np.exp(-2 * lam * h)) / lam).astype(np.float32)[:, None]
    z = np.zeros((d, chains), dtype=np.float32)
    start = time.perf_counter()
    for _ in range(steps):
        xi = rng.standard_normal((d, chains), dtype=np.float32)
        z = mu32 + v32 @ (decay * (vinv32 @ (z - mu32))) + v32 @ (noise_sd * xi)
    thermox = steps / (time.perf_counter() - start)
    x, y = rng.standard_normal((2048, 2048), dtype=np.float32), rng.standard_normal((2048, 2048), dtype=np.float32)
    x @ y
    start = time.perf_counter()
    for _ in range(5):
        x @ y
    sgemm = 5 * 2 * 2048 ** 3 / (time.perf_counter() - start) / 1e9
    return same, thermox, sgemm


def landauer_rates(threads):
    binary = os.path.join(ROOT, "build/bin/ou_propagator_benchmark")
    out = subprocess.run([binary, f"--benchmark_filter=BM_OuEnsembleStepAndRead/(256/64|512/128|1024/256)/{threads}",
                          "--benchmark_min_time=0.5", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    rates = {}
    for row in json.loads(out)["benchmarks"]:
        d, chains = (int(x) for x in row["name"].split("/")[1:3])
        rates[(d, chains)] = 1e9 / row["real_time"] if row["time_unit"] == "ns" else None
    return rates


def openblas_core():
    """The OpenBLAS core NumPy's BLAS runs on, or None if it is not OpenBLAS."""
    import ctypes
    import numpy as np  # loads the BLAS
    del np
    for name in ("libopenblas.so.0", "libopenblasp-r0.3.21.so", "libblas.so.3"):
        try:
            lib = ctypes.CDLL(name)
            corename = lib.openblas_get_corename
        except (OSError, AttributeError):
            continue
        corename.restype = ctypes.c_char_p
        return corename().decode()
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out")
    args = parser.parse_args()
    pinned = [v for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if v in os.environ]
    if pinned:
        print(f"warning: {', '.join(pinned)} set: OpenBLAS runs pinned kernels; unset them "
              "(env -u ...) for the machine's best", file=sys.stderr)
    core = openblas_core()
    print(f"NumPy's OpenBLAS core: {core}", flush=True)
    ours = landauer_rates(args.threads)
    rows = []
    for (d, chains), steps in [((256, 64), 2000), ((512, 128), 500), ((1024, 256), 60)]:
        same, thermox, sgemm = numpy_rates(d, chains, steps, args.threads)
        rate = ours[(d, chains)]
        gflops = rate * 2 * d * d * chains / 1e9
        rows.append({"d": d, "chains": chains, "landauer_steps_per_s": rate, "numpy_same_steps_per_s": same,
                     "numpy_thermox_steps_per_s": thermox, "ratio_vs_numpy_same": rate / same,
                     "ratio_vs_numpy_thermox": rate / thermox, "landauer_gflops": gflops,
                     "sgemm_gflops_numpy": sgemm, "fraction_of_sgemm": gflops / sgemm})
        print(f"d={d} chains={chains}: landauer {rate:.0f} steps/s ({gflops:.0f} GFLOP/s, {100 * gflops / sgemm:.0f}% of "
              f"sgemm {sgemm:.0f}) | numpy same algorithm {same:.0f} ({rate / same:.1f}x) | numpy thermox "
              f"{thermox:.0f} ({rate / thermox:.1f}x)", flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"threads": args.threads, "openblas_core": core, "rows": rows}, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
