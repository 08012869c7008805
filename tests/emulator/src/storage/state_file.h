// --state FILE: objects loaded at start (JSON {"items":[...]}, a JSON or
// YAML list, or multi-document YAML) and written back as JSON at exit; and
// the namespaces every cluster starts with.
#pragma once
#include <string>

#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

// Creates default, kube-system, kube-public and kube-node-lease.
void Bootstrap(Store& store, const SimClock& clock);
// Loads objects; a missing file is an empty cluster. Returns false (with a
// message) on a malformed file or object.
bool LoadState(const std::string& path, Store& store, const SimClock& clock, std::string* error);
bool SaveState(const std::string& path, Store& store, std::string* error);

}  // namespace qareports::emulator
