#include "controllers/pod_simulator.h"

#include "controllers/container_model.h"
#include "controllers/controller_util.h"
#include "controllers/nodes.h"
#include "storage/defaults.h"

namespace qareports::emulator {

namespace {

json Condition(const std::string& type, bool status, const json& previous, const std::string& now,
               const std::string& reason = "", const std::string& message = "") {
  std::string s = status ? "True" : "False";
  std::string since = now;
  if (previous.is_array())
    for (const auto& c : previous)
      if (c.value("type", "") == type && c.value("status", "") == s)
        since = c.value("lastTransitionTime", now);
  json c = {{"type", type}, {"status", s}, {"lastProbeTime", nullptr}, {"lastTransitionTime", since}};
  if (!reason.empty()) c["reason"] = reason;
  if (!message.empty()) c["message"] = message;
  return c;
}


}  // namespace

std::string PodSimulator::ConfigError(const json& pod, const json& c) const {
  std::string ns = pod["metadata"].value("namespace", "");
  auto check = [&](const std::string& kind, const json& ref, bool key_ref) -> std::string {
    if (ref.value("optional", false)) return "";
    std::string name = ref.value("name", "");
    const json* o = store_.Get(kind == "Secret" ? "secrets" : "configmaps", ns, name);
    std::string lower = kind == "Secret" ? "secret" : "configmap";
    if (o == nullptr) return lower + " \"" + name + "\" not found";
    if (key_ref) {
      std::string key = ref.value("key", "");
      bool has = (o->contains("data") && (*o)["data"].contains(key)) ||
                 (o->contains("binaryData") && (*o)["binaryData"].contains(key));
      if (!has) return "couldn't find key " + key + " in " + kind + " " + ns + "/" + name;
    }
    return "";
  };
  for (const auto& e : c.value("env", json::array())) {
    if (!e.contains("valueFrom")) continue;
    const json& vf = e["valueFrom"];
    std::string err;
    if (vf.contains("secretKeyRef")) err = check("Secret", vf["secretKeyRef"], true);
    if (vf.contains("configMapKeyRef")) err = check("ConfigMap", vf["configMapKeyRef"], true);
    if (!err.empty()) return err;
  }
  for (const auto& e : c.value("envFrom", json::array())) {
    std::string err;
    if (e.contains("secretRef")) err = check("Secret", e["secretRef"], false);
    if (e.contains("configMapRef")) err = check("ConfigMap", e["configMapRef"], false);
    if (!err.empty()) return err;
  }
  return "";
}

void PodSimulator::Tick() {
  std::vector<json> pods;
  for (const json* p : store_.List("pods", "")) pods.push_back(*p);
  std::map<std::string, bool> alive;
  for (const json& pod : pods) {
    const json& m = pod["metadata"];
    std::string uid = m.value("uid", "");
    if (m.contains("deletionTimestamp")) {
      // The kubelet stops the containers, then deletes the pod at once; it
      // goes when its finalizers (the garbage collector's) are done.
      alive[uid] = true;
      PodState& st = pods_[uid];
      if (!st.stopped && st.scheduled)
        for (const auto& c : pod["spec"].value("containers", json::array()))
          events_.Record(pod, "Normal", "Killing", "Stopping container " + c.value("name", ""),
                         "kubelet", "spec.containers{" + c.value("name", "") + "}");
      st.stopped = true;
      if (!m.value("finalizers", json::array()).empty()) {
        if (m.value("deletionGracePeriodSeconds", 0) != 0) {
          json p = pod;
          p["metadata"]["deletionGracePeriodSeconds"] = 0;
          store_.Put("pods", p);
        }
      } else {
        store_.Remove("pods", m.value("namespace", ""), m.value("name", ""));
      }
      continue;
    }
    alive[uid] = true;
    Guarded(pod, [&] { Step(pod, pods_[uid]); });
  }
  for (auto it = pods_.begin(); it != pods_.end();)
    it = alive.count(it->first) ? std::next(it) : pods_.erase(it);
}

bool PodSimulator::Schedule(const json& pod, PodState& st, json& status) {
  if (st.scheduled) return true;
  const json& m = pod["metadata"];
  std::string ns = m.value("namespace", "");
  std::string now = FormatTime(clock_.Now());
  if (!pod["spec"].value("nodeName", "").empty()) {  // bound by its controller (a DaemonSet's)
    st.scheduled = true;
    st.scheduled_at = clock_.Now();
    return true;
  }
  if (!rules_.Schedulable(ns)) {
    std::string msg = "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. "
                      "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
    if (clock_.Now() - st.last_unschedulable_event >= std::chrono::seconds(60)) {
      st.last_unschedulable_event = clock_.Now();
      events_.Record(pod, "Warning", "FailedScheduling", msg, "default-scheduler");
    }
    json prev = pod.value("status", json::object()).value("conditions", json());
    status = {{"phase", "Pending"}, {"qosClass", PodQosClass(pod["spec"])},
              {"conditions", json::array({Condition("PodScheduled", false, prev, now, "Unschedulable", msg)})}};
    return false;
  }
  st.scheduled = true;
  st.scheduled_at = clock_.Now();
  json bound = pod;
  std::string node = NodeFor(rules_, ns);
  bound["spec"]["nodeName"] = node;
  store_.Put("pods", bound);
  events_.Record(pod, "Normal", "Scheduled",
                 "Successfully assigned " + ns + "/" + m.value("name", "") + " to " + node,
                 "default-scheduler");
  return true;
}

json PodSimulator::Containers(const json& pod, PodState& st, PodSummary* sum) {
  const json& m = pod["metadata"];
  bool job_pod = pod["spec"].value("restartPolicy", "Always") != "Always";
  auto since = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now() - st.scheduled_at);
  json statuses = json::array();
  for (const auto& c : pod["spec"].value("containers", json::array())) {
    ContainerInput in{c.value("name", ""), c.value("image", ""), m.value("name", ""),
                      m.value("uid", ""), rules_.ForImage(c.value("image", ""), job_pod), job_pod,
                      pod["spec"].value("restartPolicy", "") == "OnFailure", ConfigError(pod, c)};
    ContainerView v = ComputeContainer(in, since, st.scheduled_at);
    std::string& key = st.keys[in.name];
    if (key != v.key) {
      Transition(pod, c, key, v.key);
      key = v.key;
    }
    ContainerLogs& logs = st.logs[in.name];
    while (logs.runs_logged < v.runs) {
      logs.previous = logs.current;
      logs.current = in.rule.log.empty()
                         ? std::vector<std::string>{"emulated container " + in.name + " started from image " + in.image}
                         : in.rule.log;
      ++logs.runs_logged;
    }
    logs.waiting_reason = v.started_once ? "" : v.state["waiting"].value("reason", "");
    logs.ended = v.terminated || v.state.contains("waiting");
    logs.awaiting_restart = v.state.contains("waiting") && v.last_state.contains("terminated");
    sum->all_ready &= v.ready;
    sum->all_started &= v.started_once;
    sum->all_done &= v.terminated;
    sum->any_failed |= v.terminated && !v.succeeded;
    if (!v.ready) sum->unready += (sum->unready.empty() ? "" : " ") + in.name;
    json cs = {{"name", in.name}, {"state", v.state}, {"lastState", v.last_state},
               {"ready", v.ready}, {"restartCount", v.restarts}, {"image", in.image},
               {"imageID", v.started_once ? "docker.io/" + in.image + "@sha256:emulated" : ""},
               {"started", v.state.contains("running")}};
    if (v.started_once) cs["containerID"] = "containerd://" + m.value("uid", "") + "-" + in.name;
    statuses.push_back(cs);
  }
  sum->job_pod = job_pod;
  return statuses;
}

void PodSimulator::Step(const json& pod_in, PodState& st) {
  json status;
  if (!Schedule(pod_in, st, status)) {
    if (pod_in.value("status", json()) != status) {
      json p = pod_in;
      p["status"] = status;
      store_.Put("pods", p);
    }
    return;
  }
  const json& pod = *store_.Get("pods", pod_in["metadata"].value("namespace", ""),
                                pod_in["metadata"].value("name", ""));
  const json& m = pod["metadata"];
  std::string now = FormatTime(clock_.Now());
  PodSummary sum;
  json statuses = Containers(pod, st, &sum);
  std::string phase = "Pending";
  if (sum.job_pod && sum.all_done) phase = sum.any_failed ? "Failed" : "Succeeded";
  else if (sum.all_started) phase = "Running";
  json prev = pod.value("status", json::object()).value("conditions", json());
  bool completed = phase == "Succeeded" || phase == "Failed";
  std::string why = completed ? "PodCompleted" : (sum.all_ready ? "" : "ContainersNotReady");
  std::string msg = sum.all_ready || completed ? "" : "containers with unready status: [" + sum.unready + "]";
  json conditions = json::array({
      Condition("PodReadyToStartContainers", !completed, prev, now),
      Condition("Initialized", true, prev, now),
      Condition("Ready", sum.all_ready, prev, now, why, msg),
      Condition("ContainersReady", sum.all_ready, prev, now, why, msg),
      Condition("PodScheduled", true, prev, now)});
  std::string host_ip = NodeIp(rules_, pod["spec"].value("nodeName", ""));
  std::string ip = "10.244.0." + std::to_string(std::hash<std::string>{}(m.value("uid", "")) % 250 + 2);
  status = {{"phase", phase}, {"conditions", conditions}, {"hostIP", host_ip},
            {"hostIPs", json::array({{{"ip", host_ip}}})}, {"podIP", ip},
            {"podIPs", json::array({{{"ip", ip}}})}, {"startTime", FormatTime(st.scheduled_at)},
            {"containerStatuses", statuses}, {"qosClass", PodQosClass(pod["spec"])}};
  if (pod.value("status", json()) != status) {
    json p = pod;
    p["status"] = status;
    store_.Put("pods", p);
  }
}

void PodSimulator::Transition(const json& pod, const json& c, const std::string& from,
                              const std::string& to) {
  std::string name = c.value("name", ""), image = c.value("image", "");
  std::string fp = "spec.containers{" + name + "}";
  auto ev = [&](const char* type, const char* reason, const std::string& msg) {
    events_.Record(pod, type, reason, msg, "kubelet", fp);
  };
  auto starts_with = [](const std::string& s, const char* p) { return s.rfind(p, 0) == 0; };
  if (to == "creating") {
    ev("Normal", "Pulling", "Pulling image \"" + image + "\"");
  } else if (starts_with(to, "running:") || (starts_with(to, "unready:") && !starts_with(from, "unready:")) ||
             ((to == "completed" || to == "failed") && (from == "creating" || from.empty()))) {
    ev("Normal", "Pulled", from == "creating" || from.empty()
                               ? "Successfully pulled image \"" + image + "\" in 1s (1s including waiting). Image size: 52428800 bytes."
                               : "Container image \"" + image + "\" already present on machine");
    ev("Normal", "Created", "Created container: " + name);
    ev("Normal", "Started", "Started container " + name);
  }
  if (starts_with(to, "unready:"))
    ev("Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503");
  if (starts_with(to, "backoff:"))
    ev("Warning", "BackOff", "Back-off restarting failed container " + name + " in pod " +
                                 pod["metadata"].value("name", "") + "_" +
                                 pod["metadata"].value("namespace", "") + "(" +
                                 pod["metadata"].value("uid", "") + ")");
  if (starts_with(to, "pullerr:")) {
    ev("Normal", "Pulling", "Pulling image \"" + image + "\"");
    ev("Warning", "Failed", "Failed to pull image \"" + image + "\": rpc error: code = NotFound desc = "
                            "failed to pull and unpack image \"" + image + "\": not found");
    ev("Warning", "Failed", "Error: ErrImagePull");
  }
  if (starts_with(to, "pullbackoff:")) {
    ev("Normal", "BackOff", "Back-off pulling image \"" + image + "\"");
    ev("Warning", "Failed", "Error: ImagePullBackOff");
  }
  if (starts_with(to, "ccce:")) ev("Warning", "Failed", "Error: " + to.substr(5));
}

const ContainerLogs* PodSimulator::Logs(const std::string& pod_uid, const std::string& container) const {
  auto it = pods_.find(pod_uid);
  if (it == pods_.end()) return nullptr;
  auto c = it->second.logs.find(container);
  return c == it->second.logs.end() ? nullptr : &c->second;
}

}  // namespace qareports::emulator
