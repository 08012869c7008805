#include "storage/field_types.h"

#include <cctype>
#include <cstdint>
#include <limits>

#include "storage/protobuf_schema.h"
#include "storage/quantity.h"

namespace qareports::emulator {

namespace {

using json = nlohmann::json;

// Go's word for a JSON value in an UnmarshalTypeError.
std::string JsonKind(const json& v) {
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "bool";
  if (v.is_object()) return "object";
  if (v.is_array()) return "array";
  return "number";
}

// "core.Container" -> "Container"; as a Go type, "v1.Container".
std::string StructName(const std::string& message) { return message.substr(message.find('.') + 1); }

std::string GoTypeName(const std::string& message) {
  return (message.rfind("asv2.", 0) == 0 ? "v2." : "v1.") + StructName(message);
}

// The Go type of one value of the field (an element, for lists and maps).
std::string ElementType(const ProtoField& f) {
  if (f.type == "s") return "string";
  if (f.type == "b") return "bool";
  if (f.type == "i") return f.int64 ? "int64" : "int32";
  if (f.type == "f") return "float64";
  if (f.type == "y") return "[]uint8";
  if (f.type == "Quantity") return "resource.Quantity";
  if (f.type == "IntOrString") return "intstr.IntOrString";
  if (f.type == "RawExtension") return "runtime.RawExtension";
  if (FindProtoMessage(f.type) == nullptr) return "v1." + f.type;  // Time, MicroTime, Duration, FieldsV1
  return GoTypeName(f.type);
}

// The field of `m` (or of a message inlined in it) with this JSON name.
const ProtoField* FieldNamed(const ProtoMessage& m, const std::string& name) {
  for (const auto& [number, f] : m.fields) {
    if (!f.inlined) {
      if (f.name == name) return &f;
      continue;
    }
    if (const ProtoMessage* inner = FindProtoMessage(f.type))
      if (const ProtoField* g = FieldNamed(*inner, name)) return g;
  }
  return nullptr;
}

// Whether a JSON number is an integer an int64 (or int32) holds.
bool FitsInteger(const json& v, bool int64) {
  std::int64_t low = int64 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int32_t>::min();
  std::int64_t high = int64 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int32_t>::max();
  if (v.is_number_unsigned()) return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(high);
  if (v.is_number_integer()) return v.get<std::int64_t>() >= low && v.get<std::int64_t>() <= high;
  return false;  // Go reads "1.0" or "1e3" as a float, never as an integer
}

// resource.Quantity's reader takes a string or the bare JSON text (a
// number) and parses it; its errors stand alone, without Go's context.
std::string QuantityError(const json& v) {
  std::string text = v.is_string() ? v.get<std::string>() : v.dump();
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.back())) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && space(text[start])) ++start;
  text.erase(0, start);
  std::string canonical;
  if (CanonicalQuantity(text, &canonical)) return "";
  // The format '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' with a suffix it does not know.
  std::size_t i = (!text.empty() && (text[0] == '+' || text[0] == '-')) ? 1 : 0, digits = i;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  bool number = i > digits;
  while (i < text.size() && std::string("eEinumkKMGTP").find(text[i]) != std::string::npos) ++i;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (number && i == text.size()) return "unable to parse quantity's suffix";
  return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
}

// The readers of Time, MicroTime, Duration and IntOrString first read a
// string (or, for IntOrString, an int32) and say so without context.
std::string CustomReaderError(const std::string& type, const json& v) {
  if (type == "Quantity") return QuantityError(v);
  if (type == "IntOrString") {
    if (v.is_string() || FitsInteger(v, false)) return "";
    return "json: cannot unmarshal " + (v.is_number() ? "number " + v.dump() : JsonKind(v)) +
           " into Go value of type int32";
  }
  if ((type == "Time" || type == "MicroTime" || type == "Duration") && !v.is_string())
    return "json: cannot unmarshal " + JsonKind(v) + " into Go value of type string";
  return "";  // RawExtension and FieldsV1 hold any JSON
}

class Checker {
 public:
  std::string error;

  void Object(const ProtoMessage& m, const json& object, const std::string& path) {
    for (const auto& [key, value] : object.items()) {
      if (!error.empty()) return;
      const ProtoField* f = FieldNamed(m, key);
      if (f != nullptr) Field(*f, StructName(m.name), value, path.empty() ? key : path + "." + key);
    }
  }

 private:
  void Fail(const std::string& value, const std::string& struct_name, const std::string& path,
            const std::string& type) {
    error = "json: cannot unmarshal " + value + " into Go struct field " + struct_name + "." + path +
            " of type " + type;
  }

  void Field(const ProtoField& f, const std::string& struct_name, const json& v, const std::string& path) {
    if (v.is_null()) return;
    if (f.repeated) {
      if (!v.is_array()) return Fail(JsonKind(v), struct_name, path, "[]" + ElementType(f));
      for (const auto& e : v)
        if (error.empty()) One(f, struct_name, e, path);
      return;
    }
    if (f.map) {
      // A map of quantities is the named type v1.ResourceList.
      std::string map_type = f.type == "Quantity" ? "v1.ResourceList" : "map[string]" + ElementType(f);
      if (!v.is_object()) return Fail(JsonKind(v), struct_name, path, map_type);
      for (const auto& [key, e] : v.items())
        if (error.empty()) One(f, struct_name, e, path);
      return;
    }
    One(f, struct_name, v, path);
  }

  // One value of the field's element type.
  void One(const ProtoField& f, const std::string& struct_name, const json& v, const std::string& path) {
    if (v.is_null()) return;
    const std::string type = ElementType(f);
    if (f.type == "s" || f.type == "y") {
      if (!v.is_string()) Fail(JsonKind(v), struct_name, path, type);
    } else if (f.type == "b") {
      if (!v.is_boolean()) Fail(JsonKind(v), struct_name, path, type);
    } else if (f.type == "f") {
      if (!v.is_number()) Fail(JsonKind(v), struct_name, path, type);
    } else if (f.type == "i") {
      if (!v.is_number()) return Fail(JsonKind(v), struct_name, path, type);
      if (!FitsInteger(v, f.int64)) Fail("number " + v.dump(), struct_name, path, type);
    } else if (const ProtoMessage* m = FindProtoMessage(f.type)) {
      if (!v.is_object()) return Fail(JsonKind(v), struct_name, path, type);
      Object(*m, v, path);
    } else {
      error = CustomReaderError(f.type, v);
    }
  }

};

}  // namespace

std::string FieldTypeError(const std::string& api_version, const std::string& kind, const json& object) {
  const ProtoMessage* root = FindProtoMessage(ProtoRootMessage(api_version, kind));
  if (root == nullptr || !object.is_object()) return "";
  Checker checker;
  checker.Object(*root, object, "");
  return checker.error;
}

}  // namespace qareports::emulator
