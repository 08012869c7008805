// The SMTP relay of k8s/cluster-services, closed: as rendered from the
// project's own files, it relays mail only from the environments' senders,
// admits only SQUAD's namespaces, and sends with its service account's
// role (declared in k8s/cluster.yml), not a node's.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <regex>

#include "config/loader.h"
#include "fakes/fake_sys.h"
#include "fixtures/build_paths.h"
#include "manifest/renderer.h"

namespace qareports::testing {
namespace {

class ClusterServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<config::Config> c = config::Load(std::string(QAREPORTS_SOURCE_DIR) + "/pipelines/environments.yml", fs_);
    ASSERT_TRUE(c.ok()) << c.error().ToString();
    config_ = *c;
    Result<manifest::Rendered> r = manifest::RenderPaths({"k8s/cluster-services"}, config_,
                                                         config_.environments.at("staging"), fs_, env_, false);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    for (const manifest::SourcedObject& o : r->objects) objects_[o.object["kind"].get<std::string>()] = o.object;
    ASSERT_TRUE(objects_.count("Deployment") && objects_.count("NetworkPolicy"));
  }

  // The relay's sender pattern, its `-l` argument.
  std::regex Senders() const {
    const nlohmann::json& args = objects_.at("Deployment")["spec"]["template"]["spec"]["containers"][0]["args"];
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == "-l") return std::regex(args[i + 1].get<std::string>());
    }
    ADD_FAILURE() << "the relay has no -l (allowed senders): it relays for anyone";
    return std::regex(".*");
  }

  sys::RealFileSystem fs_;
  FakeEnvironment env_;
  config::Config config_;
  std::map<std::string, nlohmann::json> objects_;
};

TEST_F(ClusterServicesTest, TheRelayRefusesEverySenderButTheEnvironments) {
  std::regex senders = Senders();
  for (const auto& [name, env] : config_.environments) {
    if (env.cluster_file.empty()) continue;  // dev runs no relay
    ASSERT_TRUE(env.values.count("email_from")) << name;
    EXPECT_TRUE(std::regex_match(env.values.at("email_from"), senders)) << name << " cannot send";
  }
  for (const char* outsider : {"attacker@example.com", "noreply@qa-reports.linaro.org.example.com",
                               "noreply@qa-reportsXlinaro.org", "admin@qa-reports.linaro.org",
                               "x@noreply@qa-reports.linaro.org", ""}) {
    EXPECT_FALSE(std::regex_match(std::string(outsider), senders)) << outsider << " may send";
  }
}

TEST_F(ClusterServicesTest, OnlySquadsNamespacesReachTheRelayWhichUsesItsOwnRole) {
  const nlohmann::json& from = objects_.at("NetworkPolicy")["spec"]["ingress"][0]["from"][0];
  std::set<std::string> admitted;
  for (const auto& v : from["namespaceSelector"]["matchExpressions"][0]["values"]) admitted.insert(v);
  std::set<std::string> squad;
  for (const auto& [name, env] : config_.environments) {
    if (!env.cluster_file.empty()) squad.insert(env.namespace_);
  }
  EXPECT_EQ(admitted, squad);
  const nlohmann::json& pod = objects_.at("Deployment")["spec"]["template"]["spec"];
  EXPECT_EQ(pod.value("serviceAccountName", ""), "aws-smtp-relay");
  EXPECT_FALSE(pod.contains("nodeSelector")) << "the relay needs no node role: " << pod.dump();
  // Its role: declared for that service account, with the shared layer's SES policy.
  YAML::Node cluster = YAML::LoadFile(std::string(QAREPORTS_SOURCE_DIR) + "/k8s/cluster.yml");
  bool declared = false;
  for (const auto& sa : cluster["iam"]["serviceAccounts"]) {
    declared = declared || (sa["metadata"]["name"].Scalar() == "aws-smtp-relay" &&
                            sa["metadata"]["namespace"].Scalar() == "kube-system" &&
                            sa["attachPolicyARNs"][0].Scalar() == "${smtp_relay_policy_arn}");
  }
  EXPECT_TRUE(declared);
  EXPECT_FALSE(cluster["managedNodeGroups"]) << "no EC2 node group is needed any more";
}

}  // namespace
}  // namespace qareports::testing
