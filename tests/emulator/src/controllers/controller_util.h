// Helpers the simulated controllers share: owner references, pod
// readiness and availability, int-or-percent values, condition upkeep and
// creating objects the way the API server would.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

using json = nlohmann::json;

json ControllerRef(const json& owner);
bool IsControlledBy(const json& object, const std::string& owner_uid);
// Live (not being deleted) objects of `key` in `ns` controlled by `owner_uid`.
std::vector<json> Owned(Store& store, const std::string& key, const std::string& ns,
                        const std::string& owner_uid, bool include_deleting = false);
bool PodReady(const json& pod);
bool PodAvailable(const json& pod, int min_ready_seconds, SimTime now);
// Resolves 3 or "25%" against `total`, rounding percents up or down.
int IntOrPercent(const json& v, int total, bool round_up);
// Sets a condition of `conditions` (an array), keeping lastTransitionTime
// when the status is unchanged. `update_time` also refreshes lastUpdateTime.
void SetCondition(json& conditions, const std::string& type, const std::string& status,
                  const std::string& reason, const std::string& message, const std::string& now,
                  bool with_update_time);
const json* FindCondition(const json& conditions, const std::string& type);
// Creates `object` of `key` as the API server would (identity, defaults).
json CreateObject(Store& store, const std::string& key, json object, const std::string& now);
// A pod named `name` made from `owner`'s pod template (labels,
// annotations, spec) with a controller reference to `owner`.
json PodFromTemplate(const json& owner, const json& pod_template, const std::string& name);
// Stores `after` when it differs from `before`.
void PutIfChanged(Store& store, const std::string& key, const json& before, const json& after);
// Sets the status of the stored `object` (as it is now: a step may have
// written it since) when that changes it.
void PutStatus(Store& store, const std::string& key, const json& object, const json& status);
// Runs `sync` on a copy of each object of `key` that is not being deleted,
// Guarded.
void SyncEach(Store& store, const std::string& key, const std::function<void(const json&)>& sync);
// Runs one controller step for `object`; an object the controllers cannot
// handle (a malformed field) is reported on stderr once and skipped, so
// that it cannot stop the others.
void Guarded(const json& object, const std::function<void()>& step);
// Omits zero-valued counters, as Go's omitempty does.
void SetCount(json& status, const char* field, int value);

}  // namespace qareports::emulator
