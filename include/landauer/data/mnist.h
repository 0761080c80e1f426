// landauer/data/mnist.h — any MNIST-format directory (MNIST, Fashion-MNIST, KMNIST, ...).
//
// The directory holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte
// and t10k-labels-idx1-ubyte, each optionally with a .gz suffix. Pixels become floats in [0, 255]
// (normalise with transforms.h). Throws InputError naming the file for a missing file, corrupt
// data, images that are not 3-D, label/image counts that disagree, or labels above 9.
//
// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, arXiv:1708.07747) comes from Debian's
// `dataset-fashion-mnist` package at kFashionMnistDirectory: 60,000 training and 10,000 test
// 28×28 grey images of 10 clothing classes.
#ifndef LANDAUER_DATA_MNIST_H_
#define LANDAUER_DATA_MNIST_H_

#include <string>

#include "landauer/data/dataset.h"

namespace landauer {

inline constexpr const char* kFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

TrainTest LoadMnistFormat(const std::string& directory, const std::string& name);

}  // namespace landauer

#endif  // LANDAUER_DATA_MNIST_H_
