#include "checks/workloads_check.h"

#include "kube/pods.h"
#include "plan/planner.h"
#include "rollout/status.h"
#include "util/json_fields.h"
#include "util/strings.h"

namespace qareports::checks {

CheckResult WorkloadsCheck(const config::Check& check, kube::Client& client, const std::string& ns,
                      const std::string& environment, const std::string& squad_image, const std::string& version,
                      const sys::Clock& clock) {
  CheckResult r = ResultFor(check);
  double start = clock.Elapsed();
  Result<kube::ApiResult> list = client.Call(kube::Get("/apis/apps/v1/namespaces/" + ns +
                                                       "/deployments?labelSelector=" + plan::ManagedSelector(environment)));
  r.seconds = clock.Elapsed() - start;
  if (!list.ok() || !list->ok()) {
    r.message = "cannot list the Deployments of " + ns + ": " + (list.ok() ? list->Message() : list.error().message);
    return r;
  }
  std::vector<std::string> problems;
  size_t count = 0;
  for (const auto& d : list->Items()) {
    ++count;
    std::string name = util::ObjectField(d, "metadata").value("name", "");
    rollout::DeploymentState state = rollout::Evaluate(d);
    if (!state.done) problems.push_back(name + ": " + state.message);
    for (const auto& c : kube::PodSpecOf(d).value("containers", nlohmann::json::array())) {
      std::string image = c.value("image", "");
      if (image.rfind(squad_image + ":", 0) == 0 && image != squad_image + ":" + version) {
        problems.push_back(name + ": runs " + image + ", expected " + squad_image + ":" + version);
      }
    }
  }
  if (count == 0) problems.push_back("no Deployment of " + environment + " in " + ns);
  r.passed = problems.empty();
  r.message = r.passed ? std::to_string(count) + " Deployments available at SQUAD " + version : util::Join(problems, "; ");
  return r;
}

}  // namespace qareports::checks
