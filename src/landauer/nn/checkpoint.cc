#include "landauer/nn/checkpoint.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "landauer/core/atomic_file.h"
#include "landauer/core/checksum.h"
#include "landauer/core/errors.h"

namespace landauer::nn {
namespace {

constexpr char kMagic[8] = {'L', 'A', 'N', 'D', 'C', 'K', 'P', 'T'};
// 2: the natural-gradient state is stored under "direction" (any DirectionTransform).
// 3: the run's history (epoch statistics in the header, step losses as float64 in the payload).
constexpr std::uint32_t kVersion = 3;
constexpr std::size_t kPrefix = sizeof(kMagic) + 4 + 8;  // magic, version, header length
constexpr std::size_t kChecksum = 8;

template <typename T>
void Append(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename Values>
void AppendArray(std::string& out, const Values& values) {
  if (values.empty()) return;
  out.append(reinterpret_cast<const char*>(values.data()),
             values.size() * sizeof(typename Values::value_type));
}

constexpr int kMaxNesting = 64;

// The deepest nesting of [ and { outside strings.
int NestingDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

// A short JSON text of `value`, safe for any bytes in its strings.
std::string Brief(const nlohmann::json& value) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

// "epochs: saved 3, now 5; lr: saved 0.01, now 0.001" (at most four keys, each value short).
std::string ConfigDifference(const nlohmann::json& saved, const nlohmann::json& now) {
  if (!saved.is_object() || !now.is_object())
    return "saved " + Brief(saved) + ", now " + Brief(now);
  std::vector<std::string> differences;
  for (const auto& [key, value] : now.items()) {
    if (!saved.contains(key)) {
      differences.push_back(fmt::format("{}: saved (none), now {}", key, Brief(value)));
    } else if (saved[key] != value) {
      differences.push_back(
          fmt::format("{}: saved {}, now {}", key, Brief(saved[key]), Brief(value)));
    }
  }
  for (const auto& [key, value] : saved.items()) {
    if (!now.contains(key)) {
      differences.push_back(fmt::format("{}: saved {}, now (none)", key, Brief(value)));
    }
  }
  std::string out;
  for (std::size_t i = 0; i < differences.size() && i < 4; ++i) {
    out += (i ? "; " : "") + differences[i];
  }
  if (differences.size() > 4) out += "; ...";
  return out;
}

// JSON has no NaN or infinity: a diverged run's statistics are stored as null and read back as
// NaN (the reports print both as null).
nlohmann::json Statistic(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

// Reads the header of one checkpoint, field by field, each checked for presence, type and range;
// every problem is an InputError naming the file and the field.
class HeaderReader {
 public:
  HeaderReader(const nlohmann::json& header, const std::string& origin)
      : header_(header), origin_(origin) {}

  [[noreturn]] void Fail(const std::string& problem) const {
    throw InputError(origin_,
                     0,
                     "checkpoint header: " + problem,
                     "delete the checkpoint to start afresh, or resume with the options it was "
                     "written with");
  }

  const nlohmann::json& Get(const nlohmann::json& object, const std::string& key) const {
    if (!object.is_object() || !object.contains(key)) Fail("missing field '" + key + "'");
    return object[key];
  }

  // A whole number in [lower, upper].
  std::int64_t Integer(const nlohmann::json& object,
                       const std::string& key,
                       std::int64_t lower,
                       std::int64_t upper) const {
    const nlohmann::json& value = Get(object, key);
    if (!value.is_number_integer())
      Fail(fmt::format("'{}' = {} is not a whole number", key, Brief(value)));
    std::int64_t number = 0;
    if (value.is_number_unsigned()) {
      const auto u = value.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        Fail(fmt::format("'{}' = {} is out of range [{}, {}]", key, u, lower, upper));
      }
      number = static_cast<std::int64_t>(u);
    } else {
      number = value.get<std::int64_t>();
    }
    if (number < lower || number > upper) {
      Fail(fmt::format("'{}' = {} is out of range [{}, {}]", key, number, lower, upper));
    }
    return number;
  }

  // A number ≥ 0, or (when `statistic`) also null for a non-finite statistic.
  double NonNegative(const nlohmann::json& object, const std::string& key, bool statistic) const {
    const nlohmann::json& value = Get(object, key);
    if (statistic && value.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!value.is_number()) Fail(fmt::format("'{}' = {} is not a number", key, Brief(value)));
    const auto number = value.get<double>();
    if (!(number >= 0.0) || !std::isfinite(number)) {
      Fail(fmt::format("'{}' = {} must be a finite number >= 0", key, number));
    }
    return number;
  }

 private:
  const nlohmann::json& header_;
  const std::string& origin_;
};

}  // namespace

std::uint64_t CheckpointChecksum(std::string_view bytes) { return Fnv1a64(bytes); }

std::string EncodeCheckpoint(const nlohmann::json& config,
                             const Mlp& model,
                             Optimizer& optimizer,
                             const TrainingPosition& position,
                             const Ledger& ledger,
                             const DirectionTransform* direction) {
  const auto buffers = optimizer.StateBuffers();
  nlohmann::json epochs = nlohmann::json::array();
  for (const EpochStats& e : position.epochs) {
    epochs.push_back({{"epoch", e.epoch},
                      {"loss", Statistic(e.loss)},
                      {"train_accuracy", e.train_accuracy},
                      {"seconds", e.seconds},
                      {"samples_per_second", e.samples_per_second}});
  }
  nlohmann::json header = {
      {"config", config},
      {"parameters", model.storage_size()},
      {"optimizer_buffers", buffers.size()},
      {"optimizer_steps", optimizer.steps()},
      {"epoch", position.epoch},
      {"step_in_epoch", position.step_in_epoch},
      {"global_step", position.global_step},
      {"epoch_loss_sum", Statistic(position.epoch_loss_sum)},
      {"epoch_correct", position.epoch_correct},
      {"epoch_seen", position.epoch_seen},
      {"elapsed_s", position.elapsed_s},
      {"epochs", epochs},
      {"step_losses", position.step_losses.size()},
      {"ledger", ledger.ToJson(/*exact=*/true)},
  };
  std::vector<float> direction_payload;
  if (direction != nullptr) {
    direction_payload = direction->StatePayload();
    header["direction"] = direction->StateHeader();
    header["direction"]["floats"] = direction_payload.size();
  }
  const std::string header_text =
      header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out(kMagic, sizeof(kMagic));
  Append(out, kVersion);
  Append(out, static_cast<std::uint64_t>(header_text.size()));
  out += header_text;
  AppendArray(out, model.parameters());
  for (const std::vector<float>* buffer : buffers) AppendArray(out, *buffer);
  AppendArray(out, direction_payload);
  AppendArray(out, position.step_losses);
  Append(out, CheckpointChecksum(out));
  return out;
}

void SaveCheckpoint(const std::string& path,
                    const nlohmann::json& config,
                    const Mlp& model,
                    Optimizer& optimizer,
                    const TrainingPosition& position,
                    const Ledger& ledger,
                    const DirectionTransform* direction) {
  WriteFileAtomically(path,
                      EncodeCheckpoint(config, model, optimizer, position, ledger, direction));
}

void RestoreCheckpoint(std::string_view bytes,
                       const std::string& origin,
                       const CheckpointRun& run,
                       Mlp& model,
                       Optimizer& optimizer,
                       TrainingPosition& position,
                       Ledger& ledger,
                       DirectionTransform* direction) {
  const std::string fix =
      "delete it to start afresh, or resume with the options it was written with";
  if (bytes.size() < kPrefix + kChecksum ||
      std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    throw InputError(origin, 0, "not a landauer checkpoint", "pass a file written by --checkpoint");
  }
  std::uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + bytes.size() - kChecksum, kChecksum);
  if (stored != CheckpointChecksum(bytes.substr(0, bytes.size() - kChecksum))) {
    throw InputError(origin, 0, "checkpoint is corrupt (checksum mismatch)", fix);
  }
  std::uint32_t version = 0;
  std::memcpy(&version, bytes.data() + sizeof(kMagic), 4);
  if (version != kVersion) {
    throw InputError(origin,
                     0,
                     fmt::format("checkpoint version {} is not supported (this landauer reads "
                                 "version {})",
                                 version,
                                 kVersion),
                     fix);
  }
  std::uint64_t header_size = 0;
  std::memcpy(&header_size, bytes.data() + sizeof(kMagic) + 4, 8);
  if (header_size > bytes.size() - kPrefix - kChecksum) {
    throw InputError(origin, 0, "checkpoint header is truncated", fix);
  }
  const std::string_view header_text = bytes.substr(kPrefix, header_size);
  if (NestingDepth(header_text) > kMaxNesting) {
    // nlohmann's serializer recurses: a million nested brackets would overflow the stack.
    throw InputError(
        origin, 0, fmt::format("checkpoint header nests deeper than {} levels", kMaxNesting), fix);
  }
  const nlohmann::json header =
      nlohmann::json::parse(header_text, nullptr, /*allow_exceptions=*/false);
  const HeaderReader read(header, origin);
  if (header.is_discarded() || !header.is_object()) read.Fail("not a JSON object");
  if (read.Get(header, "config") != run.config) {
    throw InputError(origin,
                     0,
                     "checkpoint was written by a different run: " +
                         ConfigDifference(header["config"], run.config),
                     fix);
  }
  // Sizes: the model and optimizer of this run.
  const auto buffers = optimizer.StateBuffers();
  const std::int64_t parameters = model.storage_size();
  if (read.Integer(header, "parameters", 0, std::numeric_limits<std::int64_t>::max()) !=
          parameters ||
      read.Integer(header, "optimizer_buffers", 0, 64) !=
          static_cast<std::int64_t>(buffers.size())) {
    throw InputError(origin, 0, "checkpoint sizes do not match the model and optimizer", fix);
  }
  if (header.contains("direction") != (direction != nullptr)) {
    throw InputError(origin, 0, "checkpoint and run disagree on natural-gradient state", fix);
  }
  // The position, checked against the run (batches of run.batch over run.train_samples, for
  // run.epochs epochs) and against itself.
  if (run.train_samples < 1 || run.batch < 1 || run.epochs < 1) {
    throw std::invalid_argument("RestoreCheckpoint: the run needs samples, a batch and epochs");
  }
  const std::int64_t steps_per_epoch = (run.train_samples + run.batch - 1) / run.batch;
  TrainingPosition p;
  p.epoch = static_cast<int>(read.Integer(header, "epoch", 0, run.epochs));
  p.step_in_epoch =
      read.Integer(header, "step_in_epoch", 0, p.epoch < run.epochs ? steps_per_epoch : 0);
  p.global_step = read.Integer(header, "global_step", 0, std::numeric_limits<std::int64_t>::max());
  if (p.global_step != static_cast<std::int64_t>(p.epoch) * steps_per_epoch + p.step_in_epoch) {
    read.Fail(fmt::format("global_step {} is not epoch {} x {} steps + step_in_epoch {}",
                          p.global_step,
                          p.epoch,
                          steps_per_epoch,
                          p.step_in_epoch));
  }
  if (read.Integer(header, "optimizer_steps", 0, std::numeric_limits<std::int64_t>::max()) !=
      p.global_step) {
    read.Fail(fmt::format("optimizer_steps {} differs from global_step {}",
                          Brief(header["optimizer_steps"]),
                          p.global_step));
  }
  const std::int64_t seen = std::min<std::int64_t>(p.step_in_epoch * run.batch, run.train_samples);
  p.epoch_seen = read.Integer(header, "epoch_seen", seen, seen);
  p.epoch_correct = read.Integer(header, "epoch_correct", 0, p.epoch_seen);
  p.epoch_loss_sum = read.NonNegative(header, "epoch_loss_sum", /*statistic=*/true);
  p.elapsed_s = read.NonNegative(header, "elapsed_s", /*statistic=*/false);
  const nlohmann::json& epochs = read.Get(header, "epochs");
  if (!epochs.is_array() || epochs.size() != static_cast<std::size_t>(p.epoch)) {
    read.Fail(fmt::format("'epochs' must list the {} finished epochs", p.epoch));
  }
  for (std::size_t e = 0; e < epochs.size(); ++e) {
    EpochStats stats;
    stats.epoch = static_cast<int>(read.Integer(
        epochs[e], "epoch", static_cast<std::int64_t>(e) + 1, static_cast<std::int64_t>(e) + 1));
    stats.loss = read.NonNegative(epochs[e], "loss", /*statistic=*/true);
    stats.train_accuracy = read.NonNegative(epochs[e], "train_accuracy", false);
    if (stats.train_accuracy > 1.0) read.Fail("a train_accuracy is above 1");
    stats.seconds = read.NonNegative(epochs[e], "seconds", false);
    stats.samples_per_second = read.NonNegative(epochs[e], "samples_per_second", false);
    p.epochs.push_back(stats);
  }
  read.Integer(header, "step_losses", p.global_step, p.global_step);
  // The payload: float32 parameters and buffers, the direction's floats, float64 step losses.
  const std::size_t available = bytes.size() - kChecksum - kPrefix - header_size;
  const std::size_t model_floats = static_cast<std::size_t>(parameters) * (1 + buffers.size());
  const std::size_t direction_floats =
      direction != nullptr
          ? static_cast<std::size_t>(read.Integer(read.Get(header, "direction"),
                                                  "floats",
                                                  0,
                                                  static_cast<std::int64_t>(available / 4)))
          : 0;
  const double expected = 4.0 * static_cast<double>(model_floats + direction_floats) +
                          8.0 * static_cast<double>(p.global_step);
  if (static_cast<double>(available) != expected) {
    throw InputError(
        origin,
        0,
        fmt::format(
            "checkpoint payload has {} bytes, the header describes {}", available, expected),
        fix);
  }
  Ledger restored_ledger;
  try {
    restored_ledger = Ledger::FromJson(read.Get(header, "ledger"));
  } catch (const std::logic_error& error) {  // invalid_argument and domain_error
    read.Fail(std::string("ledger: ") + error.what());
  }
  // Everything is checked: now change the run's state.
  std::size_t offset = kPrefix + header_size;
  auto take = [&](auto& into) {
    using Value = typename std::remove_reference_t<decltype(into)>::value_type;
    if (into.empty()) return;  // memcpy must not see the null data() of an empty vector
    std::memcpy(into.data(), bytes.data() + offset, into.size() * sizeof(Value));
    offset += into.size() * sizeof(Value);
  };
  std::vector<float> saved_parameters(model.parameters().size());
  take(saved_parameters);
  std::vector<std::vector<float>> saved_buffers;
  for (const std::vector<float>* buffer : buffers) {
    saved_buffers.emplace_back(buffer->size());
    take(saved_buffers.back());
  }
  std::vector<float> direction_payload(direction_floats);
  take(direction_payload);
  p.step_losses.resize(static_cast<std::size_t>(p.global_step));
  take(p.step_losses);
  if (direction != nullptr) {
    try {
      direction->RestoreState(header["direction"], direction_payload, model);
    } catch (const std::logic_error& error) {  // invalid_argument, domain_error
      throw InputError(origin, 0, error.what(), fix);
    } catch (const nlohmann::json::exception& error) {
      throw InputError(origin, 0, std::string("natural-gradient state: ") + error.what(), fix);
    }
  }
  std::copy(saved_parameters.begin(), saved_parameters.end(), model.parameters().begin());
  for (std::size_t b = 0; b < buffers.size(); ++b) *buffers[b] = std::move(saved_buffers[b]);
  optimizer.set_steps(p.global_step);
  position = std::move(p);
  ledger = std::move(restored_ledger);
}

void LoadCheckpoint(const std::string& path,
                    const CheckpointRun& run,
                    Mlp& model,
                    Optimizer& optimizer,
                    TrainingPosition& position,
                    Ledger& ledger,
                    DirectionTransform* direction) {
  RestoreCheckpoint(ReadFile(path), path, run, model, optimizer, position, ledger, direction);
}

}  // namespace landauer::nn
