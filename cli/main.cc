#include "cli.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // Simulations allocate and free the same large buffers at every step (a crossbar's conductances,
  // a batch's activations). glibc's defaults hand memory over ~2 MB back to the kernel on free and
  // mmap large blocks afresh, so each step paid page faults and zeroing again (6 % of an analog
  // hardware-aware training run). Keep up to 512 MB of freed memory and mmap only blocks over
  // 256 MB.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
  return landauer::cli::Main(argc, argv);
}
