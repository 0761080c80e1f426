// landauer/core/named_registry.h — a thread-safe table of named entries: the built-ins, and more
// added at run time. The engine and method registries are two of them.
//
//   NamedRegistry<EngineRegistration> registry("engine", [] { return Builtins(); });
//   registry.Add("toy", toy);                      // std::invalid_argument if the name is taken
//   EngineRegistration r = registry.Find("int8");  // std::invalid_argument listing the names
//
// The built-ins are made on first use, not at static initialisation, so a registry can be used
// from another translation unit's static initialiser (a test registering its own entry).
#ifndef LANDAUER_CORE_NAMED_REGISTRY_H_
#define LANDAUER_CORE_NAMED_REGISTRY_H_

#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace landauer {

template <typename Entry>
class NamedRegistry {
 public:
  // `kind` names an entry in messages ("engine"); `builtins` lists (name, entry) pairs.
  NamedRegistry(std::string kind,
                std::function<std::vector<std::pair<std::string, Entry>>()> builtins)
      : kind_(std::move(kind)), builtins_(std::move(builtins)) {}

  void Add(const std::string& name, Entry entry) {
    const std::lock_guard<std::mutex> lock(mutex_);
    Insert(Entries(), name, std::move(entry));
  }
  // Sorted.
  std::vector<std::string> Names() const {
    return NamesWhere([](const Entry&) { return true; });
  }
  // The sorted names of the entries for which `keep` holds.
  std::vector<std::string> NamesWhere(const std::function<bool(const Entry&)>& keep) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> names;
    for (const auto& [name, entry] : Entries()) {
      if (keep(entry)) names.push_back(name);
    }
    return names;
  }
  Entry Find(const std::string& name) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = Entries().find(name);
    if (it == Entries().end()) {
      std::string known;
      for (const auto& [n, entry] : Entries()) known += (known.empty() ? "" : ", ") + n;
      throw std::invalid_argument("unknown " + kind_ + " '" + name + "'; registered " + kind_ +
                                  "s: " + known);
    }
    return it->second;
  }

 private:
  void Insert(std::map<std::string, Entry>& entries, const std::string& name, Entry entry) const {
    if (!entries.emplace(name, std::move(entry)).second) {
      throw std::invalid_argument("a " + kind_ + " named '" + name + "' is already registered");
    }
  }
  // Called with mutex_ held. The built-ins are all in, or (when one throws) none are and the
  // next call tries again.
  std::map<std::string, Entry>& Entries() const {
    if (!initialised_) {
      std::map<std::string, Entry> entries;
      for (auto& [name, entry] : builtins_()) Insert(entries, name, std::move(entry));
      entries_ = std::move(entries);
      initialised_ = true;
    }
    return entries_;
  }

  std::string kind_;
  std::function<std::vector<std::pair<std::string, Entry>>()> builtins_;
  mutable std::mutex mutex_;
  mutable bool initialised_ = false;
  mutable std::map<std::string, Entry> entries_;
};

}  // namespace landauer

#endif  // LANDAUER_CORE_NAMED_REGISTRY_H_
