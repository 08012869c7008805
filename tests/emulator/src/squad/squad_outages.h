// Backends of a simulated SQUAD that are down, per namespace: what an
// operator would see when RabbitMQ, PostgreSQL or the Celery workers stop.
// Set as a SPEC (`ns=backend[,backend…][;ns=…]`, backends `broker`,
// `database`, `workers`) through the admin endpoint
// `/emulator/squad-outages`. Memory only; thread-safe.
#pragma once
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace qareports::emulator {

class SquadOutages {
 public:
  // Replaces every outage with those of `spec` ("" : none). False, with
  // `error` set and nothing changed, when the spec is malformed.
  bool Set(const std::string& spec, std::string* error);
  std::string spec() const;
  // The backends down in namespace `ns`.
  std::set<std::string> Down(const std::string& ns) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::set<std::string>> down_;
};

}  // namespace qareports::emulator
