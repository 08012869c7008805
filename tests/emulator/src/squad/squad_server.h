// The simulated SQUAD of every namespace, on plain HTTP:
// /<ns>/api/version/ answers the image tag that the ready pods of the
// namespace's SQUAD web Deployment run, and /<ns>/ht/ answers
// django-health-check's JSON behind `Authorization: Token <t>`, where <t>
// is key `token` of Secret `squad-health-token` in that namespace.
// /<ns>/api/submit/<group>/<project>/<build>/<environment> takes test runs
// as SQUAD does (squad_submissions.h), and /<ns>/api/testruns/ lists them.
#pragma once
#include <httplib.h>

#include <memory>
#include <string>

#include "squad/squad_submissions.h"
#include "storage/store.h"

namespace qareports::emulator {

class SquadServer {
 public:
  SquadServer(Store& store, const SquadSubmitRules& submit_rules);
  int Bind();
  bool Run();
  void Stop();

 private:
  // The version the namespace's ready web pods run; "" when none is ready.
  std::string ReadyVersion(const std::string& ns);
  Store& store_;
  SquadSubmissions submissions_;
  std::unique_ptr<httplib::Server> server_;
};

// The tag of an image reference ("squadproject/squad:1.91" -> "1.91";
// "latest" when untagged).
std::string ImageTagOf(const std::string& image);

}  // namespace qareports::emulator
