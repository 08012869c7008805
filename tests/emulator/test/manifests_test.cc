// The project's own Kubernetes manifests (k8s/, staging overlay) rendered
// with stand-in values for their ${...} placeholders, applied server-side
// by the real kubectl to the emulator, then diffed: they must apply cleanly
// and be stable. Files with kinds the emulator does not serve are left out,
// and the test says which.
#include <httplib.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>

#include "fixtures/build_paths.h"
#include "storage/resource_table.h"
#include "test_support.h"

namespace qareports::emulator::testing {
namespace {

namespace fs = std::filesystem;

// Replaces ${name} and ${secret:NAME} with stand-in values.
std::string Render(std::string text) {
  std::size_t pos = 0;
  while ((pos = text.find("${", pos)) != std::string::npos) {
    auto end = text.find('}', pos);
    if (end == std::string::npos) break;
    std::string name = text.substr(pos + 2, end - pos - 2), value = "placeholder";
    if (name == "image") value = "squadproject/squad:1.90";
    else if (name == "namespace") value = "qareports-staging";
    else if (name.size() > 9 && name.substr(name.size() - 9) == "_replicas") value = "2";
    else if (name.rfind("secret:", 0) == 0) value = "c2VjcmV0";
    text.replace(pos, end - pos + 1, value);
  }
  return text;
}

std::string Manager(const std::string& file) { return "test-" + fs::path(file).stem().string(); }

// The namespace the file's objects name, or "" when none does.
std::string NamespaceOf(const std::string& text) {
  for (const auto& doc : YAML::LoadAll(text))
    if (doc.IsMap() && doc["metadata"] && doc["metadata"]["namespace"])
      return doc["metadata"]["namespace"].as<std::string>();
  return "";
}

// Why `path` cannot be applied, or "" when it can.
std::string Unusable(const std::string& path) {
  std::string text = Render(ReadFile(path));
  if (text.find("{{") != std::string::npos) return "has template placeholders";
  if (path.find("/overlays/") != std::string::npos && path.find("/overlays/staging/") == std::string::npos)
    return "belongs to another environment's overlay";
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

TEST(ProjectManifestsTest, ApplyServerSideDiffCleanAndRollOut) {
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
  std::vector<std::pair<std::string, std::string>> rendered;  // file, namespace
  for (const auto& file : usable) {
    std::string text = Render(ReadFile(file));
    std::string ns_of = NamespaceOf(text);
    std::string out = emu.dir().Write(fs::path(file).parent_path().filename().string() + "-" +
                                          fs::path(file).filename().string(), text);
    rendered.push_back({out, ns_of.empty() ? "qareports-staging" : ns_of});
    // One field manager per file: an overlay co-owns the objects it merges into.
    auto r = emu.Kubectl({"apply", "--server-side", "--field-manager", Manager(out), "-n", rendered.back().second, "-f", out});
    EXPECT_EQ(r.exit_code, 0) << file << ":\n" << r.out << r.err;
  }
  std::set<std::string> namespaces;
  for (const auto& [file, ns_of] : rendered) namespaces.insert(ns_of);
  // A diff compares a read with a dry run: the rollouts' status writes must be over.
  for (const std::string& ns : namespaces) ASSERT_EQ(emu.Settle(ns), "") << ns;
  for (const auto& [file, ns_of] : rendered) {
    auto r = emu.Kubectl({"diff", "--server-side", "--field-manager", Manager(file), "-n", ns_of, "-f", file});
    EXPECT_EQ(r.exit_code, 0) << file << " is not stable:\n" << r.out << r.err;
  }
  auto r = emu.Kubectl({"get", "deploy", "web", "-n", "qareports-staging", "-o", "name"});
  if (r.exit_code != 0) return;  // no web Deployment in the manifests
  r = emu.Kubectl({"rollout", "status", "deploy/web", "-n", "qareports-staging", "--timeout=60s"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err
                            << emu.Kubectl({"get", "pods,events", "-n", "qareports-staging"}).out;
  httplib::Client squad(emu.squad_url());
  auto version = squad.Get("/qareports-staging/api/version/");
  ASSERT_TRUE(version);
  EXPECT_EQ(version->body, "1.90");
}

}  // namespace
}  // namespace qareports::emulator::testing
