#!/usr/bin/python3
"""At what vector size does an MZI mesh beat a digital MAC? Energy per multiply-accumulate of one
N x N mesh layer (N^2 complex MACs per vector), from the shipped tables, against the digital
MAC prices of h100 (int8, fp32; a complex MAC is four real ones), with the accounting of optical/optical_cost.h:

  per vector:  N x (DAC + modulator)                        the input
               N x (receiver + ADC)                         the output, every mode read
               laser: N P_in t_v / eta (every modulator fed at full scale),
                      P_in = N P(SNR) / T,  T = 10^(-loss_dB N / 10), B = 1 / (2 t_v)
               heaters: N^2 heaters (two per MZI, N outputs) x mean held phase x P_pi/pi x t_v

The heaters' hold energy per MAC does not fall with N (both grow as N^2), so a thermo-optic mesh
loses to a digital MAC at any size while it streams at the converters' rate; the script prints
both that and a mesh whose phase shifters hold for free (non-volatile, e.g. phase-change or MEMS
shifters), where the converters' cost per MAC falls as 1/N until the mesh's loss makes the laser
grow as 10^(loss N / 10).

    /usr/bin/python3 bench/optical_crossover.py [--loss-db 0.2] [--snr-db 30] [--out FILE]
"""
import argparse
import math
import os
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_io import write_json  # noqa: E402

UNITS = {"J": 1.0, "mJ": 1e-3, "uJ": 1e-6, "µJ": 1e-6, "nJ": 1e-9, "pJ": 1e-12, "fJ": 1e-15,
         "aJ": 1e-18, "s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9, "ps": 1e-12,
         "fs": 1e-15}


def quantity(text):
    value, unit = text.split()
    return float(value) * UNITS[unit]


def table(name):
    with open(os.path.join(ROOT, "data", "hardware", name + ".toml"), "rb") as f:
        entries = tomllib.load(f)["entry"]
    return {(e["component"], e["action"]): e for e in entries}


def power_for_snr(snr, bandwidth, responsivity=0.95, noise=2e-12):
    """optical/detection.h: P with P / sigma(P) = snr (shot and thermal noise)."""
    q = 1.602176634e-19
    a = 2 * q * bandwidth / responsivity
    c = noise**2 * bandwidth / responsivity**2
    s2 = snr * snr
    return 0.5 * (s2 * a + math.sqrt(s2 * s2 * a * a + 4 * s2 * c))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loss-db", type=float, default=0.2, help="insertion loss per MZI, dB")
    parser.add_argument("--snr-db", type=float, default=30.0)
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "baselines",
                                                      "optical_crossover.json"))
    args = parser.parse_args()
    photonic, h100 = table("photonic-mzi"), table("h100")
    e = lambda t, c, a: quantity(t[(c, a)]["energy"])  # noqa: E731
    period = max(quantity(photonic[k]["time"]) for k in
                 [("dac", "convert_8b"), ("photonic", "modulator_symbol"),
                  ("photonic", "receiver_sample"), ("adc", "convert_8b")])
    inputs = e(photonic, "dac", "convert_8b") + e(photonic, "photonic", "modulator_symbol")
    outputs = e(photonic, "photonic", "receiver_sample") + e(photonic, "adc", "convert_8b")
    laser_per_joule = e(photonic, "photonic", "laser_pj") / 1e-12
    heater_per_rad_s = e(photonic, "photonic", "heater_rad_ns") / 1e-9
    int8, fp32 = e(h100, "alu", "int8_mac"), e(h100, "alu", "fp32_mac")
    snr = 10 ** (args.snr_db / 20)
    rows = []
    print(f"vector period {period * 1e12:.0f} ps; digital MAC on h100: int8 {int8 * 1e12:.3g} pJ, "
          f"fp32 {fp32 * 1e12:.3g} pJ")
    print(f"{'N':>5}{'converters':>12}{'laser':>12}{'heaters':>12}{'thermo-optic':>14}"
          f"{'hold-free':>12}   (pJ per complex MAC)")
    for n in (4, 8, 16, 32, 64, 128, 256, 512):
        macs = n * n
        transmission = 10 ** (-args.loss_db * n / 10)
        # Every mode read; each modulator fed at full scale (N x P_in leaves the laser).
        p_in = n * power_for_snr(snr, 0.5 / period) / transmission
        laser_light = n * p_in
        converters = (n * inputs + n * outputs) / macs
        laser = laser_light * period * laser_per_joule / macs
        heaters = (n * n) * math.pi * heater_per_rad_s * period / macs  # mean held phase pi
        thermo, hold_free = converters + laser + heaters, converters + laser
        rows.append({"n": n, "converters_j_per_mac": converters, "laser_j_per_mac": laser,
                     "heaters_j_per_mac": heaters, "thermo_optic_j_per_mac": thermo,
                     "hold_free_j_per_mac": hold_free})
        print(f"{n:>5}{converters * 1e12:>12.3g}{laser * 1e12:>12.3g}{heaters * 1e12:>12.3g}"
              f"{thermo * 1e12:>14.3g}{hold_free * 1e12:>12.3g}")
    # A complex MAC is four real ones: the fair digital price of the same arithmetic.
    wins = [r["n"] for r in rows if r["hold_free_j_per_mac"] < 4 * int8]
    print("hold-free mesh below one int8 MAC at N =",
          [r["n"] for r in rows if r["hold_free_j_per_mac"] < int8] or "none")
    print("hold-free mesh below a complex int8 MAC (4 int8 MACs) at N =", wins or "none")
    print("thermo-optic mesh below a complex int8 MAC at N =",
          [r["n"] for r in rows if r["thermo_optic_j_per_mac"] < 4 * int8] or "none")
    write_json(args.out, {"loss_db": args.loss_db, "snr_db": args.snr_db, "period_s": period,
                          "h100_int8_mac_j": int8, "h100_fp32_mac_j": fp32, "rows": rows,
                          "hold_free_wins_at": wins})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
