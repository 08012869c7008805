// SQUAD versions, durations and version pins on any bytes: parsing the
// canonical text of a version gives the same version back.
#include "util/strings.h"
#include "version/pin.h"
#include "version/version.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qareports;
  std::string text = fuzz::Text(data, size);
  if (Result<version::Version> v = version::Parse(text); v.ok()) {
    Result<version::Version> again = version::Parse(v->ToString());
    if (!again.ok() || version::Compare(*v, *again) != 0 || again->ToString() != v->ToString()) __builtin_trap();
  }
  if (std::optional<long> seconds = util::ParseDuration(text); seconds && *seconds < 0) __builtin_trap();
  for (const version::PinSpec& spec : {version::PinSpec{"pin", "squad.version", ""},
                                       version::PinSpec{"pin", "", "__version__ = '([^']*)'"}}) {
    Result<std::optional<version::PinValue>> pin = version::ReadPin(text, spec);
    if (pin.ok() && *pin) {
      const version::PinValue& p = **pin;
      if (p.offset + p.text.size() > text.size() || text.compare(p.offset, p.text.size(), p.text) != 0) {
        __builtin_trap();  // the pin is where it says it is
      }
    }
  }
  return 0;
}
