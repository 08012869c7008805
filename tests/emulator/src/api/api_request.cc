#include "api/api_request.h"

#include <cctype>

namespace qareports::emulator {

bool QueryFlag(const std::string& value) {
  if (value == "0") return false;
  std::string lower;
  for (char c : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower != "false";
}

std::string ApiRequest::Manager() const {
  std::string m = Query("fieldManager");
  if (!m.empty()) return m;
  std::string ua = user_agent.substr(0, user_agent.find('/'));
  return ua.empty() ? "unknown" : ua;
}

ApiResponse JsonResponse(int code, const json& body) {
  ApiResponse r;
  r.code = code;
  r.body = body.dump();
  return r;
}

}  // namespace qareports::emulator
