#include "sys/tcp_client.h"

#include "sys/curl_library.h"
#include "sys/stop.h"

namespace qareports::sys {

std::string RealTcpClient::Connect(const std::string& host, int port, double timeout_seconds) {
  CURL* e = Curl().easy_init();
  std::string url = "telnet://" + host + ":" + std::to_string(port);
  Curl().easy_setopt(e, CURLOPT_URL, url.c_str());
  Curl().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  EndWhenStopped(e);
  Curl().easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
  Curl().easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_seconds * 1000));
  CURLcode code = Curl().easy_perform(e);
  Curl().easy_cleanup(e);
  if (code == CURLE_OK) return "";
  if (code == CURLE_OPERATION_TIMEDOUT) return "timed out after " + std::to_string(static_cast<long>(timeout_seconds)) + " s";
  if (code == CURLE_COULDNT_CONNECT) return "connection refused";
  if (code == CURLE_COULDNT_RESOLVE_HOST) return "host not found";
  if (code == CURLE_ABORTED_BY_CALLBACK) return "the job was stopped (" + StopReason() + ")";
  return Curl().easy_strerror(code);
}

}  // namespace qareports::sys
