#!/usr/bin/python3
"""D2NN on Fashion-MNIST: phase-only masks (Lin et al., Science 361:1004, 2018: 81.13 %) and
differential detection (Li et al., Adv. Photonics 1:046001, 2019: 90.54 %), trained with
`landauer optics d2nn`, one arm after the other, on the full training set.

    cmake --preset release && cmake --build --preset release
    /usr/bin/python3 bench/d2nn_fashion_mnist.py [--grid 56 --upsample 2] [--epochs 5]
        [--lr 0.01] [--lr-decay 1] [--arms phase-only,differential] [--threads 2] [--out FILE]
    /usr/bin/python3 bench/d2nn_fashion_mnist.py --paper      # 200 x 200 grid, 28 px x 7 (75 min an arm)

A long run can span sessions: with --checkpoint-dir DIR each arm checkpoints to DIR/<arm>.ckpt at
every epoch's end and resumes from it when run again with the same options (`optics d2nn
--checkpoint --resume`); the JSON's `training_seconds` then sums every epoch's wall time, while
`wall_seconds` is this invocation's only. --binary runs a copy of `landauer` (so that rebuilding
build/ does not change the program under a run of hours).

The default grid (56 x 56, 2 samples per pixel) keeps Lin et al.'s optics (0.4 THz: lambda =
0.75 mm, pitch 0.4 mm, 30 mm between layers) but is smaller than the paper's 200 x 200 layers:
each step is 2 FFTs of 112 x 112 instead of 400 x 400.

The papers simulate noiseless detectors, so the accuracy compared with theirs is the noiseless
reading (`noiseless_accuracy`); `accuracy` is the same optics read by detectors at --snr-db (30 by
default) at their mean power, with the laser the link budget sizes for it.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_io import write_json  # noqa: E402

DEFAULT_OUT = os.path.join(ROOT, "bench", "baselines", "d2nn_fashion_mnist.json")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grid", type=int, default=56)
    parser.add_argument("--upsample", type=int, default=2)
    parser.add_argument("--paper", action="store_true", help="200 x 200 grid, 7 samples per pixel")
    parser.add_argument("--layers", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--lr-decay", type=float, default=1.0,
                        help="learning-rate factor per epoch (1: constant)")
    parser.add_argument("--arms", default="phase-only,differential",
                        help="comma-separated: phase-only, differential")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--snr-db", type=float, default=30.0)
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--checkpoint-dir", help="checkpoint each arm here, and resume from it")
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "bin", "landauer"))
    args = parser.parse_args()
    if args.paper:
        args.grid, args.upsample = 200, 7
    binary = args.binary
    # --arms key: (name, extra flags, the paper's accuracy in %)
    known = {"phase-only": ("phase-only", [], 81.13),
             "differential": ("phase-only, differential", ["--differential"], 90.54)}
    chosen = {arm.strip() for arm in args.arms.split(",") if arm.strip()}
    if not chosen or not chosen <= known.keys():
        sys.exit(f"--arms {args.arms!r}: choose one or both of {', '.join(known)}")
    if chosen != known.keys() and args.out == DEFAULT_OUT:
        sys.exit("--arms: a run of one arm needs its own --out FILE (the default holds both arms)")
    arms = [arm for key, arm in known.items() if key in chosen]
    rows = []
    for name, extra, paper in arms:
        if args.checkpoint_dir:
            os.makedirs(args.checkpoint_dir, exist_ok=True)
            path = os.path.join(args.checkpoint_dir, name.replace(", ", "-") + ".ckpt")
            extra = extra + ["--checkpoint", path, "--resume"]
        start = time.perf_counter()
        proc = subprocess.run(
            [binary, "optics", "d2nn", "--data", "fashion-mnist", "--grid", str(args.grid),
             "--upsample", str(args.upsample), "--layers", str(args.layers), "--epochs",
             str(args.epochs), "--lr", str(args.lr), "--lr-decay", str(args.lr_decay),
             "--threads", str(args.threads), "--seed",
             str(args.seed), "--snr-db", str(args.snr_db), "--json"] + extra,
            capture_output=True, text=True)
        if proc.returncode != 0:  # e.g. a checkpoint of another run: say why
            sys.exit(f"{name}: landauer exited {proc.returncode}:\n{proc.stderr}")
        result = json.loads(proc.stdout)
        result["arm"] = name
        result["paper_accuracy_percent"] = paper
        result["wall_seconds"] = time.perf_counter() - start
        rows.append(result)
        print(f"{name:<28} {100 * result['noiseless_accuracy']:6.2f} % noiseless (paper {paper} "
              f"%), {100 * result['accuracy']:6.2f} % at {args.snr_db:g} dB, detected "
              f"{100 * result['detected_fraction']:.2f} % of the light, "
              f"{result['wall_seconds']:.0f} s", flush=True)
    write_json(args.out, {"grid": args.grid, "upsample": args.upsample, "layers": args.layers,
                          "epochs": args.epochs, "lr": args.lr, "lr_decay": args.lr_decay,
                          "seed": args.seed,
                          "snr_db": args.snr_db, "rows": rows})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
