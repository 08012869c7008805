#include "controllers/deployment_controller.h"

#include <algorithm>

#include "controllers/controller_util.h"
#include "storage/names.h"

namespace qareports::emulator {

namespace {

const char* kRevision = "deployment.kubernetes.io/revision";

int Revision(const json& rs) {
  return std::atoi(rs["metadata"].value("annotations", json::object()).value(kRevision, "0").c_str());
}

json WithoutHash(json tmpl) {
  if (tmpl.contains("metadata") && tmpl["metadata"].contains("labels")) {
    tmpl["metadata"]["labels"].erase("pod-template-hash");
    if (tmpl["metadata"]["labels"].empty()) tmpl["metadata"].erase("labels");
  }
  return tmpl;
}

int Spec(const json& rs) { return rs["spec"].value("replicas", 0); }
int Avail(const json& rs) { return rs.value("status", json::object()).value("availableReplicas", 0); }

}  // namespace

void DeploymentController::Tick() {
  SyncEach(store_, "deployments.apps", [&](const json& o) { Sync(o); });
}

json DeploymentController::NewReplicaSet(const json& d, std::vector<json>& rss, bool* created) {
  const json& tmpl = d["spec"]["template"];
  int max_rev = 0;
  for (const auto& rs : rss) max_rev = std::max(max_rev, Revision(rs));
  for (auto& rs : rss) {
    if (WithoutHash(rs["spec"]["template"]) != tmpl) continue;
    if (Revision(rs) != max_rev || max_rev == 0) {
      json& ann = rs["metadata"]["annotations"];
      std::string old = ann.value(kRevision, "");
      std::string history = ann.value("deployment.kubernetes.io/revision-history", "");
      if (!old.empty()) ann["deployment.kubernetes.io/revision-history"] = history.empty() ? old : history + "," + old;
      ann[kRevision] = std::to_string(max_rev + 1);
      rs = store_.Put("replicasets.apps", rs);
    }
    return rs;
  }
  const json& m = d["metadata"];
  std::string hash = TemplateHash(tmpl);
  std::string name = m.value("name", "") + "-" + hash;
  int replicas = d["spec"].value("replicas", 1);
  int surge = IntOrPercent(d["spec"].value("strategy", json::object()).value("rollingUpdate", json::object()).value("maxSurge", json(0)), replicas, true);
  json rs_tmpl = tmpl;
  rs_tmpl["metadata"]["labels"]["pod-template-hash"] = hash;
  json selector = d["spec"]["selector"];
  selector["matchLabels"]["pod-template-hash"] = hash;
  json labels = rs_tmpl["metadata"]["labels"];
  json rs = {{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"},
             {"metadata", {{"name", name}, {"namespace", m.value("namespace", "")}, {"labels", labels},
                           {"annotations", {{kRevision, std::to_string(max_rev + 1)},
                                            {"deployment.kubernetes.io/desired-replicas", std::to_string(replicas)},
                                            {"deployment.kubernetes.io/max-replicas", std::to_string(replicas + surge)}}},
                           {"ownerReferences", json::array({ControllerRef(d)})}}},
             {"spec", {{"replicas", 0}, {"minReadySeconds", d["spec"].value("minReadySeconds", 0)},
                       {"selector", selector}, {"template", rs_tmpl}}}};
  if (store_.Get("replicasets.apps", m.value("namespace", ""), name)) return json();  // hash collision: wait
  rs = CreateObject(store_, "replicasets.apps", rs, FormatTime(clock_.Now()));
  rss.push_back(rs);
  *created = true;
  return rs;
}

void DeploymentController::Scale(const json& d, json& rs, int replicas) {
  int from = Spec(rs);
  if (from == replicas) return;
  rs["spec"]["replicas"] = replicas;
  rs["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] =
      std::to_string(d["spec"].value("replicas", 1));
  rs = store_.Put("replicasets.apps", rs);
  events_.Record(d, "Normal", "ScalingReplicaSet",
                 std::string(replicas > from ? "Scaled up" : "Scaled down") + " replica set " +
                     rs["metadata"].value("name", "") + " from " + std::to_string(from) + " to " +
                     std::to_string(replicas),
                 "deployment-controller");
}

void DeploymentController::RollingUpdate(const json& d, json& new_rs, std::vector<json>& old) {
  int want = d["spec"].value("replicas", 1);
  const json& strategy = d["spec"].value("strategy", json::object());
  if (strategy.value("type", "RollingUpdate") == "Recreate") {
    bool old_pods = false;
    for (auto& rs : old) {
      Scale(d, rs, 0);
      old_pods |= rs.value("status", json::object()).value("replicas", 0) > 0;
    }
    if (!old_pods) Scale(d, new_rs, want);
    return;
  }
  const json& ru = strategy.value("rollingUpdate", json::object());
  int surge = IntOrPercent(ru.value("maxSurge", json("25%")), want, true);
  int unavailable = IntOrPercent(ru.value("maxUnavailable", json("25%")), want, false);
  if (surge == 0 && unavailable == 0) unavailable = 1;
  int total = Spec(new_rs);
  for (const auto& rs : old) total += Spec(rs);
  if (Spec(new_rs) < want && total < want + surge)
    Scale(d, new_rs, std::min(want, Spec(new_rs) + want + surge - total));
  else if (Spec(new_rs) > want)
    Scale(d, new_rs, want);
  int all_pods = Spec(new_rs);
  for (const auto& rs : old) all_pods += Spec(rs);
  int min_available = want - unavailable;
  int new_unavailable = Spec(new_rs) - Avail(new_rs);
  int max_down = all_pods - min_available - new_unavailable;
  std::sort(old.begin(), old.end(), [](const json& a, const json& b) { return Revision(a) < Revision(b); });
  for (auto& rs : old) {
    if (max_down <= 0) break;
    int unhealthy = Spec(rs) - Avail(rs);
    if (unhealthy <= 0) continue;
    int down = std::min(max_down, unhealthy);
    Scale(d, rs, Spec(rs) - down);
    max_down -= down;
  }
  int available = Avail(new_rs);
  for (const auto& rs : old) available += std::min(Avail(rs), Spec(rs));
  int can_remove = available - min_available;
  for (auto& rs : old) {
    if (can_remove <= 0) break;
    int down = std::min(can_remove, Spec(rs));
    if (down == 0) continue;
    Scale(d, rs, Spec(rs) - down);
    can_remove -= down;
  }
}

void DeploymentController::CleanupHistory(const json& d, std::vector<json>& old) {
  int limit = d["spec"].value("revisionHistoryLimit", 10);
  std::vector<json> idle;
  for (const auto& rs : old)
    if (Spec(rs) == 0 && rs.value("status", json::object()).value("replicas", 0) == 0) idle.push_back(rs);
  std::sort(idle.begin(), idle.end(), [](const json& a, const json& b) { return Revision(a) < Revision(b); });
  for (int i = 0; i + limit < static_cast<int>(idle.size()); ++i)
    store_.Remove("replicasets.apps", idle[i]["metadata"].value("namespace", ""), idle[i]["metadata"].value("name", ""));
}

void DeploymentController::Sync(const json& d_in) {
  const json& m = d_in["metadata"];
  std::string ns = m.value("namespace", "");
  auto rss = Owned(store_, "replicasets.apps", ns, m.value("uid", ""));
  bool created = false;
  json new_rs = NewReplicaSet(d_in, rss, &created);
  if (new_rs.is_null()) return;
  json d = d_in;
  std::string rev = new_rs["metadata"]["annotations"].value(kRevision, "1");
  if (d["metadata"].value("annotations", json::object()).value(kRevision, "") != rev) {
    d["metadata"]["annotations"][kRevision] = rev;
    d = store_.Put("deployments.apps", d);
  }
  std::vector<json> old;
  for (const auto& rs : rss)
    if (rs["metadata"].value("uid", "") != new_rs["metadata"].value("uid", "")) old.push_back(rs);
  if (!d["spec"].value("paused", false)) RollingUpdate(d, new_rs, old);
  CleanupHistory(d, old);
  std::vector<json> all = old;
  all.push_back(new_rs);
  UpdateStatus(d, new_rs, all, created);
}

DeploymentController::Counts DeploymentController::Count(const json& new_rs, const std::vector<json>& all) {
  Counts c;
  for (const auto& rs_ref : all) {
    const json* rs = store_.Get("replicasets.apps", rs_ref["metadata"].value("namespace", ""),
                                rs_ref["metadata"].value("name", ""));
    if (!rs) continue;
    const json& s = rs->value("status", json::object());
    c.replicas += s.value("replicas", 0);
    c.ready += s.value("readyReplicas", 0);
    c.available += s.value("availableReplicas", 0);
    if (rs_ref["metadata"].value("uid", "") == new_rs["metadata"].value("uid", "")) c.updated = s.value("replicas", 0);
  }
  return c;
}

void DeploymentController::SetProgressing(const json& d, json& conds, const Counts& c, const json& old_status,
                                          const std::string& rs_name, bool created) {
  std::string now = FormatTime(clock_.Now());
  int want = d["spec"].value("replicas", 1);
  bool complete = c.updated == want && c.replicas == want && c.available == want;
  int old_updated = old_status.value("updatedReplicas", 0);
  int old_old = old_status.value("replicas", 0) - old_updated;
  bool progressing = c.updated > old_updated || (c.replicas - c.updated) < old_old ||
                     c.ready > old_status.value("readyReplicas", 0) ||
                     c.available > old_status.value("availableReplicas", 0);
  const json* prog = FindCondition(conds, "Progressing");
  if (complete) {
    SetCondition(conds, "Progressing", "True", "NewReplicaSetAvailable", "ReplicaSet \"" + rs_name + "\" has successfully progressed.", now, true);
  } else if (created) {
    SetCondition(conds, "Progressing", "True", "NewReplicaSetCreated", "Created new replica set \"" + rs_name + "\"", now, true);
  } else if (progressing || prog == nullptr || (*prog).value("reason", "") == "NewReplicaSetAvailable") {
    SetCondition(conds, "Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"" + rs_name + "\" is progressing.", now, true);
  } else if ((*prog).value("status", "") == "True") {
    SimTime last;
    int deadline = d["spec"].value("progressDeadlineSeconds", 600);
    if (ParseTime((*prog).value("lastUpdateTime", ""), &last) && clock_.Now() - last > std::chrono::seconds(deadline)) {
      SetCondition(conds, "Progressing", "False", "ProgressDeadlineExceeded", "ReplicaSet \"" + rs_name + "\" has timed out progressing.", now, true);
      events_.Record(d, "Warning", "ProgressDeadlineExceeded", "Deployment \"" + d["metadata"].value("name", "") + "\" has timed out progressing.", "deployment-controller");
    }
  }
}

void DeploymentController::UpdateStatus(const json& d, const json& new_rs, const std::vector<json>& all,
                                        bool created) {
  std::string now = FormatTime(clock_.Now());
  int want = d["spec"].value("replicas", 1);
  Counts c = Count(new_rs, all);
  const json old_status = d.value("status", json::object());
  json s = old_status;
  s["observedGeneration"] = d["metadata"].value("generation", 1);
  SetCount(s, "replicas", c.replicas);
  SetCount(s, "updatedReplicas", c.updated);
  SetCount(s, "readyReplicas", c.ready);
  SetCount(s, "availableReplicas", c.available);
  SetCount(s, "unavailableReplicas", std::max(0, want - c.available));
  const json& ru = d["spec"].value("strategy", json::object()).value("rollingUpdate", json::object());
  int max_unavailable = d["spec"]["strategy"].value("type", "") == "Recreate" ? 0 : IntOrPercent(ru.value("maxUnavailable", json("25%")), want, false);
  json& conds = s["conditions"];
  if (c.available >= want - max_unavailable)
    SetCondition(conds, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now, true);
  else
    SetCondition(conds, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now, true);
  SetProgressing(d, conds, c, old_status, new_rs["metadata"].value("name", ""), created);
  std::sort(conds.begin(), conds.end(), [](const json& a, const json& b) { return a.value("type", "") < b.value("type", ""); });
  PutStatus(store_, "deployments.apps", d, s);
}

}  // namespace qareports::emulator
