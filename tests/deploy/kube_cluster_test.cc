// An environment's cluster as the emulator serves it: opened once per
// environment, the namespace made when it is missing, the deploy lock held
// against a second job until released, and a context the kubeconfig lacks
// refused as invalid input.
#include "deploy/kube_cluster.h"

#include <gtest/gtest.h>

#include "fixtures/emulator_client.h"

namespace qareports::testing {
namespace {

class KubeClusterTest : public EmulatorClientTest {
 protected:
  config::Environment Env(const std::string& ns, const std::string& context = "emulator") {
    config::Environment e;
    e.name = "staging";
    e.namespace_ = ns;
    e.context = context;
    return e;
  }
  sys::Sys Sys() { return sys::Sys{c_.env, c_.fs, c_.clock, "/", c_.runner, c_.http, false}; }
};

TEST_F(KubeClusterTest, TheNamespaceIsMadeWhenMissingAndTheClusterOpenedOnce) {
  sys::Sys sys = Sys();
  deploy::KubeClusters clusters(sys, cluster_->kubeconfig(), "");
  config::Environment env = Env("qareports-new");
  deploy::Cluster& cluster = clusters.For(env);
  EXPECT_EQ(&cluster, &clusters.For(env)) << "one cluster per environment";
  ASSERT_TRUE(cluster.EnsureNamespace().ok());
  EXPECT_EQ(c_.client->Call(kube::Get("/api/v1/namespaces/qareports-new"))->status, 200);
  EXPECT_TRUE(cluster.EnsureNamespace().ok()) << "an existing namespace is fine";
  EXPECT_EQ(cluster.Request().context, "emulator");
}

TEST_F(KubeClusterTest, ASecondJobFindsTheLockHeldUntilTheFirstReleasesIt) {
  sys::Sys sys = Sys();
  deploy::KubeClusters clusters(sys, cluster_->kubeconfig(), "");
  config::Environment env = Env("default");
  deploy::Cluster& cluster = clusters.For(env);
  Result<std::unique_ptr<deploy::HeldLock>> first = cluster.Lock("job-1");
  ASSERT_TRUE(first.ok()) << first.error().message;
  Result<std::unique_ptr<deploy::HeldLock>> second = cluster.Lock("job-2");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::kLockHeld);
  EXPECT_NE(second.error().message.find("job-1"), std::string::npos) << second.error().message;
  ASSERT_TRUE((*first)->Release().ok());
  EXPECT_TRUE(cluster.Lock("job-2").ok());
}

TEST_F(KubeClusterTest, AContextTheKubeconfigLacksIsInvalidInputForEveryUse) {
  sys::Sys sys = Sys();
  deploy::KubeClusters clusters(sys, cluster_->kubeconfig(), "");
  config::Environment env = Env("default", "no-such-context");
  deploy::Cluster& cluster = clusters.For(env);
  Result<kube::Session*> session = cluster.Session();
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(session.error().message.find("no-such-context"), std::string::npos) << session.error().message;
  Result<release::Store*> store = cluster.Releases();
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(cluster.EnsureNamespace().ok());
}

TEST_F(KubeClusterTest, ContextGivenForTheRunOverridesEveryEnvironments) {
  sys::Sys sys = Sys();
  deploy::KubeClusters clusters(sys, cluster_->kubeconfig(), "emulator");
  config::Environment env = Env("default", "no-such-context");
  EXPECT_EQ(clusters.For(env).Request().context, "emulator");
  EXPECT_TRUE(clusters.For(env).Session().ok());
}

}  // namespace
}  // namespace qareports::testing
