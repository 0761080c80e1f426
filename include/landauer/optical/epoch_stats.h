// landauer/optical/epoch_stats.h — what one training epoch of an optical network reports.
#ifndef LANDAUER_OPTICAL_EPOCH_STATS_H_
#define LANDAUER_OPTICAL_EPOCH_STATS_H_

namespace landauer::optical {

struct EpochStats {
  double loss = 0.0;      // mean cross-entropy over the epoch's samples
  double accuracy = 0.0;  // on the batches as trained
  double seconds = 0.0;   // wall time of the epoch (0 where a trainer does not measure it)
};

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_EPOCH_STATS_H_
