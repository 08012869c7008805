// The simulated SQUAD of every namespace, a stand-in for SQUAD 1.89 on
// plain HTTP: /<ns>/api/version/ answers the image tag that the ready pods
// of the namespace's SQUAD web Deployment run; /<ns>/ht/ is the health page
// (squad_health.h) of the check apps that the namespace's ConfigMaps of
// settings install, for the staff user whose token is key `token` of Secret
// `squad-health-token`, with the backends that SquadOutages says are down;
// /<ns>/api/submit/<group>/<project>/<build>/<environment> takes test runs
// as SQUAD does (squad_submissions.h), and /<ns>/api/testruns/ lists them.
#pragma once
#include <httplib.h>

#include <memory>
#include <string>

#include "squad/squad_outages.h"
#include "squad/squad_submissions.h"
#include "storage/store.h"

namespace qareports::emulator {

class SquadServer {
 public:
  SquadServer(Store& store, const SquadSubmitRules& submit_rules, const SquadOutages& outages);
  int Bind();
  bool Run();
  void Stop();

 private:
  // The version the namespace's ready web pods run; "" when none is ready.
  std::string ReadyVersion(const std::string& ns);
  Store& store_;
  const SquadOutages& outages_;
  SquadSubmissions submissions_;
  std::unique_ptr<httplib::Server> server_;
};

// The tag of an image reference ("squadproject/squad:1.91" -> "1.91";
// "latest" when untagged).
std::string ImageTagOf(const std::string& image);

}  // namespace qareports::emulator
