#include <gtest/gtest.h>
// Checkpoint tests live in trainer_test.cc (they need a training run).
