// The types of a served kind's fields, checked as a real API server's
// decoder checks them: it reads a JSON body into the kind's Go types, and
// a value of the wrong JSON type anywhere those types declare a field
// fails the whole request with Go's message, as "json: cannot unmarshal
// number into Go struct field ConfigMap.data of type string". The types
// come from the protobuf schema table (protobuf_schema.h), which mirrors
// the Go types field for field. Pure.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace qareports::emulator {

// The first value of `object` (a `kind` of `api_version`) the real decoder
// refuses, as Go's message; "" when every declared field has its type.
// Quantities are parsed as resource.Quantity parses them; Time, MicroTime
// and Duration must be strings (their text is not parsed here);
// IntOrString a string or an int32. Fields the table does not declare are
// not checked. Objects are read in key order, so of several errors the one
// named may not be the first of the body's text, as Go's would be.
std::string FieldTypeError(const std::string& api_version, const std::string& kind,
                           const nlohmann::json& object);

}  // namespace qareports::emulator
