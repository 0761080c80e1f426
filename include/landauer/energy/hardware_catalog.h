// landauer/energy/hardware_catalog.h — the one place that finds, caches and combines energy tables.
//
//   HardwareCatalog catalog;                                   // HardwareDirectory()
//   HardwareCatalog custom("/path/to/data/hardware");          // --data-dir DIR gives DIR/hardware
//   const EnergyTable& h100 = catalog.Get("h100");             // loaded once, then cached
//   const EnergyTable& mine = catalog.Get("tables/mine.toml"); // a path also works
//   EnergyTable priced = catalog.Combined("h100", {"spu"});    // "h100+spu"
//   catalog.DeviceTable("adiabatic-cmos", "7nm");              // "adiabatic-cmos-7nm"
//
// Front ends build one catalog from the user's data folder and pass it down (methods receive it in
// their MethodContext); nothing below them reads a directory or an environment variable. Get()
// may be called from several threads. A reference it returns stays valid as long as the catalog.
#ifndef LANDAUER_ENERGY_HARDWARE_CATALOG_H_
#define LANDAUER_ENERGY_HARDWARE_CATALOG_H_

#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "landauer/energy/energy_table.h"

namespace landauer {

class HardwareCatalog {
 public:
  // `directory` holds NAME.toml tables; empty: HardwareDirectory() ($LANDAUER_DATA_DIR, the
  // install tree, then the source tree).
  explicit HardwareCatalog(std::string directory = "");
  HardwareCatalog(const HardwareCatalog&) = delete;
  HardwareCatalog& operator=(const HardwareCatalog&) = delete;

  const std::string& directory() const { return directory_; }
  // The table names in the directory (file stems), sorted. Throws InputError if it cannot be read.
  std::vector<std::string> Names() const;
  // The table `name`, or the file `name` when it contains '/' or ends in ".toml". Throws
  // InputError listing the known names for an unknown one, or naming the file and line of a
  // malformed table.
  const EnergyTable& Get(std::string_view name) const;
  // The table that prices device `device` next to a base table of node family `family`: the
  // table "<device>-<family>" if the catalog has it, else `device` itself. So a method names its
  // device once ("adiabatic-cmos") and is priced at the node of the chip it is compared on.
  std::string DeviceTable(std::string_view device, std::string_view family) const;
  // `base` combined with each of `devices` in order (EnergyTable::Combine), each resolved by
  // DeviceTable to `base`'s family: "h100+spu", "h100+adiabatic-cmos-7nm". Throws
  // std::invalid_argument if two of them price one action or differ in temperature.
  EnergyTable Combined(std::string_view base, std::span<const std::string> devices) const;

 private:
  std::string directory_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::unique_ptr<const EnergyTable>, std::less<>> cache_;
};

}  // namespace landauer

#endif  // LANDAUER_ENERGY_HARDWARE_CATALOG_H_
