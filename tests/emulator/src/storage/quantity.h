// resource.Quantity canonicalisation: "1000m" -> "1", "0.5" -> "500m",
// "1024Mi" -> "1Gi", 2 -> "2". Pure functions.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace qareports::emulator {

// Returns false when `text` is not a quantity.
bool CanonicalQuantity(const std::string& text, std::string* out);
// Canonicalises every value of a requests/limits-like map in place;
// returns the first bad value's key in *bad (empty when all are good).
void CanonicaliseQuantityMap(nlohmann::json& map, std::string* bad);

}  // namespace qareports::emulator
