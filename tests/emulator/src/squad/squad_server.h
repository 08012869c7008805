// The simulated SQUAD of every namespace, on plain HTTP:
// /<ns>/api/version/ answers the image tag that the ready pods of the
// namespace's SQUAD web Deployment run, and /<ns>/ht/ answers
// django-health-check's JSON behind `Authorization: Token <t>`, where <t>
// is key `token` of Secret `squad-health-token` in that namespace.
#pragma once
#include <httplib.h>

#include <memory>
#include <string>

#include "storage/store.h"

namespace qareports::emulator {

class SquadServer {
 public:
  explicit SquadServer(Store& store);
  int Bind();
  bool Run();
  void Stop();

 private:
  // The version the namespace's ready web pods run; "" when none is ready.
  std::string ReadyVersion(const std::string& ns);
  Store& store_;
  std::unique_ptr<httplib::Server> server_;
};

// The tag of an image reference ("squadproject/squad:1.91" -> "1.91";
// "latest" when untagged).
std::string ImageTagOf(const std::string& image);

}  // namespace qareports::emulator
