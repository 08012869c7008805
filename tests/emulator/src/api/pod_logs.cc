#include "api/pod_logs.h"

#include <memory>
#include <mutex>

#include "api/api_error.h"

namespace qareports::emulator {

namespace {

std::string Join(const std::vector<std::string>& lines, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < lines.size(); ++i) out += lines[i] + "\n";
  return out;
}

struct Follow {
  std::string ns, name, uid, container;
  std::size_t sent = 0;
  int run = 0;
  bool done = false;
};

}  // namespace

void ServePodLogs(Store& store, PodSimulator& pods, const ApiRequest& req,
                  const std::atomic<bool>& stopping, httplib::Response& res) {
  std::unique_lock<std::mutex> lock(store.mutex());
  const json* pod = store.Get("pods", req.ns, req.name);
  if (pod == nullptr) throw NotFound(*req.info, req.name);
  json containers = (*pod)["spec"].value("containers", json::array());
  std::string container = req.Query("container");
  if (container.empty()) {
    if (containers.size() != 1) {
      std::string names;
      for (const auto& c : containers) names += (names.empty() ? "" : " ") + c.value("name", "");
      throw BadRequest("a container name must be specified for pod " + req.name + ", choose one of: [" + names + "]");
    }
    container = containers[0].value("name", "");
  }
  bool known = false;
  for (const auto& c : containers) known |= c.value("name", "") == container;
  if (!known) throw BadRequest("container " + container + " is not valid for pod " + req.name);
  std::string uid = (*pod)["metadata"].value("uid", "");
  const ContainerLogs* logs = pods.Logs(uid, container);
  if (logs == nullptr || logs->runs_logged == 0) {
    std::string why = logs ? logs->waiting_reason : "ContainerCreating";
    if (why.empty() || why == "ContainerCreating") why = "ContainerCreating";
    if (why == "ErrImagePull" || why == "ImagePullBackOff") why = "trying and failing to pull image";
    throw BadRequest("container \"" + container + "\" in pod \"" + req.name + "\" is waiting to start: " + why);
  }
  bool previous = req.Flag("previous");
  // Between a crash and the restart, the run that ended is both the
  // current log and the previous one (lastState.terminated).
  if (previous && logs->runs_logged < 2 && !logs->awaiting_restart)
    throw BadRequest("previous terminated container \"" + container + "\" in pod \"" + req.name + "\" not found");
  const auto& lines = previous && !logs->awaiting_restart ? logs->previous : logs->current;
  std::size_t from = 0;
  if (!req.Query("tailLines").empty()) {
    long tail = std::atol(req.Query("tailLines").c_str());
    if (tail >= 0 && static_cast<std::size_t>(tail) < lines.size()) from = lines.size() - static_cast<std::size_t>(tail);
  }
  if (!req.Flag("follow") || previous) {
    res.status = 200;
    res.set_content(Join(lines, from), "text/plain");
    return;
  }
  auto f = std::make_shared<Follow>();
  f->ns = req.ns;
  f->name = req.name;
  f->uid = uid;
  f->container = container;
  f->run = logs->runs_logged;
  std::string first = Join(lines, from);
  f->sent = lines.size();
  lock.unlock();
  res.status = 200;
  res.set_chunked_content_provider("text/plain", [f, first, &store, &pods, &stopping](std::size_t, httplib::DataSink& sink) mutable {
    if (!first.empty()) {
      std::string out = std::move(first);
      first.clear();
      return sink.write(out.data(), out.size());
    }
    std::string out;
    {
      std::unique_lock<std::mutex> l(store.mutex());
      store.changed().wait_for(l, std::chrono::milliseconds(200));
      const json* pod = store.Get("pods", f->ns, f->name);
      const ContainerLogs* logs = pods.Logs(f->uid, f->container);
      if (pod == nullptr || (*pod)["metadata"].value("uid", "") != f->uid ||
          (*pod)["metadata"].contains("deletionTimestamp") || logs == nullptr) {
        f->done = true;
      } else {
        if (logs->runs_logged != f->run || f->sent > logs->current.size()) f->done = true;
        else {
          out = Join(logs->current, f->sent);
          f->sent = logs->current.size();
          if (logs->ended) f->done = true;
        }
      }
    }
    if (!out.empty() && !sink.write(out.data(), out.size())) return false;
    if (f->done || stopping.load()) sink.done();
    return true;
  });
}

}  // namespace qareports::emulator
