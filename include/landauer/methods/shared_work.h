// landauer/methods/shared_work.h — results that methods of one run may share instead of redoing.
//
// Several methods can start from identical work: the MLP-family recipes (mlp_method.h) train the
// same network whenever their training configuration is the same — adiabatic-mlp runs
// digital-mlp's trained model on another substrate — so within one comparison that network is
// trained once. A SharedWork maps a key that describes the work completely (its canonical JSON,
// including everything that changes its result) to its result; RunComparison makes one per run
// and hands it to every method in its MethodContext.
//
//   if (auto hit = shared->Find<TrainedMlp>(key)) { ... } else { ...; shared->Store(key, result); }
//
// A SharedWork is valid for one training set only (the caller's key need not name the data).
// Find and Store may be called from several threads.
#ifndef LANDAUER_METHODS_SHARED_WORK_H_
#define LANDAUER_METHODS_SHARED_WORK_H_

#include <any>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace landauer {

class SharedWork {
 public:
  // The result stored under `key` as a T, or null if there is none (or it is not a T).
  template <typename T>
  std::shared_ptr<const T> Find(const std::string& key) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = results_.find(key);
    if (it == results_.end()) return nullptr;
    const auto* value = std::any_cast<std::shared_ptr<const T>>(&it->second);
    return value != nullptr ? *value : nullptr;
  }
  // Stores `value` under `key`, replacing what was there.
  template <typename T>
  void Store(const std::string& key, std::shared_ptr<const T> value) {
    const std::lock_guard<std::mutex> lock(mutex_);
    results_[key] = std::move(value);
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::any> results_;
};

}  // namespace landauer

#endif  // LANDAUER_METHODS_SHARED_WORK_H_
