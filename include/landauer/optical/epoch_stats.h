// landauer/optical/epoch_stats.h — what one training epoch of an optical network reports.
#ifndef LANDAUER_OPTICAL_EPOCH_STATS_H_
#define LANDAUER_OPTICAL_EPOCH_STATS_H_

namespace landauer::optical {

struct EpochStats {
  double loss = 0.0;      // mean cross-entropy over the epoch's samples
  double accuracy = 0.0;  // on the batches as trained
};

}  // namespace landauer::optical

#endif  // LANDAUER_OPTICAL_EPOCH_STATS_H_
