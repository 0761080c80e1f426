#include "landauer/nn/checkpoint.h"

#include <cstring>

#include "landauer/core/atomic_file.h"
#include "landauer/core/errors.h"

namespace landauer::nn {
namespace {

constexpr char kMagic[8] = {'L', 'A', 'N', 'D', 'C', 'K', 'P', 'T'};
// 2: the natural-gradient state is stored under "direction" (any DirectionTransform).
constexpr std::uint32_t kVersion = 2;

std::uint64_t Fnv1a(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

template <typename T>
void Append(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename Floats>
void AppendFloats(std::string& out, const Floats& values) {
  if (values.empty()) return;
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
}

}  // namespace

void SaveCheckpoint(const std::string& path,
                    const nlohmann::json& config,
                    const Mlp& model,
                    Optimizer& optimizer,
                    const TrainingPosition& position,
                    const Ledger& ledger,
                    const DirectionTransform* direction) {
  const auto buffers = optimizer.StateBuffers();
  nlohmann::json header = {
      {"config", config},
      {"parameters", model.storage_size()},
      {"optimizer_buffers", buffers.size()},
      {"optimizer_steps", optimizer.steps()},
      {"epoch", position.epoch},
      {"step_in_epoch", position.step_in_epoch},
      {"global_step", position.global_step},
      {"epoch_loss_sum", position.epoch_loss_sum},
      {"epoch_correct", position.epoch_correct},
      {"epoch_seen", position.epoch_seen},
      {"elapsed_s", position.elapsed_s},
      {"ledger", ledger.ToJson()},
  };
  std::vector<float> direction_payload;
  if (direction != nullptr) {
    direction_payload = direction->StatePayload();
    header["direction"] = direction->StateHeader();
    header["direction"]["floats"] = direction_payload.size();
  }
  const std::string header_text = header.dump();
  std::string out(kMagic, sizeof(kMagic));
  Append(out, kVersion);
  Append(out, static_cast<std::uint64_t>(header_text.size()));
  out += header_text;
  AppendFloats(out, model.parameters());
  for (const std::vector<float>* buffer : buffers) AppendFloats(out, *buffer);
  AppendFloats(out, direction_payload);
  Append(out, Fnv1a(out));
  WriteFileAtomically(path, out);
}

void LoadCheckpoint(const std::string& path,
                    const nlohmann::json& config,
                    Mlp& model,
                    Optimizer& optimizer,
                    TrainingPosition& position,
                    Ledger& ledger,
                    DirectionTransform* direction) {
  const std::string bytes = ReadFile(path);
  const std::string fix =
      "delete it to start afresh, or resume with the options it was written with";
  if (bytes.size() < sizeof(kMagic) + 12 + 8 ||
      std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    throw InputError(path, 0, "not a landauer checkpoint", "pass a file written by --checkpoint");
  }
  std::uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + bytes.size() - 8, 8);
  if (stored != Fnv1a(std::string_view(bytes.data(), bytes.size() - 8))) {
    throw InputError(path, 0, "checkpoint is corrupt (checksum mismatch)", fix);
  }
  std::uint32_t version = 0;
  std::memcpy(&version, bytes.data() + 8, 4);
  if (version != kVersion) {
    throw InputError(
        path, 0, "checkpoint version " + std::to_string(version) + " is not supported", fix);
  }
  std::uint64_t header_size = 0;
  std::memcpy(&header_size, bytes.data() + 12, 8);
  const std::size_t header_start = 20;
  if (header_size > bytes.size() - header_start - 8)
    throw InputError(path, 0, "checkpoint header is truncated", fix);
  const nlohmann::json header = nlohmann::json::parse(bytes.substr(header_start, header_size));
  if (header.at("config") != config) {
    throw InputError(path,
                     0,
                     "checkpoint was written by a different run: saved " +
                         header.at("config").dump() + ", now " + config.dump(),
                     fix);
  }
  const auto buffers = optimizer.StateBuffers();
  if (header.at("parameters") != model.storage_size() ||
      header.at("optimizer_buffers") != buffers.size()) {
    throw InputError(path, 0, "checkpoint sizes do not match the model and optimizer", fix);
  }
  std::size_t offset = header_start + header_size;
  if (header.contains("direction") != (direction != nullptr)) {
    throw InputError(path, 0, "checkpoint and run disagree on natural-gradient state", fix);
  }
  const std::size_t natural_floats =
      direction != nullptr ? header.at("direction").at("floats").get<std::size_t>() : 0;
  const std::size_t floats = model.parameters().size() * (1 + buffers.size()) + natural_floats;
  if (bytes.size() - 8 - offset != floats * sizeof(float)) {
    throw InputError(path, 0, "checkpoint payload has the wrong length", fix);
  }
  auto read = [&](auto& into) {
    if (into.empty()) return;  // memcpy must not see the null data() of an empty vector
    std::memcpy(into.data(), bytes.data() + offset, into.size() * sizeof(float));
    offset += into.size() * sizeof(float);
  };
  read(model.parameters());
  for (std::vector<float>* buffer : buffers) read(*buffer);
  if (direction != nullptr) {
    std::vector<float> payload(natural_floats);
    read(payload);
    try {
      direction->RestoreState(header.at("direction"), payload, model);
    } catch (const std::invalid_argument& error) {
      throw InputError(path, 0, error.what(), fix);
    }
  }
  optimizer.set_steps(header.at("optimizer_steps").get<std::int64_t>());
  position.epoch = header.at("epoch").get<int>();
  position.step_in_epoch = header.at("step_in_epoch").get<std::int64_t>();
  position.global_step = header.at("global_step").get<std::int64_t>();
  position.epoch_loss_sum = header.at("epoch_loss_sum").get<double>();
  position.epoch_correct = header.at("epoch_correct").get<std::int64_t>();
  position.epoch_seen = header.at("epoch_seen").get<std::int64_t>();
  position.elapsed_s = header.at("elapsed_s").get<double>();
  ledger = Ledger::FromJson(header.at("ledger"));
}

}  // namespace landauer::nn
