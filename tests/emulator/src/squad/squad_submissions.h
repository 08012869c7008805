// The simulated SQUAD's test-run submissions, a stand-in for SQUAD's
// `POST /api/submit/<group>/<project>/<build>/<environment>`: the slug
// rules, the token (`Auth-Token`, or `Authorization: token …`; cut to 40
// characters), the multipart fields (`tests`, `metrics`, `metadata`, `log`
// as fields or files; `attachment` files), SQUAD's answers (201 with the
// test run's id; 400 with a message for bad data or a repeated job_id in a
// build; 403 for no or a wrong token; 404 for an unknown group or project),
// and what was received, for tests and the demo to read back. Memory only;
// thread-safe.
#pragma once
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace qareports::emulator {

struct SquadSubmitRules {
  std::set<std::string> projects;  // "group/project" that exist
  std::string token;               // the token that may submit to them ("" : none may)
};

struct SubmitPart {
  std::string name, content, filename;  // filename "" for a plain field
};

struct SubmitAnswer {
  int status = 201;
  std::string body;
  std::string content_type = "text/plain";
};

class SquadSubmissions {
 public:
  explicit SquadSubmissions(SquadSubmitRules rules) : rules_(std::move(rules)) {}

  // A submission to the SQUAD of namespace `ns`; `token` as the request
  // carried it ("" for none).
  SubmitAnswer Submit(const std::string& ns, const std::string& group, const std::string& project,
                      const std::string& build, const std::string& environment, const std::string& token,
                      const std::vector<SubmitPart>& parts);
  // The test runs received by the SQUAD of `ns`, oldest first, as
  // `{"count": n, "results": [...]}`.
  nlohmann::json Received(const std::string& ns) const;

 private:
  SquadSubmitRules rules_;
  mutable std::mutex mutex_;
  long next_id_ = 1;
  std::map<std::string, std::vector<nlohmann::json>> runs_;  // ns -> test runs
};

}  // namespace qareports::emulator
