#!/usr/bin/python3
"""The optics' kernels: landauer versus PyTorch (Debian's 1.13), side by side in one run.

  * Mesh forward + backward: light through a Clements mesh of N modes (N(N-1)/2 MZIs, T(theta,
    phi) of Clements Eq. 1, and the output phase screen) for a batch of 1024 samples, then the
    gradient of a real loss by every phase. landauer: Propagate + Backpropagate
    (optical/mesh_propagation.h, the adjoint pass that recovers each MZI's input by M^-1) via
    build/bin/optical_benchmark. PyTorch: the column-vectorised mesh that torchonn and neurophox
    use (each column's MZIs applied at once by indexing the mode pairs), backward by autograd.
    torchonn itself needs TensorFlow and pyutils, which Debian does not package, so this is a
    faithful re-implementation of its approach, named as such.
  * Free-space propagation: one band-limited angular-spectrum step of a 200 x 200 field,
    zero-padded to 400 x 400 (two FFTs and the transfer function). landauer: FFTW 3
    (optical/angular_spectrum.h); PyTorch: torch.fft.fft2/ifft2 on the same padded field.
Both sides in complex128 (landauer's precision), and PyTorch in complex64 too, at the same thread
counts. Ratios are landauer's rate over PyTorch's.

    cmake --preset bench && cmake --build --preset bench --target optical_benchmark
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/optical_vs_torch.py \
        [--threads 1,2] [--out FILE]
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_io import warn_pinned_openblas, write_json  # noqa: E402


def clements_columns(n):
    """The MZIs of a Clements mesh by column: column c holds the pairs (m, m+1) with m = c mod 2,
    c mod 2 + 2, ... (N columns)."""
    return [list(range(c % 2, n - 1, 2)) for c in range(n)]


def torch_mesh_rate(n, batch, threads, dtype, repeats):
    import torch
    torch.set_num_threads(threads)
    real = torch.float64 if dtype == torch.complex128 else torch.float32
    gen = torch.Generator().manual_seed(0)
    columns = clements_columns(n)
    thetas = [torch.rand(len(c), generator=gen, dtype=real, requires_grad=True) for c in columns]
    phis = [torch.rand(len(c), generator=gen, dtype=real, requires_grad=True) for c in columns]
    alpha = torch.rand(n, generator=gen, dtype=real, requires_grad=True)
    tops = [torch.tensor(c) for c in columns]
    x0 = torch.randn(n, batch, generator=gen, dtype=dtype)
    target = torch.randn(n, batch, generator=gen, dtype=dtype)

    def step():
        x = x0
        for top, theta, phi in zip(tops, thetas, phis):
            a, b = x[top], x[top + 1]
            e = torch.polar(torch.ones_like(phi), phi)[:, None]
            c, s = torch.cos(theta)[:, None], torch.sin(theta)[:, None]
            y0 = e * c * a - s * b
            y1 = e * s * a + c * b
            x = x.index_copy(0, top, y0).index_copy(0, top + 1, y1)
        x = x * torch.polar(torch.ones_like(alpha), alpha)[:, None]
        loss = 0.5 * (x - target).abs().pow(2).sum()
        loss.backward()

    step()
    start = time.perf_counter()
    for _ in range(repeats):
        step()
    return repeats * batch / (time.perf_counter() - start)


def torch_fft_rate(n, threads, dtype, repeats):
    import torch
    torch.set_num_threads(threads)
    m = 2 * n
    wavelength, pitch, z = 0.75e-3, 0.4e-3, 0.03
    f = torch.fft.fftfreq(m, d=pitch, dtype=torch.float64)
    fx, fy = torch.meshgrid(f, f, indexing="xy")
    w = 1 / wavelength**2 - fx**2 - fy**2
    df = 1 / (m * pitch)
    limit = 1 / (wavelength * math.sqrt((2 * df * z) ** 2 + 1))
    h = torch.where(w >= 0, torch.polar(torch.ones_like(w), 2 * math.pi * z * w.clamp(min=0).sqrt()),
                    torch.exp(-2 * math.pi * z * (-w).clamp(min=0).sqrt()).to(torch.complex128))
    h = torch.where((fx.abs() <= limit) & (fy.abs() <= limit), h, torch.zeros_like(h)).to(dtype)
    u = torch.randn(n, n, dtype=dtype)

    def step(u):
        padded = torch.zeros(m, m, dtype=dtype)
        padded[:n, :n] = u
        return torch.fft.ifft2(torch.fft.fft2(padded) * h)[:n, :n]

    u = step(u)
    start = time.perf_counter()
    for _ in range(repeats):
        u = step(u)
    return repeats / (time.perf_counter() - start)


def landauer_rates():
    binary = os.path.join(ROOT, "build", "bin", "optical_benchmark")
    if not os.path.exists(binary):
        sys.exit("build/bin/optical_benchmark is missing: cmake --preset bench && "
                 "cmake --build --preset bench --target optical_benchmark")
    out = subprocess.run([binary, "--benchmark_min_time=0.5", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    rates = {}
    for b in json.loads(out)["benchmarks"]:
        parts = b["name"].split("/")
        if parts[0] == "BM_MeshForwardBackward":
            rates[("mesh", int(parts[1]), int(parts[3]))] = b["samples/s"]
        elif parts[0] == "BM_AngularSpectrum":
            rates[("fft", int(parts[1]), int(parts[2]))] = b["fields/s"]
    return rates


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "baselines",
                                                      "optical_vs_torch.json"))
    args = parser.parse_args()
    warn_pinned_openblas()
    import torch
    threads = [int(t) for t in args.threads.split(",")]
    ours = landauer_rates()
    rows = []
    print(f"{'kernel':<34}{'threads':>8}{'landauer':>14}{'torch c128':>14}{'ratio':>8}"
          f"{'torch c64':>14}{'ratio':>8}")
    for t in threads:
        for n in (16, 32, 64):
            repeats = max(3, 200 // n)
            t128 = torch_mesh_rate(n, 1024, t, torch.complex128, repeats)
            t64 = torch_mesh_rate(n, 1024, t, torch.complex64, repeats)
            mine = ours[("mesh", n, t)]
            rows.append({"kernel": "mesh_forward_backward", "n": n, "batch": 1024, "threads": t,
                         "landauer_samples_per_s": mine, "torch_c128_samples_per_s": t128,
                         "torch_c64_samples_per_s": t64})
            print(f"{'mesh fwd+bwd N=' + str(n) + ', batch 1024':<34}{t:>8}{mine:>14.4g}"
                  f"{t128:>14.4g}{mine / t128:>8.2f}{t64:>14.4g}{mine / t64:>8.2f}")
        t128 = torch_fft_rate(200, t, torch.complex128, 200)
        t64 = torch_fft_rate(200, t, torch.complex64, 200)
        # landauer runs `t` fields at once on t threads; PyTorch parallelises inside one FFT.
        mine = ours[("fft", 200, t)]
        rows.append({"kernel": "angular_spectrum", "n": 200, "threads": t,
                     "landauer_fields_per_s": mine, "torch_c128_fields_per_s": t128,
                     "torch_c64_fields_per_s": t64})
        print(f"{'angular spectrum 200x200 (pad 2x)':<34}{t:>8}{mine:>14.4g}{t128:>14.4g}"
              f"{mine / t128:>8.2f}{t64:>14.4g}{mine / t64:>8.2f}")
    write_json(args.out, {"torch": torch.__version__, "rows": rows})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
