#include "landauer/data/idx_reader.h"

#include <fmt/format.h>
#include <zlib.h>

#include <limits>
#include <memory>

#include "landauer/core/errors.h"
#include "landauer/core/memory_budget.h"

namespace landauer {
namespace {

constexpr std::int64_t kMaxElements = std::int64_t{1} << 32;  // 4 GiB of bytes

std::uint32_t ReadBigEndian32(const std::vector<std::uint8_t>& bytes, std::size_t offset) {
  return (std::uint32_t{bytes[offset]} << 24) | (std::uint32_t{bytes[offset + 1]} << 16) |
         (std::uint32_t{bytes[offset + 2]} << 8) | std::uint32_t{bytes[offset + 3]};
}

}  // namespace

std::vector<std::uint8_t> ReadMaybeGzip(const std::string& path) {
  const std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), gzclose);
  if (!file) throw InputError(path, 0, "cannot open file", "check the path and permissions");
  std::vector<std::uint8_t> bytes;
  std::vector<std::uint8_t> chunk(1 << 20);
  const MemoryLimit limit = CurrentMemoryLimit();
  while (true) {
    const int n = gzread(file.get(), chunk.data(), static_cast<unsigned>(chunk.size()));
    if (n < 0) {
      int code = 0;
      const char* message = gzerror(file.get(), &code);
      throw InputError(path,
                       0,
                       std::string("corrupt or truncated gzip stream: ") + message,
                       "re-download or reinstall the file");
    }
    if (n == 0) break;
    // A small gzip file can expand a thousandfold: price the growth as it happens.
    const double need = static_cast<double>(bytes.size() + static_cast<std::size_t>(n));
    if (limit.bytes > 0.0 && need > limit.bytes) {
      CheckMemory(
          path, need, "the file expands to more data than fits; check that it is the right file");
    }
    bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + n);
  }
  // gzread reports a stream cut off mid-member only through gzerror after EOF.
  int code = 0;
  const char* message = gzerror(file.get(), &code);
  if (code != Z_OK && code != Z_STREAM_END) {
    throw InputError(path,
                     0,
                     std::string("corrupt or truncated gzip stream: ") + message,
                     "re-download or reinstall the file");
  }
  return bytes;
}

IdxArray ParseIdx(const std::vector<std::uint8_t>& bytes, const std::string& origin) {
  if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0) {
    throw InputError(origin,
                     0,
                     "not an IDX file (the first two bytes must be zero)",
                     "pass an MNIST-format file such as train-images-idx3-ubyte.gz");
  }
  if (bytes[2] != 0x08) {
    throw InputError(origin,
                     0,
                     fmt::format("unsupported IDX element type 0x{:02X} (only 0x08, unsigned "
                                 "byte, is supported)",
                                 bytes[2]),
                     "convert the data to unsigned bytes");
  }
  const int ndims = bytes[3];
  if (ndims < 1 || ndims > 4) {
    throw InputError(origin,
                     0,
                     "IDX file with " + std::to_string(ndims) + " dimensions",
                     "images need 3 dimensions (count, rows, cols), labels 1");
  }
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(ndims);
  if (bytes.size() < header) {
    throw InputError(origin, 0, "truncated IDX header", "re-download or reinstall the file");
  }
  IdxArray array;
  std::int64_t elements = 1;
  for (int d = 0; d < ndims; ++d) {
    const std::int64_t size = ReadBigEndian32(bytes, 4 + 4 * static_cast<std::size_t>(d));
    array.dims.push_back(size);
    if (size != 0 && elements > kMaxElements / size) {
      throw InputError(origin, 0, "IDX sizes overflow (more than 2^32 elements)", "check the file");
    }
    elements *= size;
  }
  const auto available = static_cast<std::int64_t>(bytes.size() - header);
  if (available < elements) {
    throw InputError(origin,
                     0,
                     "truncated IDX data: the header promises " + std::to_string(elements) +
                         " bytes, the file has " + std::to_string(available),
                     "re-download or reinstall the file");
  }
  if (available > elements) {
    throw InputError(origin,
                     0,
                     std::to_string(available - elements) + " trailing bytes after the IDX data",
                     "check that the file is not two files concatenated");
  }
  array.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return array;
}

IdxArray ReadIdx(const std::string& path) { return ParseIdx(ReadMaybeGzip(path), path); }

}  // namespace landauer
