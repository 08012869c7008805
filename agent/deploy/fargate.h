// Which namespaces an EKS cluster can run pods in at all, from its eksctl
// ClusterConfig (`fargateProfiles[].selectors[].namespace`): a pod outside
// them waits for a node that will never come. Reads the file.
#pragma once

#include <set>
#include <string>

#include "sys/file_system.h"
#include "util/result.h"

namespace qareports::deploy {

// InvalidInput (file:line) when the file is not a ClusterConfig.
Result<std::set<std::string>> FargateNamespaces(const std::string& path, const std::string& shown_as,
                                                const sys::FileSystem& fs);

}  // namespace qareports::deploy
