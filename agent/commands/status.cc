#include "commands/status.h"

#include <spdlog/spdlog.h>

#include <iomanip>
#include <sstream>

#include "kube/pods.h"
#include "kube/session.h"
#include "release/store.h"
#include "rollout/status.h"
#include "util/json_fields.h"
#include "util/strings.h"

namespace qareports::commands {
namespace {

const nlohmann::json& Items(const Result<kube::ApiResult>& r) {
  static const nlohmann::json kNone = nlohmann::json::array();
  return r.ok() && r->ok() ? r->Items() : kNone;
}

std::string Images(const nlohmann::json& deployment) {
  std::vector<std::string> images;
  for (const auto& c : kube::PodSpecOf(deployment).value("containers", nlohmann::json::array())) {
    images.push_back(c.value("image", ""));
  }
  return util::Join(images, ",");
}


}  // namespace

std::string PodProblem(const nlohmann::json& pod) {
  const nlohmann::json& status = pod.value("status", nlohmann::json::object());
  std::vector<std::string> reasons;
  for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
    for (const auto& c : status.value(list, nlohmann::json::array())) {
      const nlohmann::json& state = c.value("state", nlohmann::json::object());
      std::string reason;
      if (state.contains("waiting")) reason = state["waiting"].value("reason", "Waiting");
      else if (state.contains("terminated")) reason = state["terminated"].value("reason", "Terminated");
      else if (!c.value("ready", false)) reason = "NotReady";
      if (reason.empty()) continue;
      long restarts = util::IntegerField(c, "restartCount", 0);
      reasons.push_back(c.value("name", "") + ": " + reason + (restarts ? " (restarts " + std::to_string(restarts) + ")" : ""));
    }
  }
  for (const auto& c : status.value("conditions", nlohmann::json::array())) {
    if (c.value("type", "") == "PodScheduled" && c.value("status", "") == "False") {
      reasons.push_back("unschedulable: " + c.value("message", c.value("reason", "")));
    }
  }
  if (reasons.empty()) reasons.push_back(status.value("phase", "Unknown"));
  return util::Join(reasons, "; ");
}

Result<Outcome> Status::Run(report::Report&) {
  Result<kube::Session*> session = deps_.cluster().Session();
  if (!session.ok()) return session.error();
  const std::string ns = "/namespaces/" + deps_.env.namespace_;
  std::vector<Result<kube::ApiResult>> r = (*session)->client->CallAll(
      {kube::Get("/apis/apps/v1" + ns + "/deployments"), kube::Get("/apis/autoscaling/v1" + ns + "/horizontalpodautoscalers"),
       kube::Get("/api/v1" + ns + "/pods")});
  for (const auto& each : r) {
    if (!each.ok()) return each.error();
  }
  Outcome out;
  out.data = {{"workloads", nlohmann::json::array()}, {"autoscalers", nlohmann::json::array()},
              {"pods_not_ready", nlohmann::json::array()}};
  std::ostringstream text;
  text << std::left << std::setw(16) << "WORKLOAD" << std::setw(8) << "READY" << std::setw(10) << "UPDATED"
       << std::setw(10) << "AVAILABLE" << "IMAGES\n";
  for (const auto& d : Items(r[0])) {
    rollout::DeploymentState state = rollout::Evaluate(d);  // the counts a rollout is judged by
    nlohmann::json w = {{"name", util::ObjectField(d, "metadata").value("name", "")}, {"replicas", state.want},
                        {"ready", state.ready}, {"updated", state.updated}, {"available", state.available},
                        {"images", Images(d)}};
    out.data["workloads"].push_back(w);
    text << std::setw(16) << w["name"].get<std::string>() << std::setw(8)
         << (std::to_string(state.ready) + "/" + std::to_string(state.want)) << std::setw(10) << state.updated
         << std::setw(10) << state.available << w["images"].get<std::string>() << "\n";
  }
  for (const auto& h : Items(r[1])) {
    const nlohmann::json& spec = util::ObjectField(h, "spec");
    nlohmann::json a = {{"name", util::ObjectField(h, "metadata").value("name", "")},
                        {"min", util::IntegerField(spec, "minReplicas", 1)},
                        {"max", util::IntegerField(spec, "maxReplicas", 0)},
                        {"current", util::IntegerField(util::ObjectField(h, "status"), "currentReplicas", 0)},
                        {"target_cpu", util::IntegerField(spec, "targetCPUUtilizationPercentage", 0)}};
    out.data["autoscalers"].push_back(a);
    text << "HPA " << a["name"].get<std::string>() << ": " << a["current"] << " replicas (" << a["min"] << "-"
         << a["max"] << ", target CPU " << a["target_cpu"] << "%)\n";
  }
  for (const auto& p : Items(r[2])) {
    if (kube::PodReady(p) || p.value("status", nlohmann::json::object()).value("phase", "") == "Succeeded") continue;
    nlohmann::json n = {{"name", util::ObjectField(p, "metadata").value("name", "")}, {"reason", PodProblem(p)}};
    out.data["pods_not_ready"].push_back(n);
    text << "not ready: pod " << n["name"].get<std::string>() << ": " << n["reason"].get<std::string>() << "\n";
  }
  Result<release::Store*> store = deps_.cluster().Releases();
  if (!store.ok()) return store.error();
  Result<std::vector<release::Release>> releases = (*store)->List();
  if (!releases.ok()) return releases.error();
  out.data["releases"] = nlohmann::json::array();
  for (size_t i = 0; i < releases->size(); ++i) {  // the store keeps the last 10
    const release::Release& r = (*releases)[i];
    out.data["releases"].push_back({{"number", r.number}, {"state", release::StateName(r.state)},
                                    {"version", r.version}, {"commit", r.commit}, {"time", r.time}, {"job", r.job},
                                    {"deployed", r.deployed}, {"gate", r.gate}});
    text << "release " << r.number << ": " << release::StateName(r.state) << ", SQUAD " << r.version << ", commit "
         << (r.commit.empty() ? "unknown" : r.commit.substr(0, 12)) << ", " << r.time << (r.job.empty() ? "" : ", by " + r.job)
         << (r.gate.empty() ? "" : ", gate " + r.gate) << "\n";
  }
  if (deps_.global.output != "json") deps_.out << text.str();
  return out;
}

}  // namespace qareports::commands
