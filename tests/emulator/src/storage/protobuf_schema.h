// The protobuf messages of the kinds the emulator serves: field numbers,
// JSON names and types, read from a table transcribed from Kubernetes'
// published generated.proto files (protobuf_schema_table.cc).
#pragma once
#include <map>
#include <string>

namespace qareports::emulator {

struct ProtoField {
  std::string name;       // the JSON name
  std::string type;       // s b i f y, a message name, or Time, Quantity, IntOrString, ...
  bool int64 = false;     // i written l: an int64 (an int32 otherwise)
  bool repeated = false;  // [T]
  bool map = false;       // {T}: repeated entries {1: key, 2: value}
  bool keep_zero = false; // a Go pointer or a field without omitempty: "" / 0 / false kept
  bool inlined = false;   // json:",inline": its fields are the parent's
};

struct ProtoMessage {
  std::string name;
  std::map<int, ProtoField> fields;
};

// nullptr when the table has no such message.
const ProtoMessage* FindProtoMessage(const std::string& name);
// The message of a top-level kind ("apps/v1", "Deployment"), or "".
std::string ProtoRootMessage(const std::string& api_version, const std::string& kind);

}  // namespace qareports::emulator
