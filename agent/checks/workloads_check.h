// The `workloads` check: every Deployment qareports manages in the
// environment is rolled out and available, its SQUAD containers at the
// expected version. Reads the cluster.
#pragma once

#include "checks/check.h"

namespace qareports::checks {

CheckResult WorkloadsCheck(const config::Check& check, kube::Client& client, const std::string& ns,
                      const std::string& environment, const std::string& squad_image, const std::string& version,
                      const sys::Clock& clock);

}  // namespace qareports::checks
