#include "commands/list.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "kube/session.h"

namespace qareports::commands {

Result<Outcome> List::Run(report::Report&) {
  Result<kube::Session*> session = deps_.cluster().Session();
  if (!session.ok()) return session.error();
  std::vector<kube::ApiCall> calls;
  std::vector<kube::ResourceInfo> kinds;
  for (const kube::ResourceInfo& r : (*session)->discovery.resources()) {
    bool listable = std::find(r.verbs.begin(), r.verbs.end(), "list") != r.verbs.end();
    if (!r.namespaced || !listable || r.kind == "Event") continue;
    calls.push_back(kube::Get(r.CollectionPath(deps_.env.namespace_)));
    kinds.push_back(r);
  }
  std::vector<Result<kube::ApiResult>> lists = (*session)->client->CallAll(calls);
  Outcome out;
  out.data = nlohmann::json::array();
  for (size_t i = 0; i < lists.size(); ++i) {
    if (!lists[i].ok()) return lists[i].error();
    if (!lists[i]->ok()) continue;  // a kind this account may not list
    for (const auto& item : lists[i]->Items()) {
      std::string name = item["metadata"].value("name", "");
      out.data.push_back({{"kind", kinds[i].kind}, {"apiVersion", kinds[i].ApiVersion()}, {"name", name}});
      if (deps_.global.output != "json") deps_.out << kinds[i].kind << "/" << name << "\n";
    }
  }
  spdlog::info("{}: {} objects in {}", deps_.env.name, out.data.size(), deps_.env.namespace_);
  return out;
}

}  // namespace qareports::commands
