// landauer/data/idx_reader.h — the IDX format of MNIST and Fashion-MNIST, gzip or plain.
//
// Format (LeCun, http://yann.lecun.com/exdb/mnist/): big-endian; bytes 0–1 are zero, byte 2 is
// the element type (0x08 = unsigned byte; the only type these data sets use), byte 3 the number
// of dimensions; then one 32-bit size per dimension, then the data in row-major order.
//
//   IdxArray images = ReadIdx("train-images-idx3-ubyte.gz");  // dims {60000, 28, 28}
//
// Gzip and plain files are both read (zlib detects which). Throws InputError naming the file and
// what is wrong: not IDX (bad magic), an unsupported type, a truncated file, trailing bytes, or
// sizes that overflow.
#ifndef LANDAUER_DATA_IDX_READER_H_
#define LANDAUER_DATA_IDX_READER_H_

#include <cstdint>
#include <string>
#include <vector>

namespace landauer {

struct IdxArray {
  std::vector<std::int64_t> dims;
  std::vector<std::uint8_t> data;  // row-major, product(dims) bytes
};

IdxArray ReadIdx(const std::string& path);
// Parses IDX bytes already in memory (used by ReadIdx and by the fuzz/unit tests).
IdxArray ParseIdx(const std::vector<std::uint8_t>& bytes, const std::string& origin);
// Reads a whole file, gunzipping it if it is gzip; throws InputError on a corrupt stream.
std::vector<std::uint8_t> ReadMaybeGzip(const std::string& path);

}  // namespace landauer

#endif  // LANDAUER_DATA_IDX_READER_H_
