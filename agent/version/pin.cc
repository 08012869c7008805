#include "version/pin.h"

#include <yaml-cpp/yaml.h>

#include <regex>

#include "util/linear_regex.h"

namespace qareports::version {
namespace {

int LineAt(const std::string& content, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < content.size(); ++i) line += content[i] == '\n';
  return line;
}

Result<std::optional<PinValue>> FromYaml(const std::string& content, const PinSpec& spec) {
  YAML::Node node;
  try {
    node = YAML::Load(content);
  } catch (const YAML::Exception& e) {
    return Error::InvalidInput("not valid YAML: " + e.msg, spec.file + ":" + std::to_string(e.mark.line + 1));
  }
  size_t start = 0;
  while (start <= spec.key.size()) {
    size_t dot = spec.key.find('.', start);
    std::string part = spec.key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node.IsMap()) return std::optional<PinValue>();
    const YAML::Node& map = node;
    YAML::Node child = map[part];
    if (!child) return std::optional<PinValue>();
    node = child;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (!node.IsScalar()) {
    return Error::InvalidInput("the pin is not a scalar", spec.file + ":" + std::to_string(node.Mark().line + 1),
                               spec.key);
  }
  PinValue pin{node.Scalar(), 0, node.Mark().line + 1};
  // The mark points at the scalar's token, which may open with a quote.
  size_t at = content.find(pin.text, node.Mark().pos < 0 ? 0 : static_cast<size_t>(node.Mark().pos));
  if (at == std::string::npos || pin.text.empty()) {  // escapes, a folded line: not text a bump can rewrite in place
    return Error::InvalidInput("the pin must be written as it reads, on one line and without escapes",
                               spec.file + ":" + std::to_string(pin.line), spec.key);
  }
  pin.offset = at;
  return std::optional<PinValue>(pin);
}

Result<std::optional<PinValue>> FromRegex(const std::string& content, const PinSpec& spec) {
  Result<util::UserRegex> re = util::UserRegex::Compile(spec.regex, std::regex::multiline);
  if (!re.ok()) return Error::InvalidInput(re.error().message, spec.file, "pin.regex");
  std::smatch m;
  if (!re->Search(content, &m) || m.size() < 2 || !m[1].matched) return std::optional<PinValue>();
  size_t offset = static_cast<size_t>(m.position(1));
  return std::optional<PinValue>(PinValue{m[1].str(), offset, LineAt(content, offset)});
}

}  // namespace

Result<std::optional<PinValue>> ReadPin(const std::string& content, const PinSpec& spec) {
  if (!spec.regex.empty()) return FromRegex(content, spec);
  return FromYaml(content, spec);
}

std::string WithoutPin(const std::string& content, const std::optional<PinValue>& pin) {
  if (!pin || pin->offset + pin->text.size() > content.size()) return content;
  return content.substr(0, pin->offset) + content.substr(pin->offset + pin->text.size());
}

}  // namespace qareports::version
