#include "api/watch_stream.h"

#include <memory>

#include "api/api_error.h"
#include "storage/selectors.h"
#include "api/table.h"
#include "api/versions.h"

namespace qareports::emulator {

namespace {

using Clock = std::chrono::steady_clock;

struct WatchState {
  const ResourceInfo* info = nullptr;
  std::string ns;
  Selector labels, fields;
  std::string start_rv;
  bool table = false;
  std::string include_object;  // the Table rows' objects: Metadata, Object, None
  const SimClock* clock = nullptr;
  bool started = false;
  bool done = false;
  bool bookmarks = false;
  std::int64_t rv = 0;
  std::uint64_t epoch = 0;
  Clock::time_point deadline;
  Clock::time_point next_bookmark;
};

bool Selected(const WatchState& s, const json& o) {
  return s.labels.Matches(o["metadata"].value("labels", json::object())) && MatchesFields(s.fields, o);
}

std::string Line(const std::string& type, const json& object) {
  return json({{"type", type}, {"object", object}}).dump() + "\n";
}

std::string ObjectLine(const WatchState& s, const std::string& type, const json& stored) {
  json o = ToServedVersion(*s.info, stored);
  if (s.table)
    o = ToTable(*s.info, {o}, {{"resourceVersion", o["metadata"].value("resourceVersion", "")}}, s.clock->Now(),
                s.include_object);
  return Line(type, o);
}

std::string ExpiredLine(std::int64_t requested, std::int64_t current) {
  ApiError e = Expired("too old resource version: " + std::to_string(requested) + " (" +
                       std::to_string(current) + ")");
  return Line("ERROR", StatusJson(e));
}

// Collects the lines to send now. REQUIRES: the store mutex held.
void Collect(Store& store, WatchState& s, std::string* out) {
  if (!s.started) {
    s.started = true;
    s.epoch = store.watch_epoch();
    if (s.start_rv.empty() || s.start_rv == "0") {
      for (const json* o : store.List(s.info->StorageKey(), s.ns))
        if (Selected(s, *o)) *out += ObjectLine(s, "ADDED", *o);
      s.rv = store.CurrentRv();
      return;
    }
    s.rv = std::stoll(s.start_rv);
  }
  std::vector<WatchEvent> events;
  if (!store.EventsSince(s.rv, &events)) {
    store.CountExpired();
    *out += ExpiredLine(s.rv, store.CurrentRv());
    s.done = true;
    return;
  }
  for (const auto& e : events) {
    s.rv = e.rv;
    if (e.key != s.info->StorageKey() || (!s.ns.empty() && e.ns != s.ns)) continue;
    bool now = Selected(s, e.object);
    bool before = e.type == "MODIFIED" && Selected(s, e.previous);
    std::string type = e.type;
    if (e.type == "MODIFIED" && !now && before) type = "DELETED";
    else if (e.type == "MODIFIED" && now && !before) type = "ADDED";
    else if (!now) continue;
    *out += ObjectLine(s, type, e.object);
  }
}

}  // namespace

void StartWatch(Store& store, const SimClock& clock, const ApiRequest& req,
                std::chrono::milliseconds early_end, const std::atomic<bool>& stopping,
                httplib::Response& res) {
  auto s = std::make_shared<WatchState>();
  s->table = WantsTable(req.accept);
  s->include_object = req.Query("includeObject", "Metadata");
  s->clock = &clock;
  s->info = req.info;
  s->ns = req.ns;
  std::string error;
  if (!ParseLabelSelector(req.Query("labelSelector"), &s->labels, &error)) throw BadRequest(error);
  if (!ParseFieldSelector(req.Query("fieldSelector"), req.info->resource, &s->fields, &error))
    throw BadRequest(error);
  if (!req.name.empty()) s->fields.requirements.push_back({"metadata.name", "=", {req.name}});
  s->start_rv = req.Query("resourceVersion");
  if (!s->start_rv.empty() && s->start_rv.find_first_not_of("0123456789") != std::string::npos)
    throw BadRequest("invalid resource version: " + s->start_rv);
  s->bookmarks = req.Flag("allowWatchBookmarks");
  long timeout = 1800;
  if (!req.Query("timeoutSeconds").empty()) timeout = std::atol(req.Query("timeoutSeconds").c_str());
  s->deadline = Clock::now() + std::chrono::seconds(timeout);
  if (early_end.count() > 0) s->deadline = std::min(s->deadline, Clock::now() + early_end);
  s->next_bookmark = Clock::now() + std::chrono::seconds(5);
  res.status = 200;
  res.set_header("Cache-Control", "no-cache, private");
  res.set_chunked_content_provider(
      "application/json;stream=watch", [s, &store, &stopping](std::size_t, httplib::DataSink& sink) {
        std::string out;
        {
          std::unique_lock<std::mutex> lock(store.mutex());
          if (s->started && !s->done && store.CurrentRv() <= s->rv && store.watch_epoch() == s->epoch)
            store.changed().wait_for(lock, std::chrono::milliseconds(200));
          if (s->started && store.watch_epoch() != s->epoch) {
            s->done = true;
          } else {
            try {
              Collect(store, *s, &out);
            } catch (const std::exception&) {
              s->done = true;  // ends the stream; the client re-watches
            }
          }
          if (s->bookmarks && Clock::now() >= s->next_bookmark && !s->done) {
            s->next_bookmark = Clock::now() + std::chrono::seconds(5);
            out += Line("BOOKMARK", {{"kind", s->info->kind}, {"apiVersion", s->info->ApiVersion()},
                                     {"metadata", {{"resourceVersion", std::to_string(s->rv)}}}});
          }
        }
        if (!out.empty() && !sink.write(out.data(), out.size())) return false;
        if (s->done || stopping.load() || Clock::now() >= s->deadline) sink.done();
        return true;
      });
}

}  // namespace qareports::emulator
