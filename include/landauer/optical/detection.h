// landauer/optical/detection.h — photodetection with shot and thermal noise, and the link
// budget that sets the laser's power from the signal-to-noise ratio the detectors need.
//
// A photodiode of responsivity R (A/W) turns optical power P into the current I = R·P. Read in a
// bandwidth B through an amplifier of input-referred noise current density i_n (A/√Hz), the
// reading has the variance (as optical power, W²)
//   σ²(P) = 2 q P B / R + i_n² B / R²
// (shot noise 2qIB and thermal noise i_n²B, divided by R²; q the electron charge). The
// signal-to-noise ratio of one reading is P/σ(P); the power that reaches a given SNR solves
//   P² = SNR² (2 q B / R · P + i_n² B / R²).
// Link budget: every detector is to see that power on average, so the light entering optics that
// deliver the fraction T of it to D detectors together is P_in = D · P(SNR) / T (Hamerly et al.,
// PRX 9:021032, 2019 size the optical power by the detectors' noise the same way). The networks
// measure T (mesh_network.h, diffractive_network.h); the laser's wall-plug efficiency, in the
// price of (photonic, laser_pj), turns light into electrical energy.
#ifndef LANDAUER_OPTICAL_DETECTION_H_
#define LANDAUER_OPTICAL_DETECTION_H_

namespace landauer::optical {

inline constexpr double kElectronCharge = 1.602176634e-19;  // C (exact, SI 2019)

struct Photodetector {
  double responsivity = 1.0;  // R, A/W, > 0
  double noise_current = 0;   // i_n, A/√Hz, ≥ 0
  double bandwidth = 1e9;     // B, Hz, > 0

  // Throws std::invalid_argument naming the field, its value and unit.
  void Validate() const;
  double NoiseVariance(double power_w) const;  // W²
  double PowerForSnr(double snr) const;        // W, snr > 0
};

// SNR in dB → the power ratio's square root (an amplitude SNR, P/σ): 10^(dB/20).
double SnrFromDb(double snr_db);

// P_in = detectors · P(SNR) / transmission (W); transmission, the fraction of P_in the detectors
// receive together, in (0, 1].
double LinkBudgetInputPower(const Photodetector& detector,
                            double snr,
                            int detectors,
                            double transmission);

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_DETECTION_H_
