#!/usr/bin/python3
"""Side-by-side CUBA benchmark: landauer's `snn cuba` against Brian2 running the same network, in
one run — first the statistics (both simulators are seeded differently, so only distributions
can agree), then the speed in synaptic events per second of simulation wall time.

The network is Brian2's own CUBA example (Brette et al. 2007, Benchmark 2): 4,000 LIF neurons,
80 % excitatory, each ordered pair connected with p = 0.02, exponential currents (τe 5 ms,
τi 10 ms, τm 20 ms), E_l −49 mV, V_t −50 mV, V_r −60 mV, w_e 1.62 mV, w_i −9 mV, refractory
5 ms, `method='exact'`, dt 0.1 ms, 1 s. Brian2 runs in `cpp_standalone` mode (its generated C++,
-O3 -march=native, one thread) and, for the statistics only, may also run in the runtime mode.

    /usr/bin/python3 bench/cuba_vs_brian2.py [--seeds 5] [--duration 1] [--out FILE]

Speed: the simulation loop only, on both sides (Brian2's `device._last_run_time`, measured by its
generated binary around the loop; landauer's `run_seconds`, around Network::Run). Compilation and
network construction are excluded on both. No BLAS is involved. Needs the release build
(build/bin/landauer) and Debian's python3-brian and a C++ compiler for Brian2's standalone code.
"""
import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile

import numpy as np
from bench_io import write_json

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANDAUER = os.path.join(ROOT, "build", "bin", "landauer")


def isi_stats(times, neurons, n, window):
    """Rates and CV(ISI) exactly as landauer's spike_train.h computes them."""
    rates = np.bincount(neurons, minlength=n) / window
    order = np.lexsort((times, neurons))
    t, i = times[order], neurons[order]
    cvs = []
    starts = np.searchsorted(i, np.arange(n + 1))
    for k in range(n):
        tk = t[starts[k]:starts[k + 1]]
        if len(tk) < 3:
            continue
        d = np.diff(tk)
        cvs.append(d.std(ddof=1) / d.mean())
    cvs = np.array(cvs)
    return {"mean_rate_hz": float(rates.mean()), "sd_rate_hz": float(rates.std()),
            "silent_fraction": float(np.mean(rates == 0)),
            "mean_cv_isi": float(cvs.mean()) if len(cvs) else 0.0,
            "sd_cv_isi": float(cvs.std()) if len(cvs) else 0.0,
            "cv_neurons": int(len(cvs))}


def brian2_run(seed, duration, standalone, workdir):
    import brian2 as b2
    b2.device.reinit()
    b2.device.activate()
    if standalone:
        b2.set_device("cpp_standalone", directory=os.path.join(workdir, f"cuba_{seed}"),
                      build_on_run=False)
        b2.prefs.devices.cpp_standalone.openmp_threads = 0
    else:
        b2.prefs.codegen.target = "numpy"
    b2.start_scope()
    b2.seed(seed)
    b2.defaultclock.dt = 0.1 * b2.ms
    ms, mV = b2.ms, b2.mV
    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    Vt, Vr, El = -50 * mV, -60 * mV, -49 * mV
    eqs = """
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    """
    P = b2.NeuronGroup(4000, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms,
                       method="exact")
    P.v = "Vr + rand() * (Vt - Vr)"
    P.ge = 0 * mV
    P.gi = 0 * mV
    we = (60 * 0.27 / 10) * mV
    wi = (-20 * 4.5 / 10) * mV
    Ce = b2.Synapses(P, P, on_pre="ge += we")
    Ci = b2.Synapses(P, P, on_pre="gi += wi")
    Ce.connect("i<3200", p=0.02)
    Ci.connect("i>=3200", p=0.02)
    s_mon = b2.SpikeMonitor(P)
    b2.run(duration * b2.second)
    if standalone:
        b2.device.build(directory=os.path.join(workdir, f"cuba_{seed}"), compile=True, run=True)
        run_seconds = float(b2.device._last_run_time)
    else:
        run_seconds = float("nan")
    times = np.asarray(s_mon.t / b2.second)
    neurons = np.asarray(s_mon.i, dtype=np.int64)
    synapses = int(len(Ce) + len(Ci))
    fan = np.bincount(np.concatenate([np.asarray(Ce.i), np.asarray(Ci.i)]), minlength=4000)
    events = int(fan[neurons].sum())
    out = isi_stats(times, neurons, 4000, duration)
    out.update({"spikes": int(len(times)), "synapses": synapses, "synaptic_events": events,
                "run_seconds": run_seconds})
    if standalone:
        b2.device.reinit()
        b2.set_device("runtime")
    return out


def landauer_run(seed, duration):
    text = subprocess.run([LANDAUER, "snn", "cuba", "--seed", str(seed), "--duration",
                           str(duration), "--json"], check=True, capture_output=True,
                          text=True).stdout
    r = json.loads(text)
    out = dict(r["all"])
    out.update({"spikes": r["spikes"], "synapses": r["connections"],
                "synaptic_events": r["synaptic_events"], "run_seconds": r["run_seconds"]})
    return out


def summarize(runs, key):
    x = np.array([r[key] for r in runs], dtype=float)
    return float(x.mean()), float(x.std(ddof=1)) if len(x) > 1 else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--duration", type=float, default=1.0)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    if not os.path.exists(LANDAUER):
        sys.exit(f"{LANDAUER} is missing: build the release preset first")
    seeds = list(range(1, args.seeds + 1))
    with tempfile.TemporaryDirectory() as workdir:
        brian = [brian2_run(s, args.duration, True, workdir) for s in seeds]
    ours = [landauer_run(s, args.duration) for s in seeds]
    keys = ["mean_rate_hz", "sd_rate_hz", "silent_fraction", "mean_cv_isi", "sd_cv_isi"]
    report = {"machine": platform.processor() or platform.machine(), "seeds": seeds,
              "duration_s": args.duration, "brian2": brian, "landauer": ours, "compare": {}}
    print(f"CUBA, {len(seeds)} seeds, {args.duration} s each: mean ± sd over seeds")
    print(f"{'statistic':<18}{'Brian2':>22}{'landauer':>22}{'difference / sd':>18}")
    for key in keys:
        bm, bs = summarize(brian, key)
        lm, ls = summarize(ours, key)
        pooled = math.sqrt((bs * bs + ls * ls) / 2) or 1e-300
        z = (lm - bm) / pooled
        report["compare"][key] = {"brian2": [bm, bs], "landauer": [lm, ls], "z": z}
        print(f"{key:<18}{bm:>13.4f} ± {bs:<6.4f}{lm:>13.4f} ± {ls:<6.4f}{z:>18.2f}")
    b_rate = sum(r["synaptic_events"] for r in brian) / sum(r["run_seconds"] for r in brian)
    l_rate = sum(r["synaptic_events"] for r in ours) / sum(r["run_seconds"] for r in ours)
    report["speed"] = {"brian2_events_per_s": b_rate, "landauer_events_per_s": l_rate,
                       "ratio": l_rate / b_rate}
    print(f"synaptic events per second of simulation wall time: Brian2 cpp_standalone "
          f"{b_rate:.3g}, landauer {l_rate:.3g}: ratio {l_rate / b_rate:.2f}×")
    if args.out:
        write_json(args.out, report)


if __name__ == "__main__":
    main()
