#!/usr/bin/python3
"""Analog crossbar tiles: landauer versus PyTorch (Debian's 1.13), side by side in one run.

  * Noisy tile MVM: 512 x 512 weights on PCM tiles of 256 x 256 (two row tiles, two column
    tiles), 256 input vectors: per-sample input ranges, 8-bit DACs, the tiles' products, output
    noise (sigma 0.06), 8-bit ADCs over +-12 with iterative bound management, per-column scales
    and digital partial sums (analog/crossbar.h). landauer: build/bin/analog_benchmark, which also
    times this machine's sgemm (DigitalEngine) on the same shapes: the roofline the issue measures
    the tile against. PyTorch: the same pipeline written with torch ops (as aihwkit's
    TorchInferenceTile does it), and torch.matmul for its own roofline.
  * Hardware-aware training of mlp:784-256-256-10 on Fashion-MNIST, batch 128, Adam: every step
    programs the layers onto PCM tiles (aihwkit's PCM programming-noise polynomial and the 1/f read
    noise at t0, on both devices of each pair), runs the noisy forward pass above, and back-
    propagates ideally (dX = dY W, dW = dY^T X) on the float weights. landauer: `landauer analog
    drift --epochs 1` (its JSON's train_seconds); PyTorch: the same noise and converters in a
    custom autograd Function. aihwkit itself is not packaged by Debian (it needs its own CUDA/C++
    build), so the PyTorch side is a faithful re-implementation of its inference tile, named as
    such.
Ratios are landauer's rate over PyTorch's, same thread count.

    cmake --preset bench && cmake --build --preset bench --target analog_benchmark landauer_cli
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/analog_vs_torch.py \\
        [--threads 1,2] [--steps 200] [--out FILE]
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

G_MAX = 25.0  # uS
TILE = 256
DAC_LEVELS = 127.0
ADC_LEVELS = 127.0
OUT_BOUND = 12.0
OUT_NOISE = 0.06
BM_ROUNDS = 10


def program(torch, w):
    """W (out x in) onto PCM pairs, tile by tile of 256 rows: (normalised G+ - G-, scales)."""
    out, inp = w.shape
    tiles = (inp + TILE - 1) // TILE
    normalised = torch.empty_like(w)
    scales = torch.empty(out, tiles)
    t = 20.0 + 0.0  # the first read, t0 = 20 s after programming
    noise_time = math.sqrt(math.log((t + 250e-9) / (2 * 250e-9)))
    for r in range(tiles):
        block = w[:, r * TILE:(r + 1) * TILE]
        s = block.abs().amax(dim=1).clamp(min=1e-30)
        scales[:, r] = s
        g = block / s[:, None] * G_MAX
        devices = []
        for target in (g.clamp(min=0), (-g).clamp(min=0)):
            gh = target / G_MAX
            sigma = (0.26348 + 1.9650 * gh - 1.1731 * gh * gh).clamp(min=0)
            gp = (target + sigma * torch.randn_like(target)).clamp(min=0)
            q = (0.0088 / (gp.abs() / G_MAX).clamp(min=1e-3) ** 0.65).clamp(max=0.2)
            devices.append((gp + gp.abs() * q * noise_time * torch.randn_like(gp)).clamp(min=0))
        normalised[:, r * TILE:(r + 1) * TILE] = (devices[0] - devices[1]) / G_MAX
    return normalised, scales


def tile_forward(torch, x, normalised, scales):
    """y = x W^T as the tiles compute it (same pipeline as analog/crossbar.h)."""
    batch, inp = x.shape
    out = normalised.shape[0]
    y = torch.zeros(batch, out)
    for r in range((inp + TILE - 1) // TILE):
        xs = x[:, r * TILE:(r + 1) * TILE]
        alpha = xs.abs().amax(dim=1, keepdim=True)
        inv = torch.where(alpha > 0, 1 / alpha, torch.zeros_like(alpha))
        g = normalised[:, r * TILE:(r + 1) * TILE]
        for c in range((out + TILE - 1) // TILE):
            gc = g[c * TILE:(c + 1) * TILE]
            rows = torch.arange(batch)
            factor = torch.ones(batch, 1)
            result = torch.zeros(batch, gc.shape[0])
            for k in range(BM_ROUNDS + 1):
                q = torch.round(xs[rows] * inv[rows] / factor[rows] * DAC_LEVELS).clamp(
                    -DAC_LEVELS, DAC_LEVELS) / DAC_LEVELS
                v = q @ gc.T + OUT_NOISE * torch.randn(len(rows), gc.shape[0])
                clipped = (v.abs() > OUT_BOUND).any(dim=1)
                if k == BM_ROUNDS:
                    clipped = torch.zeros_like(clipped)
                done = ~clipped
                step = OUT_BOUND / ADC_LEVELS
                vq = torch.round(v[done].clamp(-OUT_BOUND, OUT_BOUND) / step) * step
                result[rows[done]] = vq * (alpha[rows[done]] * factor[rows[done]])
                rows = rows[clipped]
                if len(rows) == 0:
                    break
                factor[rows] *= 2
            y[:, c * TILE:(c + 1) * TILE] += result * scales[c * TILE:(c + 1) * TILE, r]
    return y


def torch_mvm_rates(threads, repeats):
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    w, x = torch.randn(512, 512), torch.randn(256, 512)
    normalised, scales = program(torch, w)
    tile_forward(torch, x, normalised, scales)
    start = time.perf_counter()
    for _ in range(repeats):
        tile_forward(torch, x, normalised, scales)
    tile = repeats / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(repeats * 10):
        torch.matmul(x, w.T)
    gemm = repeats * 10 / (time.perf_counter() - start)
    return tile, gemm


def torch_hwa_rate(threads, steps):
    """Samples per second of hardware-aware training, `steps` steps of batch 128."""
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    from fashion_mnist import load_standardised  # noqa: E402
    x_train, y_train, _, _ = load_standardised()
    xs, ys = torch.from_numpy(x_train), torch.from_numpy(y_train)

    class Tile(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w):
            normalised, scales = program(torch, w.detach())
            ctx.save_for_backward(x, w)
            return tile_forward(torch, x, normalised, scales)

        @staticmethod
        def backward(ctx, grad):
            x, w = ctx.saved_tensors
            return grad @ w, grad.T @ x

    widths = [784, 256, 256, 10]
    weights = [torch.nn.Parameter(torch.randn(o, i) * math.sqrt(2 / i))
               for i, o in zip(widths, widths[1:])]
    biases = [torch.nn.Parameter(torch.zeros(o)) for o in widths[1:]]
    optimizer = torch.optim.Adam(weights + biases, lr=1e-3)
    order = torch.randperm(len(xs))
    start = time.perf_counter()
    for step in range(steps):
        index = order[(step * 128) % len(xs):(step * 128) % len(xs) + 128]
        h = xs[index]
        for layer, (w, b) in enumerate(zip(weights, biases)):
            h = Tile.apply(h, w) + b
            if layer + 1 < len(weights):
                h = torch.relu(h)
        loss = torch.nn.functional.cross_entropy(h, ys[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return steps * 128 / (time.perf_counter() - start)


def landauer_mvm_rates():
    binary = os.path.join(ROOT, "build", "bin", "analog_benchmark")
    if not os.path.exists(binary):
        sys.exit("build/bin/analog_benchmark is missing: cmake --preset bench && "
                 "cmake --build --preset bench --target analog_benchmark")
    out = subprocess.run([binary, "--benchmark_min_time=1", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    rates = {}
    for b in json.loads(out)["benchmarks"]:
        parts = b["name"].split("/")
        rates[(parts[0], int(parts[3]))] = 1.0 / (b["real_time"] * 1e-6)  # calls per second
    return rates


def landauer_hwa_rate(threads):
    binary = os.path.join(ROOT, "build", "bin", "landauer")
    out = subprocess.run([binary, "analog", "drift", "--data", "fashion-mnist", "--epochs", "1",
                          "--times", "1", "--threads", str(threads), "--json"],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    return result["train_samples"] / result["train_seconds"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--steps", type=int, default=100, help="PyTorch training steps timed")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "baselines",
                                                      "analog_vs_torch.json"))
    args = parser.parse_args()
    warn_pinned_openblas()
    import torch
    threads = [int(t) for t in args.threads.split(",")]
    ours = landauer_mvm_rates()
    rows = []
    print(f"{'kernel':<40}{'threads':>8}{'landauer /s':>13}{'torch /s':>11}{'ratio':>7}"
          f"{'of own sgemm (landauer, torch)':>32}")
    for t in threads:
        tile, gemm = torch_mvm_rates(t, 20)
        mine, sgemm = ours[("BM_TileForward", t)], ours[("BM_Sgemm", t)]
        rows.append({"kernel": "tile_mvm_512x512_batch256", "threads": t,
                     "landauer_calls_per_s": mine, "landauer_sgemm_calls_per_s": sgemm,
                     "torch_calls_per_s": tile, "torch_matmul_calls_per_s": gemm,
                     "landauer_fraction_of_sgemm": mine / sgemm,
                     "torch_fraction_of_matmul": tile / gemm})
        print(f"{'noisy tile MVM 512x512, batch 256':<40}{t:>8}{mine:>13.4g}{tile:>11.4g}"
              f"{mine / tile:>7.2f}{100 * mine / sgemm:>20.0f} %, {100 * tile / gemm:.0f} %")
        hwa_torch = torch_hwa_rate(t, args.steps)
        hwa_mine = landauer_hwa_rate(t)
        rows.append({"kernel": "hwa_training_784_256_256_10_batch128", "threads": t,
                     "landauer_samples_per_s": hwa_mine, "torch_samples_per_s": hwa_torch})
        print(f"{'HWA training 784-256-256-10, batch 128':<40}{t:>8}{hwa_mine:>13.4g}"
              f"{hwa_torch:>11.4g}{hwa_mine / hwa_torch:>7.2f}")
    write_json(args.out, {"torch": torch.__version__, "rows": rows})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
