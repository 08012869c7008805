// The emulator's protobuf body decoder on any bytes: it either refuses the
// body with a ProtobufError or answers an object with the envelope's
// apiVersion and kind that serialises as valid JSON (every string UTF-8).
#include <string>

#include "storage/protobuf_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using qareports::emulator::DecodeProtobufBody;
  using qareports::emulator::ProtobufError;
  // Half the inputs get the magic, so that the decoder's depths are reached.
  std::string body(reinterpret_cast<const char*>(data), size);
  if (size > 0 && data[0] % 2 == 0) body = std::string("k8s\0", 4) + body.substr(1);
  try {
    nlohmann::json object = DecodeProtobufBody(body);
    if (!object.is_object() || !object["apiVersion"].is_string() || !object["kind"].is_string()) __builtin_trap();
    (void)object.dump();  // throws on a string that is not UTF-8
  } catch (const ProtobufError&) {
  }
  return 0;
}
