// The Table columns and cells of the workload kinds (Deployment,
// ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job, CronJob),
// as a real server prints them. Pure; table.cc assembles the Table.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "controllers/sim_clock.h"

namespace qareports::emulator {

using json = nlohmann::json;

struct TableColumn {
  const char* name;
  const char* type;
  int priority;  // 1: shown with -o wide
};

bool IsWorkloadKind(const std::string& kind);
std::vector<TableColumn> WorkloadColumns(const std::string& kind);
json WorkloadCells(const std::string& kind, const json& o, const std::string& age, SimTime now);

}  // namespace qareports::emulator
