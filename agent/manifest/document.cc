#include "manifest/document.h"

#include <cmath>
#include <cstdlib>
#include <functional>
#include <optional>
#include <regex>

#include "manifest/squad_database.h"
#include "sys/file_system.h"
#include "util/linear_regex.h"
#include "util/utf8.h"

namespace qareports::manifest {
namespace {

const std::regex kInt("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", util::kLinearRegex);
const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?", util::kLinearRegex);

// A plain scalar's value under YAML 1.2's core schema; nullopt for an
// integer beyond 64 bits or a float beyond a double's range, which no
// Kubernetes field holds.
std::optional<nlohmann::json> Typed(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (std::regex_match(s, kInt)) {
    try {
      if (s.rfind("0o", 0) == 0) return std::stoll(s.substr(2), nullptr, 8);
      if (s.rfind("0x", 0) == 0) return std::stoll(s.substr(2), nullptr, 16);
      return std::stoll(s);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  if (std::regex_match(s, kFloat)) {
    // strtod, not stod: stod refuses a float below a double's smallest
    // normal (1e-310, 1e-400), which Go's ParseFloat, and so kubectl and the
    // API server, read as the nearest double (subnormal, or 0). Only a float
    // past the largest (1e999) is refused.
    double value = std::strtod(s.c_str(), nullptr);
    if (std::isinf(value)) return std::nullopt;
    return value;
  }
  return s;
}

// What one document may expand to: YAML aliases repeat what they name, so a
// small file can stand for an exponentially large tree (an "alias bomb").
constexpr size_t kMaxNodes = 100000;
constexpr size_t kMaxBytes = sys::kMaxFileBytes;
constexpr int kMaxDepth = 100;

struct Walker {
  const std::string& file;
  const std::map<std::string, std::string>& values;
  const SecretLookup& secret;
  config::Problems& problems;
  bool in_secret = false;  // the document is a v1 Secret
  std::vector<SecretUse> uses;
  size_t nodes = 0, bytes = 0;
  bool too_large = false;

  // False (said once) when the document has grown past what one may be.
  bool Within(const YAML::Node& node, const std::string& path, int depth) {
    if (too_large) return false;
    if (++nodes <= kMaxNodes && bytes <= kMaxBytes && depth <= kMaxDepth) return true;
    too_large = true;
    problems.Add(node, path, depth > kMaxDepth
        ? "is nested more than " + std::to_string(kMaxDepth) + " levels deep"
        : "the document expands to more than " + std::to_string(kMaxNodes) + " values or " +
              std::to_string(kMaxBytes >> 20) + " MiB: YAML aliases repeat what they name, and these make it too "
              "large (an alias bomb?)");
    return false;
  }
  // Keys and values must be UTF-8: they go to the API server as JSON.
  bool Utf8(const YAML::Node& node, const std::string& path, const std::string& text) {
    bytes += text.size();
    if (util::IsValidUtf8(text)) return true;
    problems.Add(node, path, "is not valid UTF-8 text");
    return false;
  }

  // `data_key` is the stringData key when the node is a Secret's value.
  nlohmann::json Walk(const YAML::Node& node, const std::string& path, int depth, const std::string& data_key) {
    if (!Within(node, path, depth)) return nullptr;
    if (node.IsMap()) {
      nlohmann::json obj = nlohmann::json::object();
      for (const auto& pair : node) {
        std::string key = pair.first.Scalar();
        if (!Utf8(pair.first, path, key)) continue;
        std::string child = path.empty() ? key : path + "." + key;
        if (in_secret && depth == 0 && key == "stringData" && pair.second.IsMap()) {
          nlohmann::json data = nlohmann::json::object();
          for (const auto& entry : pair.second) {
            if (!Utf8(entry.first, child, entry.first.Scalar())) continue;
            data[entry.first.Scalar()] = Walk(entry.second, child + "." + entry.first.Scalar(), depth + 2,
                                              entry.first.Scalar());
          }
          obj[key] = data;
        } else {
          obj[key] = Walk(pair.second, child, depth + 1, "");
        }
      }
      return obj;
    }
    if (node.IsSequence()) {
      nlohmann::json arr = nlohmann::json::array();
      for (size_t i = 0; i < node.size(); ++i) arr.push_back(Walk(node[i], path + "[" + std::to_string(i) + "]", depth + 1, ""));
      return arr;
    }
    if (!node.IsScalar()) return nullptr;
    Result<Substitution> sub = Substitute(node.Scalar(), values, !data_key.empty(), secret);
    if (!sub.ok()) {
      problems.Add(node, path, sub.error().message);
      return nullptr;
    }
    // A secret's value, too, must be text (the problem never shows it).
    if (!Utf8(node, path, sub->text)) return nullptr;
    if (data_key == "DATABASE") {
      for (const std::string& problem : SquadDatabaseProblems(node.Scalar(), values, secret))
        problems.Add(node, path, problem);
    }
    for (const std::string& key : sub->secrets) uses.push_back({key, data_key});
    bool plain = node.Tag() == "?";
    bool had_placeholder = node.Scalar().find("${") != std::string::npos;
    if (plain && (!had_placeholder || sub->whole_value)) {
      std::optional<nlohmann::json> typed = Typed(sub->text);
      if (!typed) problems.Add(node, path, "is a number too large for any Kubernetes field (an integer of more than "
                                           "64 bits, or a float past a double's range)");
      return typed.value_or(nullptr);
    }
    return sub->text;
  }
};

}  // namespace

std::string SourcedObject::Describe() const {
  auto text = [](const nlohmann::json& parent, const char* key) {
    return parent.is_object() && parent.contains(key) && parent[key].is_string() ? parent[key].get<std::string>()
                                                                                 : std::string();
  };
  const nlohmann::json& meta = object.is_object() && object.contains("metadata") ? object["metadata"] : object;
  std::string ns = text(meta, "namespace"), name = text(meta, "name"), kind = text(object, "kind");
  return (kind.empty() ? "?" : kind) + " " + (ns.empty() ? "" : ns + "/") + name + " (" + file + ":" +
         std::to_string(line) + ")";
}

namespace {

// One YAML document: its object handed to `each` when it is whole.
void ParseDocument(const std::string& chunk, int first_line, const std::string& file,
                   const std::map<std::string, std::string>& values, const SecretLookup& secret,
                   const std::function<void(SourcedObject&&)>& each, config::Problems& problems) {
  problems.line_offset = first_line;
  YAML::Node doc;
  try {
    doc = YAML::Load(chunk);
  } catch (const YAML::Exception& e) {
    problems.AddAt(e.mark, "", "not valid YAML: " + e.msg);
    return;
  }
  if (!doc || doc.IsNull()) return;
  if (!doc.IsMap()) {
    problems.Add(doc, "", "a manifest document must be a Kubernetes object (a mapping)");
    return;
  }
  Walker walker{file, values, secret, problems, false, {}};
  walker.in_secret = config::Child(doc, "kind").IsScalar() && config::Child(doc, "kind").Scalar() == "Secret" &&
                     config::Child(doc, "apiVersion").IsScalar() && config::Child(doc, "apiVersion").Scalar() == "v1";
  SourcedObject obj{walker.Walk(doc, "", 0, ""), file, doc.Mark().line + 1 + first_line, {}};
  obj.secrets = std::move(walker.uses);
  bool complete = !walker.too_large;
  for (const char* required : {"apiVersion", "kind"}) {
    if (!obj.object.contains(required) || !obj.object[required].is_string()) {
      problems.Add(doc, required, "is required");
      complete = false;
    }
  }
  if (!obj.object.contains("metadata") || !obj.object["metadata"].is_object() ||
      !obj.object["metadata"].contains("name") || !obj.object["metadata"]["name"].is_string()) {
    problems.Add(doc, "metadata.name", "is required");
    complete = false;
  }
  if (complete) each(std::move(obj));  // only a whole object goes on: what is missing is already said
}

}  // namespace

ManifestParser::ManifestParser(std::string file, const std::map<std::string, std::string>& values,
                               SecretLookup secret, std::function<void(SourcedObject&&)> each,
                               config::Problems& problems)
    : file_(std::move(file)), values_(values), secret_(std::move(secret)), each_(std::move(each)),
      problems_(problems) {}

// Documents are split at "---" lines; a line is whole before it is judged,
// whatever the pieces' bounds.
void ManifestParser::Add(std::string_view part) {
  while (!part.empty()) {
    size_t end = part.find('\n');
    if (end == std::string_view::npos) {
      partial_.append(part);
      return;
    }
    partial_.append(part.substr(0, end + 1));
    part.remove_prefix(end + 1);
    Line(partial_);
    partial_.clear();
  }
}

void ManifestParser::Line(const std::string& l) {
  bool marker = l.rfind("---", 0) == 0 && (l.size() == 3 || l[3] == ' ' || l[3] == '\n' || l[3] == '\r');
  if (marker) {
    ParseDocument(chunk_, first_line_, file_, values_, secret_, each_, problems_);
    chunk_.clear();
    first_line_ = line_;
  }
  chunk_.append(l);  // keeps the marker, so lines and columns stay right
  ++line_;
}

void ManifestParser::Finish() {
  if (!partial_.empty()) Line(partial_), partial_.clear();
  ParseDocument(chunk_, first_line_, file_, values_, secret_, each_, problems_);
  std::string().swap(chunk_);
  problems_.line_offset = 0;
}

void ParseManifest(const std::string& text, const std::string& file, const std::map<std::string, std::string>& values,
                   const SecretLookup& secret, const std::function<void(SourcedObject&&)>& each,
                   config::Problems& problems) {
  ManifestParser parser(file, values, secret, each, problems);
  parser.Add(text);
  parser.Finish();
}

}  // namespace qareports::manifest
