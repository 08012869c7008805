#include "kube/kubeconfig.h"

#include <gtest/gtest.h>

#include "fakes/fake_sys.h"
#include "fixtures/temp_dir.h"
#include "util/base64.h"

namespace qareports::testing {
namespace {

std::string Kubeconfig(const std::string& cluster_server, const std::string& extra_user = "",
                       const std::string& current = "eks") {
  return R"(apiVersion: v1
kind: Config
clusters:
- name: eks
  cluster:
    server: )" + cluster_server + R"(
    certificate-authority-data: )" + util::Base64Encode("CA PEM") + R"(
users:
- name: ci
  user:
    token: static-token
)" + extra_user + R"(contexts:
- name: eks
  context: {cluster: eks, user: ci, namespace: qareports-staging}
current-context: )" + current + "\n";
}

class KubeconfigTest : public ::testing::Test {
 protected:
  Result<kube::Target> Resolve(kube::TargetRequest request) { return kube::ResolveTarget(request, env_, fs_); }
  TempDir dir_;
  FakeEnvironment env_;
  sys::RealFileSystem fs_;
};

TEST_F(KubeconfigTest, ReadsServerCaTokenAndNamespace) {
  dir_.Write("config", Kubeconfig("https://eks.example.org/"));
  Result<kube::Target> t = Resolve({dir_ / "config", "eks"});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->server, "https://eks.example.org");
  EXPECT_EQ(t->tls.ca_pem, "CA PEM");
  EXPECT_EQ(t->token, "static-token");
  EXPECT_EQ(t->namespace_, "qareports-staging");
  EXPECT_FALSE(t->tls.insecure);
}

TEST_F(KubeconfigTest, AServerThatIsNotAnHttpsUrlIsInvalidInputNamingTheFile) {
  dir_.Write("config", Kubeconfig("ftp://eks.example.org"));
  Result<kube::Target> t = Resolve({dir_ / "config", "eks"});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(t.error().ToString().find(dir_ / "config"), std::string::npos) << t.error().ToString();
  EXPECT_NE(t.error().ToString().find("\"ftp://eks.example.org\" is not an https:// (or http://) URL"),
            std::string::npos) << t.error().ToString();
}

TEST_F(KubeconfigTest, KubeconfigListMergesAsKubectlDoesFirstDefinitionWins) {
  dir_.Write("a", Kubeconfig("https://first.example.org", "", "eks"));
  dir_.Write("b", Kubeconfig("https://second.example.org", "", "other") +
                      "# a second context only b has\n");
  std::string b = dir_.Read("b");
  b.replace(b.find("contexts:\n"), 10, "contexts:\n- name: other\n  context: {cluster: eks, user: ci}\n");
  dir_.Write("b", b);
  env_.vars["KUBECONFIG"] = dir_ / "missing" + ":" + dir_ / "a" + ":" + dir_ / "b";
  Result<kube::Target> t = Resolve({"", ""});  // current-context: the first file's
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->context, "eks");
  EXPECT_EQ(t->server, "https://first.example.org");
  Result<kube::Target> other = Resolve({"", "other"});
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  EXPECT_EQ(other->server, "https://first.example.org");  // cluster "eks" defined first in a
}

TEST_F(KubeconfigTest, MissingContextNamesTheContextAndTheFilesAndNeverFallsBack) {
  dir_.Write("config", Kubeconfig("https://eks.example.org"));
  Result<kube::Target> t = Resolve({dir_ / "config", "production-eks"});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(t.error().message.find("context \"production-eks\" is not in the kubeconfig " + dir_ / "config"),
            std::string::npos)
      << t.error().message;
  EXPECT_NE(t.error().message.find("its contexts: eks"), std::string::npos);
}

TEST_F(KubeconfigTest, FilesAreRelativeToTheKubeconfigThatNamesThem) {
  dir_.Write("sub/ca.crt", "FILE CA");
  dir_.Write("sub/client.crt", "CERT");
  dir_.Write("sub/client.key", "KEY");
  dir_.Write("sub/token", "file-token\n");
  dir_.Write("sub/config", R"(clusters:
- name: c
  cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt}
users:
- name: u
  user: {client-certificate: client.crt, client-key: client.key, tokenFile: token}
contexts:
- name: x
  context: {cluster: c, user: u}
)");
  Result<kube::Target> t = Resolve({dir_ / "sub/config", "x"});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->tls.ca_pem, "FILE CA");
  EXPECT_EQ(t->tls.client_cert_pem, "CERT");
  EXPECT_EQ(t->tls.client_key_pem, "KEY");
  EXPECT_EQ(t->token_file, dir_ / "sub/token");
  dir_.Write("sub/config", dir_.Read("sub/config") + "\n");
  std::remove((dir_ / "sub/ca.crt").c_str());
  Result<kube::Target> missing = Resolve({dir_ / "sub/config", "x"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(missing.error().message.find("ca.crt"), std::string::npos);
}

TEST_F(KubeconfigTest, ExecPluginAndInsecureFlag) {
  dir_.Write("config", R"(clusters:
- name: c
  cluster: {server: "https://x", insecure-skip-tls-verify: true}
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: aws
      args: [eks, get-token, --cluster-name, qareports]
      env: [{name: AWS_PROFILE, value: ci}]
      interactiveMode: Never
      provideClusterInfo: true
      installHint: install the AWS CLI
contexts:
- name: x
  context: {cluster: c, user: u}
)");
  Result<kube::Target> t = Resolve({dir_ / "config", "x"});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_TRUE(t->tls.insecure);
  ASSERT_TRUE(t->exec.has_value());
  EXPECT_EQ(t->exec->command, "aws");
  EXPECT_EQ(t->exec->args.size(), 4u);
  EXPECT_EQ(t->exec->env.at("AWS_PROFILE"), "ci");
  EXPECT_TRUE(t->exec->provide_cluster_info);
}

TEST_F(KubeconfigTest, MalformedKubeconfigIsInvalidInputWithALine) {
  dir_.Write("config", "clusters:\n- name: c\n  cluster: {server: [\n");
  Result<kube::Target> t = Resolve({dir_ / "config", "x"});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(t.error().place.find(dir_ / "config:"), std::string::npos);
  EXPECT_FALSE(Resolve({dir_ / "nope", "x"}).ok());
}

TEST_F(KubeconfigTest, InClusterWhenThereIsNoKubeconfig) {
  dir_.Write("sa/token", "sa-token");
  dir_.Write("sa/ca.crt", "SA CA");
  dir_.Write("sa/namespace", "qareports-staging\n");
  env_.vars = {{"HOME", dir_ / "home"}, {"KUBERNETES_SERVICE_HOST", "10.0.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}};
  kube::TargetRequest request{"", "eks", dir_ / "sa"};
  Result<kube::Target> t = Resolve(request);
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->server, "https://10.0.0.1:443");
  EXPECT_EQ(t->tls.ca_pem, "SA CA");
  EXPECT_EQ(t->token_file, dir_ / "sa/token");
  EXPECT_EQ(t->namespace_, "qareports-staging");
  env_.vars.erase("KUBERNETES_SERVICE_HOST");
  Result<kube::Target> none = Resolve(request);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace qareports::testing
