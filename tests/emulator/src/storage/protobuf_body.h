// Kubernetes' protobuf encoding of a request body: the 4-byte magic
// "k8s\0", then a runtime.Unknown {typeMeta, raw, contentEncoding,
// contentType} whose raw bytes are the object's message. Decoded, with the
// schema table, into the JSON object a client would have sent for it:
// kubectl's typed commands (create namespace|deployment|..., autoscale)
// send nothing else.
#pragma once
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace qareports::emulator {

using json = nlohmann::json;

struct ProtobufError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws ProtobufError naming what could not be decoded: a truncated or
// malformed message, a kind or a field the schema table does not know.
json DecodeProtobufBody(const std::string& body);

}  // namespace qareports::emulator
