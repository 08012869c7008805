#include "api/api_server.h"

#include <sys/socket.h>

#include <thread>

#include "api/api_error.h"
#include "api/discovery.h"
#include "api/pod_logs.h"
#include "api/route.h"
#include "api/watch_stream.h"
#include "controllers/sim_clock.h"

namespace qareports::emulator {

ApiServer::ApiServer(Store& store, const SimClock& clock, ControllerLoop& controllers,
                     Faults& faults, SquadOutages& outages, const TlsMaterial& tls, const Credentials& creds)
    : store_(store), clock_(clock), controllers_(controllers), faults_(faults), outages_(outages), tls_(tls),
      creds_(creds),
      handlers_(store, clock, tokens_) {
  server_ = std::make_unique<httplib::SSLServer>(
      [this](SSL_CTX& ctx) { return ConfigureServerContext(tls_, ctx); });
  server_->new_task_queue = [] { return new httplib::ThreadPool(256); };
  // As Go servers do: without it, small responses wait on Nagle and delayed ACKs (~40 ms each).
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_max_count(1000);
  server_->set_read_timeout(60, 0);
  server_->set_write_timeout(60, 0);
  // A body longer than a real server's default --max-request-body-bytes:
  // httplib refuses it before reading it when its length is declared, and
  // its bare 413 is made a Status. A chunked body is refused in Serve.
  server_->set_payload_max_length(kMaxRequestBodyBytes);
  using Answer = httplib::Server::HandlerResponse;
  auto too_large = [](const httplib::Request&, httplib::Response& res) {
    if (res.status != 413 || !res.body.empty()) return Answer::Unhandled;
    res.set_content(StatusJson(RequestEntityTooLarge(kMaxRequestBodyBytes)).dump(), "application/json");
    return Answer::Handled;
  };
  server_->set_error_handler(httplib::Server::HandlerWithResponse(too_large));
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { Dispatch(req, res); };
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Patch(".*", handler);
  server_->Delete(".*", handler);
}

int ApiServer::Bind() { return server_->bind_to_any_port("127.0.0.1"); }
bool ApiServer::Run() { return server_->listen_after_bind(); }

void ApiServer::Stop() {
  stopping_ = true;
  store_.changed().notify_all();
  server_->stop();
}

std::string ApiServer::Authenticate(const httplib::Request& req) const {
  std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    std::string token = auth.substr(7);
    if (token == creds_.admin_token) return "admin";
    if (token == creds_.readonly_token) return "readonly";
    // An issued token is good while it has not expired and its account,
    // the same one (uid), exists. RBAC is not enforced: it may do anything.
    auto issued = tokens_.Find(token, clock_.Now());
    if (!issued) return "";
    std::lock_guard<std::mutex> lock(store_.mutex());
    const json* account = store_.Get("serviceaccounts", issued->ns, issued->name);
    if (account == nullptr || (*account)["metadata"].value("uid", "") != issued->uid) return "";
    return "system:serviceaccount:" + issued->ns + ":" + issued->name;
  }
  if (VerifiedClientName(req.ssl) == "emulator-admin") return "admin";
  return "";
}

void ApiServer::InjectBefore(const FaultAction& fa, const httplib::Request& req, bool watch, bool* reset) {
  if (fa.latency.count() > 0) {
    // A request's `timeout` bounds it on the server: one that would be served
    // after it is answered 504 when it passes, and nothing it asked is done.
    std::chrono::milliseconds allowed{0};
    bool bounded = !watch && req.has_param("timeout") && ParseDuration(req.get_param_value("timeout"), &allowed) &&
                   allowed.count() > 0;
    if (bounded && fa.latency >= allowed) {
      std::this_thread::sleep_for(allowed);
      throw ServerTimeout();
    }
    std::this_thread::sleep_for(fa.latency);
  }
  if (fa.reset && req.ssl) {
    ::shutdown(SSL_get_fd(req.ssl), SHUT_RDWR);
    *reset = true;
    return;
  }
  if (fa.hang)
    while (!stopping_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (fa.error_code) throw Transient(fa.error_code, "1");
}

static std::map<std::string, std::string> QueryMap(const httplib::Request& req) {
  std::map<std::string, std::string> q;
  for (const auto& [k, v] : req.params) q.emplace(k, v);
  return q;
}

ApiRequest ApiServer::BuildRequest(const httplib::Request& req, const Route& r) {
  ApiRequest ar;
  ar.method = req.method;
  ar.info = r.info;
  ar.ns = r.ns;
  ar.name = r.name;
  ar.subresource = r.subresource;
  ar.query = QueryMap(req);
  ar.body = req.body;
  ar.content_type = req.get_header_value("Content-Type");
  ar.user_agent = req.get_header_value("User-Agent");
  ar.accept = req.get_header_value("Accept");
  return ar;
}

void ApiServer::CheckAllowed(const std::string& user, const std::string& verb, const Route& r) {
  if (user != "readonly" || verb == "get" || verb == "list" || verb == "watch") return;
  std::string what = r.name.empty() ? QualifiedResource(*r.info) + " is forbidden"
                                    : QualifiedResource(*r.info) + " \"" + r.name + "\" is forbidden";
  std::string msg = what + ": User \"emulator-readonly\" cannot " + verb + " resource \"" + r.info->resource +
                    (r.subresource.empty() ? "" : "/" + r.subresource) + "\" in API group \"" + r.info->group + "\"" +
                    (r.ns.empty() ? " at the cluster scope" : " in the namespace \"" + r.ns + "\"");
  throw Forbidden(msg, r.info, r.name);
}

ApiResponse ApiServer::Serve(const httplib::Request& req, httplib::Response& res, bool* streamed) {
  std::string user = Authenticate(req);
  if (user.empty()) throw Unauthorized();
  ApiResponse out;
  if (req.path == "/healthz" || req.path == "/livez" || req.path == "/readyz") {
    out.body = "ok";
    out.content_type = "text/plain";
    return out;
  }
  Route r;
  bool is_resource = ParseRoute(req.path, &r);
  bool watch = req.method == "GET" && req.has_param("watch") && QueryFlag(req.get_param_value("watch"));
  std::string verb = VerbOf(req.method, r, watch);
  FaultAction fa = faults_.Decide(verb, is_resource ? r.info->resource : "");
  // Priority and fairness with every queue full: a request beyond the seats
  // is refused at once, and a seat is held while a request is served.
  struct Seat {
    std::atomic<int>* held = nullptr;
    ~Seat() {
      if (held) held->fetch_sub(1);
    }
  } seat;
  if (fa.seats > 0 && !watch && r.subresource != "log") {
    if (in_flight_.fetch_add(1) >= fa.seats) {
      in_flight_.fetch_sub(1);
      throttled_.fetch_add(1);
      throw Transient(429, "1");
    }
    seat.held = &in_flight_;
  }
  bool reset = false;
  InjectBefore(fa, req, watch, &reset);
  if (reset) {
    *streamed = true;
    return out;
  }
  if (req.method == "GET" && ServeDiscovery(req.path, req.get_header_value("Accept"), &out)) return out;
  if (!is_resource) throw PathNotFound();
  if (req.body.size() > kMaxRequestBodyBytes) throw RequestEntityTooLarge(kMaxRequestBodyBytes);
  ApiRequest ar = BuildRequest(req, r);
  CheckAllowed(user, verb, r);
  // httplib gzips JSON and text for clients that accept it, buffering
  // chunks inside zlib; streams must flow, so they go uncompressed.
  if (watch || r.subresource == "log") {
    auto& headers = const_cast<httplib::Headers&>(req.headers);
    headers.erase("Accept-Encoding");
  }
  if (watch) {
    StartWatch(store_, clock_, ar, fa.watch_end, stopping_, res);
    *streamed = true;
    return out;
  }
  if (r.subresource == "log") {
    ServePodLogs(store_, controllers_.pods(), ar, stopping_, res);
    *streamed = true;
    return out;
  }
  return handlers_.Handle(ar);
}

void ApiServer::Dispatch(const httplib::Request& req, httplib::Response& res) {
  if (req.path.rfind("/emulator/", 0) == 0) return Admin(req, res);
  ApiResponse out;
  bool streamed = false;
  try {
    out = Serve(req, res, &streamed);
    if (streamed) return;
  } catch (const ApiError& e) {
    out = JsonResponse(e.code, StatusJson(e));
    if (!e.retry_after.empty()) out.headers.push_back({"Retry-After", e.retry_after});
  } catch (const std::exception& e) {
    out = JsonResponse(500, StatusJson(ApiError{500, "InternalError", e.what(), json::object(), ""}));
  }
  res.status = out.code;
  for (const auto& [k, v] : out.headers) res.set_header(k, v);
  res.set_header("Cache-Control", "no-cache, private");
  res.set_content(out.body, out.content_type);
}

void ApiServer::Admin(const httplib::Request& req, httplib::Response& res) {
  if (req.get_header_value("Authorization") != "Bearer " + creds_.admin_token) {
    res.status = 401;
    res.set_content(StatusJson(Unauthorized()).dump(), "application/json");
    return;
  }
  const std::string& p = req.path;
  // A SPEC set by PUT (or POST), cleared by DELETE, shown by every method.
  auto spec = [&](auto& holder) {
    std::string error;
    bool sets = req.method == "PUT" || req.method == "POST" || req.method == "DELETE";
    if (sets && !holder.Set(req.method == "DELETE" ? "" : req.body, &error)) {
      res.status = 400;
      res.set_content(error + "\n", "text/plain");
      return;
    }
    res.set_content(holder.spec() + "\n", "text/plain");
  };
  if (p == "/emulator/faults") return spec(faults_);
  if (p == "/emulator/squad-outages") return spec(outages_);
  if (p == "/emulator/compact" && req.method == "POST") {
    std::lock_guard<std::mutex> lock(store_.mutex());
    store_.Compact();
    res.set_content("{\"resourceVersion\":\"" + std::to_string(store_.CurrentRv()) + "\"}", "application/json");
    return;
  }
  if (p == "/emulator/stats" && req.method == "GET") {
    std::lock_guard<std::mutex> lock(store_.mutex());
    res.set_content(json({{"resourceVersion", std::to_string(store_.CurrentRv())},
                          {"objects", store_.ObjectCount()},
                          {"expiredWatches", store_.expired()},
                          {"throttled", throttled_.load()}}).dump(),
                    "application/json");
    return;
  }
  res.status = 404;
  res.set_content("unknown admin endpoint\n", "text/plain");
}

}  // namespace qareports::emulator
