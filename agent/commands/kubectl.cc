#include "commands/kubectl.h"

#include <spdlog/spdlog.h>

#include "kube/pods.h"
#include "kube/session.h"
#include "util/strings.h"

namespace qareports::commands {

Result<std::string> Ssh::PodOf(const std::string& target) {
  Result<kube::Session*> session = deps_.cluster().Session();
  if (!session.ok()) return session.error();
  Result<std::vector<nlohmann::json>> pods = kube::PodsOf(*(*session)->client, deps_.env.namespace_, target);
  if (!pods.ok()) return pods.error();
  for (const nlohmann::json& p : *pods) {
    if (p["metadata"].value("name", "") == target || kube::PodReady(p)) return p["metadata"].value("name", "");
  }
  return Error::Failed("workload \"" + target + "\" has no ready pod to open a shell in");
}

Result<std::vector<std::string>> Describe::Verb() {
  if (args_.size() != 2) return Error::Usage("describe takes KIND NAME");
  return std::vector<std::string>{"describe", args_[0], args_[1]};
}

Result<std::vector<std::string>> K::Verb() {
  if (args_.empty()) return Error::Usage("k takes the kubectl arguments to run, e.g. k get pods");
  return args_;
}

Result<std::vector<std::string>> Ssh::Verb() {
  Result<std::string> pod = PodOf(target_);
  if (!pod.ok()) return pod.error();
  return std::vector<std::string>{"exec", "-it", *pod, "--", shell_};
}

Result<std::vector<std::string>> Kubectl::CommandLine() {
  std::vector<std::string> argv = {"kubectl"};
  const kube::TargetRequest& where = deps_.cluster().Request();
  if (!where.kubeconfig.empty()) argv.insert(argv.end(), {"--kubeconfig", where.kubeconfig});
  argv.insert(argv.end(), {"--context", where.context, "--namespace", deps_.env.namespace_});
  Result<std::vector<std::string>> verb = Verb();
  if (!verb.ok()) return verb.error();
  argv.insert(argv.end(), verb->begin(), verb->end());
  return argv;
}

Result<Outcome> Kubectl::Run(report::Report&) {
  Result<std::vector<std::string>> argv = CommandLine();
  if (!argv.ok()) return argv.error();
  spdlog::debug("running {}", util::Join(*argv, " "));
  sys::ProcessRequest request;
  request.argv = *argv;
  request.interactive = true;
  sys::ProcessResult r = deps_.sys.runner.Run(request);
  if (r.not_found) {
    return Error::Unavailable("kubectl is not installed or not on PATH (Debian: apt-get install kubernetes-client; "
                              "or https://kubernetes.io/docs/tasks/tools/)");
  }
  Outcome outcome;
  outcome.handed_over_exit = r.exit_code;
  return outcome;
}

}  // namespace qareports::commands
