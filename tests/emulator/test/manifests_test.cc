// The project's own Kubernetes manifests (k8s/) applied server-side by the
// real kubectl to the emulator, then diffed: they must apply cleanly and
// be stable. Files with template placeholders or kinds the emulator does
// not serve are left out, and the test says which.
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "resource_table.h"
#include "test_support.h"

namespace qareports::emulator::testing {
namespace {

namespace fs = std::filesystem;

// Why `path` cannot be applied as it is, or "" when it can.
std::string Unusable(const std::string& path) {
  std::string text = ReadFile(path);
  if (text.find("{{") != std::string::npos || text.find("${") != std::string::npos)
    return "has template placeholders";
  try {
    for (const auto& doc : YAML::LoadAll(text)) {
      if (!doc.IsMap()) continue;
      std::string api = doc["apiVersion"].as<std::string>(""), kind = doc["kind"].as<std::string>("");
      if (!FindByKind(api, kind)) return "kind " + api + "/" + kind + " is not served";
    }
  } catch (const std::exception& e) {
    return std::string("is not YAML: ") + e.what();
  }
  return "";
}

TEST(ProjectManifestsTest, ApplyServerSideAndDiffClean) {
  QAREPORTS_REQUIRE_KUBECTL();
  std::vector<std::string> usable;
  fs::path k8s = fs::path(QAREPORTS_SOURCE_DIR) / "k8s";
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(k8s, ec); !ec && it != fs::recursive_directory_iterator(); ++it) {
    std::string ext = it->path().extension().string();
    if (!it->is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
    std::string why = Unusable(it->path().string());
    if (why.empty()) usable.push_back(it->path().string());
    else std::printf("left out %s: %s\n", it->path().string().c_str(), why.c_str());
  }
  if (usable.empty()) {
    std::printf("SKIPPED: k8s/ holds no plain manifests yet; the fixtures stand in for them\n");
    GTEST_SKIP() << "k8s/ holds no plain manifests yet";
  }
  Emulator emu({"", 20.0, "", ""});
  QAREPORTS_START(emu);
  std::string ns = emu.dir().Write("ns.yaml",
                                   "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: qareports-staging\n---\n"
                                   "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: qareports-production\n");
  ASSERT_EQ(emu.Kubectl({"apply", "--server-side", "-f", ns}).exit_code, 0);
  std::sort(usable.begin(), usable.end());
  for (const auto& file : usable) {
    auto r = emu.Kubectl({"apply", "--server-side", "-n", "qareports-staging", "-f", file});
    EXPECT_EQ(r.exit_code, 0) << file << ":\n" << r.out << r.err;
  }
  for (const auto& file : usable) {
    auto r = emu.Kubectl({"diff", "--server-side", "-n", "qareports-staging", "-f", file});
    EXPECT_EQ(r.exit_code, 0) << file << " is not stable:\n" << r.out << r.err;
  }
}

}  // namespace
}  // namespace qareports::emulator::testing
