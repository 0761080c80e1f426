#include "cli.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // Simulations allocate and free the same large buffers at every step (a crossbar's conductances,
  // a batch's activations). glibc's defaults mmap blocks over 128 KiB afresh (raising that
  // threshold only after a free, up to 32 MiB) and hand memory over 128 KiB back to the kernel on
  // free, so each step paid page faults and zeroing again (6 % of an analog hardware-aware
  // training run). Serve blocks up to 32 MiB (glibc's ceiling on 64-bit, where a larger value is
  // refused) from the heap, and keep up to 512 MiB of freed memory. Setting either turns the
  // dynamic threshold off, so the trim threshold is set only once the mmap threshold took.
  // Only speed depends on these; the results do not.
  if (mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1) mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
  return landauer::cli::Main(argc, argv);
}
