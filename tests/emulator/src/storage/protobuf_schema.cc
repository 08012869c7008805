#include "storage/protobuf_schema.h"

#include <sstream>
#include <stdexcept>

namespace qareports::emulator {

extern const char* const kProtobufSchemaTable;

namespace {

struct Schema {
  std::map<std::string, ProtoMessage> messages;
  std::map<std::string, std::string> roots;  // "apiVersion kind" -> message
};

// "name=N:type": type is s b i l f y, a message, [T] (repeated) or {T}
// (map<string, T>), with a trailing * to keep zero values; a name starting
// with ^ is inlined in its parent's JSON.
ProtoField ParseField(const std::string& word, int* number) {
  auto eq = word.find('='), colon = word.find(':');
  if (eq == std::string::npos || colon == std::string::npos || colon < eq)
    throw std::logic_error("protobuf schema: bad field " + word);
  ProtoField f;
  f.name = word.substr(0, eq);
  if (!f.name.empty() && f.name[0] == '^') {
    f.inlined = true;
    f.name.erase(0, 1);
  }
  *number = std::stoi(word.substr(eq + 1, colon - eq - 1));
  std::string type = word.substr(colon + 1);
  if (!type.empty() && type.back() == '*') {
    f.keep_zero = true;
    type.pop_back();
  }
  if (type.size() > 2 && type.front() == '[' && type.back() == ']') {
    f.repeated = true;
    type = type.substr(1, type.size() - 2);
  } else if (type.size() > 2 && type.front() == '{' && type.back() == '}') {
    f.map = true;
    type = type.substr(1, type.size() - 2);
  }
  if (type == "l") {  // int64: the same varint on the wire
    f.int64 = true;
    type = "i";
  }
  f.type = type;
  return f;
}

Schema Parse() {
  Schema s;
  std::istringstream in(kProtobufSchemaTable);
  std::string line;
  ProtoMessage* current = nullptr;
  while (std::getline(in, line)) {
    auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    bool continuation = line.rfind("  ", 0) == 0;
    std::istringstream words(line);
    std::string word;
    if (!(words >> word)) continue;
    if (!continuation) {
      if (word == "root") {
        std::string api_version, kind, message;
        words >> api_version >> kind >> message;
        s.roots[api_version + " " + kind] = message;
        current = nullptr;
        continue;
      }
      current = &s.messages[word];
      current->name = word;
      if (!(words >> word)) continue;
    }
    if (current == nullptr) throw std::logic_error("protobuf schema: field outside a message: " + line);
    do {
      int number = 0;
      ProtoField f = ParseField(word, &number);
      current->fields[number] = f;
    } while (words >> word);
  }
  return s;
}

const Schema& TheSchema() {
  static const Schema s = Parse();
  return s;
}

}  // namespace

const ProtoMessage* FindProtoMessage(const std::string& name) {
  const auto& m = TheSchema().messages;
  auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}

std::string ProtoRootMessage(const std::string& api_version, const std::string& kind) {
  const auto& r = TheSchema().roots;
  auto it = r.find(api_version + " " + kind);
  return it == r.end() ? "" : it->second;
}

}  // namespace qareports::emulator
