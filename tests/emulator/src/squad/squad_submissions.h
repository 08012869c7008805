// The simulated SQUAD's test-run submissions, a stand-in for SQUAD 1.89's
// `POST /api/submit/<group>/<project>/<build>/<environment>`
// (Linaro/squad: squad/api/views.py, squad/http.py,
// squad/core/tasks/__init__.py), answering each case as shared/SQUAD.md
// records SQUAD 1.89 answering it: the token (`Auth-Token`, or
// `Authorization: Token …`; cut to 40 characters); the multipart fields
// (`tests`, `metrics`, `metadata`, `log` as fields or files, `attachment`
// files; without `metadata`, its keys as plain fields); 201 with the test
// run's id; 400 with SQUAD's words for data that is not JSON, a metric that
// is not a number, a repeated job_id in a build; 403 and 404 as JSON; and,
// because SQUAD creates the test run before it reads the data, a 500 that
// leaves an empty test run behind for a result that is not a string or a
// log file that is not UTF-8. What was received is kept for tests and the
// demo to read back. Memory only; thread-safe.
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
