// kubectl's typed commands (create namespace|configmap|secret|deployment|
// job|cronjob|service|serviceaccount|role|rolebinding|clusterrole|
// clusterrolebinding|priorityclass|poddisruptionbudget|quota|ingress,
// autoscale) send protobuf bodies. Each is run twice: as typed, into one
// namespace, and as the JSON the same command prints with
// --dry-run=client -o json, created with `create -f` into another. The
// stored objects must be the same: the protobuf decoded to what the JSON
// says.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "storage/base64.h"

#include "test_support.h"

namespace qareports::emulator::testing {
namespace {

using nlohmann::json;

struct Typed {
  std::string resource;  // as `kubectl get` names it
  std::string name;      // "~" is the side's prefix for cluster-scoped objects
  std::vector<std::string> args;
};

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

std::vector<std::string> ForSide(const std::vector<std::string>& args, const std::string& side) {
  std::vector<std::string> out;
  for (const auto& a : args) out.push_back(Replace(Replace(a, "~", side + "-"), "NS", side));
  return out;
}

// `args` with `flags` added before a "--" (after which come the container's arguments).
std::vector<std::string> WithFlags(std::vector<std::string> args, const std::vector<std::string>& flags) {
  auto at = std::find(args.begin(), args.end(), "--");
  args.insert(at, flags.begin(), flags.end());
  return args;
}

// What differs between two creations of one object by nature: identity,
// times, allocated addresses, the Job's uid-based selector, and status
// (written by the controllers as time passes).
json Normalize(json o, const std::string& side) {
  o.erase("status");
  json& m = o["metadata"];
  for (const char* k : {"uid", "resourceVersion", "creationTimestamp", "namespace"}) m.erase(k);
  if (o.contains("spec") && o["spec"].is_object()) {
    json& spec = o["spec"];
    spec.erase("clusterIP");
    spec.erase("clusterIPs");
    if (spec.value("type", "") == "LoadBalancer")  // node ports allocated
      for (auto& p : spec["ports"]) p.erase("nodePort");
    for (const char* k : {"batch.kubernetes.io/controller-uid", "controller-uid"}) {
      if (spec.contains("selector") && spec["selector"].contains("matchLabels")) spec["selector"]["matchLabels"].erase(k);
      if (spec.contains("template") && spec["template"]["metadata"].contains("labels"))
        spec["template"]["metadata"]["labels"].erase(k);
    }
  }
  std::string text = o.dump();
  text = Replace(text, "\"" + side + "\"", "\"NS\"");
  text = Replace(text, side + "-", "~");
  return json::parse(text);
}

class KubectlCreateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (KubectlPath().empty()) GTEST_SKIP() << "no kubectl found ($QAREPORTS_KUBECTL, /usr/bin/kubectl, PATH)";
    std::string error;
    ASSERT_TRUE(emu_.Start(&error)) << error;
    // The protobuf side's namespace by the typed command, the JSON side's from its JSON.
    auto r = emu_.Kubectl({"create", "namespace", "pb"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "namespace/pb created\n");
    CreateFromJson(emu_.Kubectl({"create", "namespace", "js", "--dry-run=client", "-o", "json"}), "");
    EXPECT_EQ(Normalize(Get("namespace", "pb", ""), "pb"), Normalize(Get("namespace", "js", ""), "js"));
  }

  void CreateFromJson(const ProcessResult& dry_run, const std::string& ns) {
    ASSERT_EQ(dry_run.exit_code, 0) << dry_run.err;
    std::string file = emu_.dir().Write("object.json", dry_run.out);
    std::vector<std::string> args = {"create", "-f", file};
    if (!ns.empty()) args.insert(args.end(), {"-n", ns});
    auto r = emu_.Kubectl(args);
    ASSERT_EQ(r.exit_code, 0) << dry_run.out << r.err;
  }

  json Get(const std::string& resource, const std::string& name, const std::string& ns) {
    std::vector<std::string> args = {"get", resource, name, "-o", "json"};
    if (!ns.empty()) args.insert(args.end(), {"-n", ns});
    auto r = emu_.Kubectl(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json();
  }

  // Runs `typed` both ways and compares what was stored.
  void Check(const Typed& typed) {
    SCOPED_TRACE(typed.args[0] + " " + typed.args[1] + " " + typed.args[2]);
    bool cluster = typed.name.find('~') != std::string::npos;
    std::vector<std::string> pb_flags, js_flags = {"--dry-run=client", "-o", "json"};
    if (!cluster) {
      pb_flags = {"-n", "pb"};
      js_flags.insert(js_flags.end(), {"-n", "js"});
    }
    auto r = emu_.Kubectl(WithFlags(ForSide(typed.args, "pb"), pb_flags));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    CreateFromJson(emu_.Kubectl(WithFlags(ForSide(typed.args, "js"), js_flags)), cluster ? "" : "js");
    json from_protobuf = Get(typed.resource, ForSide({typed.name}, "pb")[0], cluster ? "" : "pb");
    json from_json = Get(typed.resource, ForSide({typed.name}, "js")[0], cluster ? "" : "js");
    ASSERT_TRUE(from_protobuf.is_object());
    EXPECT_EQ(Normalize(from_protobuf, "pb").dump(2), Normalize(from_json, "js").dump(2));
  }

  Emulator emu_;
};

TEST_F(KubectlCreateTest, ConfigMapsAndSecretsDecodeAsTheirJson) {
  std::string blob = emu_.dir().Write("blob.bin", std::string("\x00\xff\x10 binary\n", 10));
  std::string text = emu_.dir().Write("settings.ini", "[squad]\nDEBUG=0\n");
  Check({"configmap", "settings",
         {"create", "configmap", "settings", "--from-literal=SITE_NAME=qa-reports", "--from-literal=EMPTY=",
          "--from-file=" + text, "--from-file=blob=" + blob}});
  Check({"secret", "creds",
         {"create", "secret", "generic", "creds", "--from-literal=password=s3cret", "--from-file=" + blob}});
  Check({"secret", "pull",
         {"create", "secret", "docker-registry", "pull", "--docker-server=registry.example.org",
          "--docker-username=u", "--docker-password=p", "--docker-email=u@example.org"}});
  json cm = Get("configmap", "settings", "pb");
  EXPECT_EQ(cm["data"]["EMPTY"], "");
  EXPECT_EQ(cm["binaryData"]["blob"], "AP8QIGJpbmFyeQ==");
}

TEST_F(KubectlCreateTest, TlsSecretsDecodeAsTheirJson) {
  // A real key pair: the emulator's client certificate, from its kubeconfig.
  YAML::Node kc = YAML::LoadFile(emu_.kubeconfig());
  std::string cert, key;
  for (const auto& u : kc["users"])
    if (u["name"].as<std::string>() == "emulator-cert") {
      ASSERT_TRUE(Base64Decode(u["user"]["client-certificate-data"].as<std::string>(), &cert));
      ASSERT_TRUE(Base64Decode(u["user"]["client-key-data"].as<std::string>(), &key));
    }
  ASSERT_FALSE(cert.empty());
  Check({"secret", "web-tls",
         {"create", "secret", "tls", "web-tls", "--cert=" + emu_.dir().Write("tls.crt", cert),
          "--key=" + emu_.dir().Write("tls.key", key)}});
  json secret = Get("secret", "web-tls", "pb");
  EXPECT_EQ(secret["type"], "kubernetes.io/tls");
  EXPECT_EQ(secret["data"]["tls.crt"], Base64Encode(cert));
}

// `kubectl create token` posts a protobuf TokenRequest to the account's
// token subresource and prints the token, which then authenticates.
TEST_F(KubectlCreateTest, TokensAreIssuedForAnAccountAndEndWithIt) {
  ASSERT_EQ(emu_.Kubectl({"create", "serviceaccount", "deployer", "-n", "pb"}).exit_code, 0);
  auto r = emu_.Kubectl({"create", "token", "deployer", "-n", "pb", "--duration=20m"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string token = r.out.substr(0, r.out.find('\n'));
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2) << "a JWT's three parts: " << token;
  auto as_account = emu_.Kubectl({"--token=" + token, "get", "serviceaccount", "deployer", "-n", "pb", "-o", "name"});
  EXPECT_EQ(as_account.exit_code, 0) << as_account.err;
  EXPECT_EQ(as_account.out, "serviceaccount/deployer\n");

  auto short_lived = emu_.Kubectl({"create", "token", "deployer", "-n", "pb", "--duration=1m"});
  EXPECT_NE(short_lived.exit_code, 0);
  EXPECT_NE(short_lived.err.find("may not specify a duration less than 10 minutes"), std::string::npos)
      << short_lived.err;
  auto missing = emu_.Kubectl({"create", "token", "nobody", "-n", "pb"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("serviceaccounts \"nobody\" not found"), std::string::npos) << missing.err;

  // The token is bound to the account: deleted, it no longer authenticates.
  ASSERT_EQ(emu_.Kubectl({"delete", "serviceaccount", "deployer", "-n", "pb"}).exit_code, 0);
  auto after = emu_.Kubectl({"--token=" + token, "get", "serviceaccounts", "-n", "pb"});
  EXPECT_NE(after.exit_code, 0);
  EXPECT_NE(after.err.find("Unauthorized"), std::string::npos) << after.err;
}

TEST_F(KubectlCreateTest, WorkloadsDecodeAsTheirJson) {
  Check({"deployment", "web",
         {"create", "deployment", "web", "--image=squadproject/squad:1.89", "--image=redis:7", "--port=8000",
          "--replicas=2"}});
  Check({"deployment", "zero", {"create", "deployment", "zero", "--image=busybox", "--replicas=0"}});
  Check({"job", "migrate", {"create", "job", "migrate", "--image=busybox", "--", "sh", "-c", "echo hi"}});
  Check({"cronjob", "nightly",
         {"create", "cronjob", "nightly", "--image=busybox", "--schedule=0 3 * * *", "--restart=OnFailure",
          "--", "date"}});
  auto r = emu_.Kubectl({"autoscale", "deployment", "web", "--min=2", "--max=5", "--cpu-percent=70", "-n", "pb"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  CreateFromJson(emu_.Kubectl({"autoscale", "deployment", "web", "--min=2", "--max=5", "--cpu-percent=70",
                               "-n", "js", "--dry-run=client", "-o", "json"}),
                 "js");
  EXPECT_EQ(Normalize(Get("hpa", "web", "pb"), "pb").dump(2), Normalize(Get("hpa", "web", "js"), "js").dump(2));
  EXPECT_EQ(Get("hpa", "web", "pb")["spec"]["maxReplicas"], 5);
}

TEST_F(KubectlCreateTest, ServicesAndAccountsDecodeAsTheirJson) {
  Check({"service", "web", {"create", "service", "clusterip", "web", "--tcp=80:8000", "--tcp=443:8443"}});
  Check({"service", "headless", {"create", "service", "clusterip", "headless", "--clusterip=None", "--tcp=5432"}});
  Check({"service", "np", {"create", "service", "nodeport", "np", "--tcp=80:8000", "--node-port=30080"}});
  Check({"service", "lb", {"create", "service", "loadbalancer", "lb", "--tcp=443:8443"}});
  Check({"service", "ext", {"create", "service", "externalname", "ext", "--external-name=db.example.org"}});
  Check({"serviceaccount", "deployer", {"create", "serviceaccount", "deployer"}});
}

TEST_F(KubectlCreateTest, PoliciesDecodeAsTheirJson) {
  Check({"role", "reader",
         {"create", "role", "reader", "--verb=get,list,watch", "--resource=pods,deployments.apps,pods/log"}});
  Check({"rolebinding", "readers",
         {"create", "rolebinding", "readers", "--role=reader", "--user=alice", "--group=devs",
          "--serviceaccount=NS:deployer"}});
  Check({"clusterrole", "~viewer",
         {"create", "clusterrole", "~viewer", "--verb=get", "--resource=nodes", "--non-resource-url=/healthz"}});
  Check({"clusterrolebinding", "~viewers",
         {"create", "clusterrolebinding", "~viewers", "--clusterrole=~viewer", "--user=bob"}});
  Check({"priorityclass", "~high",
         {"create", "priorityclass", "~high", "--value=1000", "--description=SQUAD web",
          "--preemption-policy=Never"}});
  Check({"priorityclass", "~zero", {"create", "priorityclass", "~zero", "--value=0"}});
  Check({"poddisruptionbudget", "web",
         {"create", "poddisruptionbudget", "web", "--selector=app=web", "--min-available=50%"}});
  Check({"poddisruptionbudget", "worker",
         {"create", "poddisruptionbudget", "worker", "--selector=app=worker", "--max-unavailable=1"}});
  Check({"resourcequota", "q", {"create", "quota", "q", "--hard=pods=10,requests.cpu=2,limits.memory=4Gi"}});
  Check({"ingress", "web",
         {"create", "ingress", "web", "--class=alb", "--rule=squad.example.org/*=web:80,tls=squad-tls",
          "--default-backend=web:80", "--annotation=a=b"}});
  EXPECT_EQ(Get("priorityclass", "pb-zero", "")["value"], 0);
}

}  // namespace
}  // namespace qareports::emulator::testing
