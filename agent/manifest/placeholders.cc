#include "manifest/placeholders.h"

#include <regex>

#include "util/linear_regex.h"

namespace qareports::manifest {
namespace {

const std::regex kName("[A-Za-z_][A-Za-z0-9_]*", util::kLinearRegex);

}  // namespace

Result<Substitution> Substitute(const std::string& text, const std::map<std::string, std::string>& values,
                                bool secrets_allowed, const SecretLookup& secret) {
  Substitution out;
  size_t i = 0, placeholders = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      out.text += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out.text += text[i++];
      continue;
    }
    size_t end = text.find('}', i + 2);
    if (end == std::string::npos) return Error::InvalidInput("unterminated placeholder \"" + text.substr(i) + "\"");
    std::string name = text.substr(i + 2, end - i - 2);
    ++placeholders;
    if (name.rfind("secret:", 0) == 0) {
      std::string key = name.substr(7);
      if (!secrets_allowed) {
        return Error::InvalidInput("${" + name + "} is only allowed in the stringData of a Secret");
      }
      out.secrets.push_back(key);
      out.text += secret(key).value_or("");
    } else if (!std::regex_match(name, kName)) {
      return Error::InvalidInput("\"${" + name + "}\" is not a placeholder name");
    } else if (auto v = values.find(name); v != values.end()) {
      out.text += v->second;
    } else {
      return Error::InvalidInput("unresolved placeholder ${" + name + "}: no such value for this environment");
    }
    i = end + 1;
  }
  out.whole_value = placeholders == 1 && out.secrets.empty() && text.size() > 3 && text.front() == '$' &&
                    text.back() == '}' && text.find("${", 1) == std::string::npos;
  return out;
}

}  // namespace qareports::manifest
