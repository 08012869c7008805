// The HTTPS API server: authentication (bearer tokens, client
// certificates), the read-only user's 403s, fault injection, discovery,
// resources, watches and logs, and the admin endpoints under /emulator/.
// Listens on 127.0.0.1 only.
#pragma once
#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>

#include "controllers/controller_loop.h"
#include "api/faults.h"
#include "api/resource_handlers.h"
#include "api/route.h"
#include "api/tls_material.h"
#include "squad/squad_outages.h"

namespace qareports::emulator {

// A real server's default --max-request-body-bytes: a longer body is 413.
constexpr std::size_t kMaxRequestBodyBytes = 3 * 1024 * 1024;

struct Credentials {
  std::string admin_token;
  std::string readonly_token;
};

class ApiServer {
 public:
  ApiServer(Store& store, const SimClock& clock, ControllerLoop& controllers, Faults& faults,
            SquadOutages& outages, const TlsMaterial& tls, const Credentials& creds);
  // Binds a free port on 127.0.0.1; returns it, or -1 on failure.
  int Bind();
  // Serves until Stop(). Returns false when the server could not run.
  bool Run();
  void Stop();
  bool valid() const { return server_ && server_->is_valid(); }

 private:
  void Dispatch(const httplib::Request& req, httplib::Response& res);
  ApiResponse Serve(const httplib::Request& req, httplib::Response& res, bool* streamed);
  void Admin(const httplib::Request& req, httplib::Response& res);
  static ApiRequest BuildRequest(const httplib::Request& req, const Route& r);
  // Throws 403 when `user` may not `verb` the resource.
  static void CheckAllowed(const std::string& user, const std::string& verb, const Route& r);
  // "admin", "readonly", "system:serviceaccount:<ns>:<name>" for a token
  // issued here, or "" (unauthenticated).
  std::string Authenticate(const httplib::Request& req) const;
  void InjectBefore(const FaultAction& fa, const httplib::Request& req, bool watch, bool* reset);

  Store& store_;
  const SimClock& clock_;
  ControllerLoop& controllers_;
  Faults& faults_;
  SquadOutages& outages_;
  TlsMaterial tls_;
  Credentials creds_;
  ServiceAccountTokens tokens_;
  ResourceHandlers handlers_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> in_flight_{0};  // requests being served, watches and logs aside
  std::atomic<long> throttled_{0};  // refused for want of a seat (inflight fault)
  std::unique_ptr<httplib::SSLServer> server_;
};

}  // namespace qareports::emulator
