#!/usr/bin/python3
"""Accuracy of mlp:784-256-256-10 on PCM tiles against time since programming, on Fashion-MNIST:
hardware-aware training (HWA) against plain fp32 training, each read 1 s, 1 hour, 1 day and
1 year after programming, with and without global drift compensation (GDC), over several seeds
(Joshi et al., Nat. Commun. 11:2473, 2020, Fig. 4 is the published analogue on ResNets).

    cmake --preset release && cmake --build --preset release
    /usr/bin/python3 bench/analog_drift.py [--seeds 5] [--epochs 5] [--threads 2] [--out FILE]
        [--hwa-noise 1] [--arms hwa,plain] [--out-noise 0.06]

--hwa-noise scales hardware-aware training's programming, read and output noise over the chip's.
--out-noise is the chip's output noise per read (σ in fully-on devices at full input; the CLI's
default 0.06): larger values make a noisier chip, where hardware-aware training pays off.

Each run is `landauer analog drift --json`: 256 x 256 PCM tiles, 8-bit DACs and ADCs, the PCM
model of device_model.h. The fp32 accuracy is the same network read exactly (no tiles).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_io import write_json  # noqa: E402

TIMES = [1.0, 3600.0, 86400.0, 3.15576e7]
NAMES = ["1 s", "1 hour", "1 day", "1 year"]


def mean_sd(values):
    values = [100 * v for v in values]
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return statistics.mean(values), sd


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", default="pcm")
    parser.add_argument("--hwa-noise", type=float, default=1.0)
    parser.add_argument("--arms", default="hwa,plain")
    parser.add_argument("--out-noise", type=float, default=0.06)
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "baselines",
                                                      "analog_drift.json"))
    args = parser.parse_args()
    binary = os.path.join(ROOT, "build", "bin", "landauer")
    runs = []
    arms = [{"hwa": 1, "plain": 0}[a] for a in args.arms.split(",")]
    for hwa in arms:
        for seed in range(args.seeds):
            start = time.perf_counter()
            out = subprocess.run(
                [binary, "analog", "drift", "--data", "fashion-mnist", "--device", args.device,
                 "--epochs", str(args.epochs), "--hwa", str(hwa), "--seed", str(seed),
                 "--threads", str(args.threads), "--times", ",".join(f"{t:g}" for t in TIMES),
                 "--hwa-noise", f"{args.hwa_noise:g}", "--out-noise", f"{args.out_noise:g}",
                 "--json"],
                check=True, capture_output=True, text=True).stdout
            result = json.loads(out)
            result["wall_seconds"] = time.perf_counter() - start
            runs.append(result)
            print(f"{'HWA' if hwa else 'plain'} seed {seed}: fp32 "
                  f"{100 * result['fp32_accuracy']:.2f} %, " + ", ".join(
                      f"{n} {100 * r['accuracy']:.2f}/{100 * r['accuracy_gdc']:.2f} %"
                      for n, r in zip(NAMES, result["rows"])), flush=True)
    print(f"\n{'training':<8}{'fp32':>16}" + "".join(f"{n:>16}{n + ' + GDC':>18}" for n in NAMES))
    summary = []
    for hwa in [bool(a) for a in arms]:
        chosen = [r for r in runs if r["hwa"] == hwa]
        fp32 = mean_sd([r["fp32_accuracy"] for r in chosen])
        row = {"hwa": hwa, "fp32": fp32, "times": []}
        line = f"{'HWA' if hwa else 'plain':<8}{fp32[0]:>9.2f} ± {fp32[1]:.2f}"
        for k, t in enumerate(TIMES):
            raw = mean_sd([r["rows"][k]["accuracy"] for r in chosen])
            gdc = mean_sd([r["rows"][k]["accuracy_gdc"] for r in chosen])
            row["times"].append({"time_s": t, "accuracy": raw, "accuracy_gdc": gdc})
            line += f"{raw[0]:>9.2f} ± {raw[1]:.2f}{gdc[0]:>11.2f} ± {gdc[1]:.2f}"
        summary.append(row)
        print(line)
    write_json(args.out, {"device": args.device, "epochs": args.epochs, "seeds": args.seeds,
                          "hwa_noise": args.hwa_noise, "out_noise": args.out_noise,
                          "summary": summary, "runs": runs})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
