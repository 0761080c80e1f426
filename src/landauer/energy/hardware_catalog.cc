#include "landauer/energy/hardware_catalog.h"

namespace landauer {

HardwareCatalog::HardwareCatalog(std::string directory)
    : directory_(directory.empty() ? HardwareDirectory() : std::move(directory)) {}

std::vector<std::string> HardwareCatalog::Names() const { return ListHardwareTables(directory_); }

const EnergyTable& HardwareCatalog::Get(std::string_view name) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  auto it = cache_.find(name);
  if (it == cache_.end()) {
    auto table =
        std::make_unique<const EnergyTable>(LoadHardwareTable(std::string(name), directory_));
    it = cache_.emplace(std::string(name), std::move(table)).first;
  }
  return *it->second;
}

EnergyTable HardwareCatalog::Combined(std::string_view base,
                                      std::span<const std::string> devices) const {
  EnergyTable table = Get(base);
  for (const std::string& device : devices) table = EnergyTable::Combine(table, Get(device));
  return table;
}

}  // namespace landauer
