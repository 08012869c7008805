#include "kube/credentials.h"

#include "sys/stop.h"

#include <nlohmann/json.hpp>

#include "util/json_fields.h"
#include "util/strings.h"
#include "util/time_format.h"

namespace qareports::kube {
namespace {

constexpr double kTokenFileTtl = 60;

nlohmann::json ExecInfo(const Target& t, const ExecPlugin& plugin) {
  nlohmann::json spec = {{"interactive", false}};
  if (plugin.provide_cluster_info) {
    spec["cluster"] = {{"server", t.server}, {"certificate-authority-data", t.ca_data_base64}};
    if (t.tls.insecure) spec["cluster"]["insecure-skip-tls-verify"] = true;
  }
  return {{"apiVersion", plugin.api_version.empty() ? "client.authentication.k8s.io/v1" : plugin.api_version},
          {"kind", "ExecCredential"},
          {"spec", spec}};
}

}  // namespace

Result<std::string> Credentials::RunPlugin() {
  const ExecPlugin& plugin = *target_.exec;
  sys::ProcessRequest request;
  request.argv.push_back(plugin.command);
  request.argv.insert(request.argv.end(), plugin.args.begin(), plugin.args.end());
  request.env = plugin.env;
  request.env["KUBERNETES_EXEC_INFO"] = ExecInfo(target_, plugin).dump();
  request.timeout_seconds = 60;
  sys::ProcessResult r = runner_.Run(request);
  std::string who = "the credential plugin \"" + plugin.command + "\" of user \"" + target_.user_name + "\"";
  if (r.not_found) {
    return Error::Unavailable(who + " is not installed or not on PATH" +
                              (plugin.install_hint.empty() ? "" : ": " + util::Trim(plugin.install_hint)));
  }
  if (r.timed_out) return Error::Unavailable(who + " did not answer within a minute");
  if (r.stopped) return Error::Failed(who + " was ended: the job was stopped (" + sys::StopReason() + ")");
  if (r.exit_code != 0) {
    return Error::Unavailable(who + " exited " + std::to_string(r.exit_code) + ": " + util::Trim(r.err));
  }
  nlohmann::json answer = util::ParseJson(r.out);
  if (!answer.is_object() || !answer.contains("status") || !answer["status"].contains("token") ||
      !answer["status"]["token"].is_string()) {
    return Error::Unavailable(who + " did not print an ExecCredential with status.token");
  }
  cached_ = answer["status"]["token"].get<std::string>();
  expires_ = std::chrono::system_clock::time_point::max();
  if (answer["status"].contains("expirationTimestamp") && answer["status"]["expirationTimestamp"].is_string()) {
    auto when = util::ParseRfc3339(answer["status"]["expirationTimestamp"].get<std::string>());
    if (!when) return Error::Unavailable(who + " printed an expirationTimestamp that is not RFC 3339");
    expires_ = *when;
  }
  return cached_;
}

Result<std::string> Credentials::Token() {
  std::lock_guard<std::mutex> lock(mu_);
  if (target_.exec) {
    if (!cached_.empty() && clock_.Now() < expires_) return cached_;
    return RunPlugin();
  }
  if (!target_.token_file.empty()) {
    if (clock_.Elapsed() - read_at_ < kTokenFileTtl) return cached_;
    Result<std::string> text = fs_.Read(target_.token_file);
    if (!text.ok()) return Error::Unavailable("cannot read the token file " + target_.token_file);
    cached_ = util::Trim(*text);
    read_at_ = clock_.Elapsed();
    return cached_;
  }
  return target_.token;
}

}  // namespace qareports::kube
