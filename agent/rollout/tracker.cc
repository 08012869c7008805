#include "rollout/tracker.h"

#include <algorithm>
#include <map>

#include "kube/watch_events.h"
#include "sys/stop.h"
#include "util/json_fields.h"

namespace qareports::rollout {
namespace {

// What a stopped job keeps, past a restore's rollout, to record the outcome and release the lock.
constexpr double kFinishSeconds = 1.5;

struct Kind {
  const char* name;
  std::string collection;  // path of the namespace's collection
};

std::vector<Kind> Kinds(const std::string& ns) {
  return {{"Deployment", "/apis/apps/v1/namespaces/" + ns + "/deployments"},
          {"ReplicaSet", "/apis/apps/v1/namespaces/" + ns + "/replicasets"},
          {"Pod", "/api/v1/namespaces/" + ns + "/pods"}};
}

}  // namespace

Result<TrackResult> Track(kube::Client& client, const sys::Clock& clock, const TrackOptions& options,
                          const std::function<void(const std::string&)>& on_line) {
  View view(options.workloads, options.view);
  std::vector<Kind> kinds = Kinds(options.namespace_);
  double start = clock.Elapsed(), deadline = start + options.timeout_seconds;
  // A stopped job's cleanup bounds even a wait that a stop does not end (a restore's).
  auto out_of_time = [&](double now) {
    if (now >= deadline) return true;
    if (!sys::StopRequested()) return false;
    return options.stoppable || sys::CleanupSecondsLeft() <= kFinishSeconds;
  };
  int watch_failures = 0;  // transient ends of the watches in a row
  std::map<std::string, std::string> shown;  // workload -> last line printed
  TrackResult result;
  auto report_changes = [&] {
    std::vector<std::string> lines = view.Lines();
    for (size_t i = 0; i < lines.size(); ++i) {
      if (shown[options.workloads[i]] != lines[i]) on_line(lines[i]), shown[options.workloads[i]] = lines[i];
    }
    result.lines = lines;
  };
  auto decided = [&] {
    if (std::optional<Failure> f = view.FirstFailure(clock.Elapsed())) {
      result.outcome = TrackResult::Outcome::kFailed;
      result.failure = f;
      return true;
    }
    if (view.Done()) {
      result.outcome = TrackResult::Outcome::kDone;
      return true;
    }
    return false;
  };
  auto finish = [&](TrackResult::Outcome outcome) {
    result.outcome = outcome;
    result.seconds = clock.Elapsed() - start;
    return result;
  };

  while (true) {
    // List, then watch from the list's resourceVersion.
    std::vector<kube::ApiCall> lists;
    for (const Kind& k : kinds) lists.push_back(kube::Get(k.collection));
    std::vector<Result<kube::ApiResult>> listed = client.CallAll(lists, 3);
    std::vector<std::string> versions;
    for (size_t i = 0; i < kinds.size(); ++i) {
      if (!listed[i].ok()) return listed[i].error();
      if (!listed[i]->ok()) return Error::Unavailable("cannot list " + lists[i].path + ": " + listed[i]->Message());
      view.Clear(kinds[i].name);
      for (const auto& item : listed[i]->Items()) {
        view.Update(kinds[i].name, item, false, clock.Elapsed());
      }
      versions.push_back(util::ObjectField(listed[i]->json, "metadata").value("resourceVersion", ""));
    }
    listed.clear();
    report_changes();
    if (decided()) return finish(result.outcome);

    double left = deadline - clock.Elapsed();
    if (sys::StopRequested() && out_of_time(clock.Elapsed())) return finish(TrackResult::Outcome::kStopped);
    if (left <= 0) return finish(TrackResult::Outcome::kTimedOut);
    std::vector<kube::ApiCall> watches;
    for (size_t i = 0; i < kinds.size(); ++i) {
      kube::ApiCall call = kube::Get(kinds[i].collection + "?watch=true&allowWatchBookmarks=true&resourceVersion=" +
                                     versions[i] + "&timeoutSeconds=" +
                                     std::to_string(std::clamp(static_cast<long>(left) + 1, 1L, 300L)));
      watches.push_back(call);
    }
    std::vector<kube::WatchEvents> streams(kinds.size());
    bool done = false;
    double next_check = clock.Elapsed() + 0.2;
    auto on_data = [&](size_t i, std::string_view data) {
      bool changed = false;
      bool going = streams[i].Feed(data, [&](const nlohmann::json& event) {
        std::string type = event.value("type", "");
        if (type == "ERROR") return false;  // 410 Expired and the like: start again from a list
        if (type != "ADDED" && type != "MODIFIED" && type != "DELETED") return true;
        view.Update(kinds[i].name, event["object"], type == "DELETED", clock.Elapsed());
        changed = true;
        return true;
      });
      if (!going) return false;
      if (!changed) return true;
      watch_failures = 0;
      report_changes();
      done = decided();
      return !done;
    };
    auto stop = [&] {
      double now = clock.Elapsed();
      if (out_of_time(now)) return true;
      if (now < next_check) return false;
      next_check = now + 0.2;  // time alone can decide (an unschedulable pod's grace)
      return done = decided();
    };
    std::vector<Result<kube::ApiResult>> ended = client.StreamAll(watches, on_data, stop);
    if (done) return finish(result.outcome);
    if (sys::StopRequested() && out_of_time(clock.Elapsed())) return finish(TrackResult::Outcome::kStopped);
    if (clock.Elapsed() >= deadline) return finish(TrackResult::Outcome::kTimedOut);
    for (size_t i = 0; i < ended.size(); ++i) {
      if (!ended[i].ok()) return ended[i].error();
      if (ended[i]->Transient()) {  // 429, 5xx, a reset: list and watch again after a pause
        if (client.BackOff(*ended[i], watch_failures)) break;
        return Error::Unavailable("cannot watch " + watches[i].path + ": " + ended[i]->Message() + " (tried " +
                                  std::to_string(watch_failures) + " times)");
      }
      if (ended[i]->status >= 300 && ended[i]->status != 410) {
        return Error::Unavailable("cannot watch " + watches[i].path + ": " + ended[i]->Message());
      }
    }
    // A watch ended (its timeout, an expiry, the server): list again.
  }
}

}  // namespace qareports::rollout
