#include "api/api_request.h"

namespace qareports::emulator {

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
