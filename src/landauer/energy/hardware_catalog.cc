#include "landauer/energy/hardware_catalog.h"

#include <algorithm>

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

std::string HardwareCatalog::DeviceTable(std::string_view device, std::string_view family) const {
  const std::string variant = std::string(device) + "-" + std::string(family);
  if (family.empty() || device.find('/') != std::string_view::npos || device.ends_with(".toml")) {
    return std::string(device);
  }
  const std::vector<std::string> names = Names();
  return std::find(names.begin(), names.end(), variant) != names.end() ? variant
                                                                       : std::string(device);
}

EnergyTable HardwareCatalog::Combined(std::string_view base,
                                      std::span<const std::string> devices) const {
  EnergyTable table = Get(base);
  const std::string family = table.family();
  for (const std::string& device : devices) {
    table = EnergyTable::Combine(table, Get(DeviceTable(device, family)));
  }
  return table;
}

}  // namespace landauer
