#include "cli.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // Simulations allocate and free the same large buffers at every step (a crossbar's conductances,
  // a batch's activations). glibc's defaults mmap blocks over 128 KiB afresh and hand memory over
  // 128 KiB back to the kernel on free, so each step paid page faults and zeroing again (6 % of an
  // analog hardware-aware training run). Serve blocks up to 32 MiB (glibc's ceiling on 64-bit,
  // where a larger value is refused) from the heap and keep up to 512 MiB of freed memory. Setting
  // either fixes both thresholds, so a refused value would leave mmap at 128 KiB: both are checked.
  if (mallopt(M_MMAP_THRESHOLD, 32 << 20) != 1 || mallopt(M_TRIM_THRESHOLD, 512 << 20) != 1) {
    // Only speed depends on these; the results do not.
    mallopt(M_MMAP_THRESHOLD, 128 << 10);
  }
#endif
  return landauer::cli::Main(argc, argv);
}
