// Whether a server-side apply would leave a live object as it is, decided
// from the object alone, so that a plan asks the server to dry-run only what
// may change. It holds when the live object is not being deleted, every
// value the desired object sets is already the live one, and the fields the
// manager's last apply owns (its managedFields entry) are exactly the ones
// it sets now, so that nothing would be removed either. Only objects without
// lists are decided (a list's item keys need the schema); anything it cannot
// prove is left to the server. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace qareports::plan {

bool AppliesUnchanged(const nlohmann::json& desired, const nlohmann::json& live, std::string_view manager);

}  // namespace qareports::plan
