#include "sys/tcp_client.h"

#include <curl/curl.h>

namespace qareports::sys {

std::string RealTcpClient::Connect(const std::string& host, int port, double timeout_seconds) {
  static const CURLcode initialised = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)initialised;
  CURL* e = curl_easy_init();
  std::string url = "telnet://" + host + ":" + std::to_string(port);
  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_seconds * 1000));
  CURLcode code = curl_easy_perform(e);
  curl_easy_cleanup(e);
  if (code == CURLE_OK) return "";
  if (code == CURLE_OPERATION_TIMEDOUT) return "timed out after " + std::to_string(static_cast<long>(timeout_seconds)) + " s";
  if (code == CURLE_COULDNT_CONNECT) return "connection refused";
  if (code == CURLE_COULDNT_RESOLVE_HOST) return "host not found";
  return curl_easy_strerror(code);
}

}  // namespace qareports::sys
