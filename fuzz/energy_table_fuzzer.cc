// libFuzzer target for the energy-table loader (EnergyTable::Parse).
//
// Any input must either parse or throw landauer::InputError; a crash, a sanitizer report, a hang
// or any other exception type is a bug. Build with the `fuzz` preset (clang) and run, e.g.:
//   build-fuzz/bin/energy_table_fuzzer -runs=20000 fuzz/corpus data/hardware
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "landauer/core/errors.h"
#include "landauer/energy/energy_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const landauer::EnergyTable table = landauer::EnergyTable::Parse(text, "fuzz.toml");
    // Exercise lookups on whatever parsed.
    for (const landauer::EnergyEntry& entry : table.entries()) {
      (void)table.Price(entry.component, entry.action);
    }
  } catch (const landauer::InputError&) {
    // Expected for bad input.
  }
  return 0;
}
