#include "storage/protobuf_body.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "storage/base64.h"
#include "storage/protobuf_schema.h"
#include "storage/utf8.h"

namespace qareports::emulator {

namespace {

constexpr int kMaxDepth = 64;

// One field as found on the wire.
struct WireField {
  int number = 0;
  int wire_type = 0;
  std::uint64_t varint = 0;  // wire types 0, 1, 5
  std::string_view bytes;    // wire type 2
};

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool Done() const { return pos_ >= data_.size(); }

  std::uint64_t Varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) throw ProtobufError("truncated varint");
      auto b = static_cast<unsigned char>(data_[pos_++]);
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    throw ProtobufError("varint longer than 10 bytes");
  }

  std::uint64_t Fixed(std::size_t n) {
    if (data_.size() - pos_ < n) throw ProtobufError("truncated fixed-size field");
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i)
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(data_[pos_ + i])) << (8 * i);
    pos_ += n;
    return v;
  }

  WireField Next() {
    WireField f;
    std::uint64_t key = Varint();
    f.number = static_cast<int>(key >> 3);
    f.wire_type = static_cast<int>(key & 7);
    if (f.number <= 0 || key >> 3 > 536870911) throw ProtobufError("invalid field number");
    switch (f.wire_type) {
      case 0: f.varint = Varint(); break;
      case 1: f.varint = Fixed(8); break;
      case 5: f.varint = Fixed(4); break;
      case 2: {
        std::uint64_t n = Varint();
        if (n > data_.size() - pos_) throw ProtobufError("truncated length-delimited field");
        f.bytes = data_.substr(pos_, static_cast<std::size_t>(n));
        pos_ += static_cast<std::size_t>(n);
        break;
      }
      default:
        throw ProtobufError("unsupported wire type " + std::to_string(f.wire_type));
    }
    return f;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

std::string Text(std::string_view bytes, const std::string& where) {
  if (!ValidUtf8(bytes)) throw ProtobufError(where + ": a string that is not UTF-8");
  return std::string(bytes);
}

// metav1.Time (second precision) and MicroTime (six fraction digits); the
// zero time is null in JSON.
json TimeText(std::int64_t seconds, std::int64_t nanos, bool micro) {
  if (seconds == 0 && nanos == 0) return nullptr;
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) throw ProtobufError("a time out of range");
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (micro) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(nanos / 1000));
    out += buf;
  }
  return out + "Z";
}

// metav1.Duration as Go's time.Duration prints it ("1h2m3s", "1.5s", "0s").
std::string DurationText(std::int64_t ns) {
  if (ns == 0) return "0s";
  std::string sign = ns < 0 ? "-" : "";
  std::uint64_t u = ns < 0 ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
  if (u < 1000000000ULL) {
    const char* unit = u < 1000 ? "ns" : u < 1000000 ? "µs" : "ms";
    double div = u < 1000 ? 1 : u < 1000000 ? 1e3 : 1e6;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(u) / div);
    return sign + buf + unit;
  }
  std::uint64_t h = u / 3600000000000ULL, m = u / 60000000000ULL % 60;
  std::uint64_t s = u / 1000000000ULL % 60, frac = u % 1000000000ULL;
  std::string sec = std::to_string(s);
  if (frac != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%09llu", static_cast<unsigned long long>(frac));
    std::string f = buf;
    while (!f.empty() && f.back() == '0') f.pop_back();
    sec += "." + f;
  }
  std::string out = sign;
  if (h > 0) out += std::to_string(h) + "h";
  if (h > 0 || m > 0) out += std::to_string(m) + "m";
  return out + sec + "s";
}

json DecodeMessage(std::string_view data, const std::string& type, int depth);

std::int64_t Signed(std::uint64_t v) { return static_cast<std::int64_t>(v); }

// The fields of a well-known wrapper message, by number.
std::map<int, WireField> Fields(std::string_view data) {
  std::map<int, WireField> out;
  Reader r(data);
  while (!r.Done()) {
    WireField f = r.Next();
    out[f.number] = f;
  }
  return out;
}

void ExpectWire(const WireField& f, int wire_type, const std::string& where) {
  if (f.wire_type != wire_type)
    throw ProtobufError(where + ": wire type " + std::to_string(f.wire_type) + " where " +
                        std::to_string(wire_type) + " was expected");
}

json ParseEmbeddedJson(std::string_view raw, const std::string& where) {
  if (raw.empty()) return nullptr;
  json j = json::parse(raw.begin(), raw.end(), nullptr, false);
  if (j.is_discarded()) throw ProtobufError(where + ": embedded data that is not JSON");
  return j;
}

// One value of `type` from a wire field.
json DecodeValue(const WireField& f, const std::string& type, const std::string& where, int depth) {
  if (type == "s") {
    ExpectWire(f, 2, where);
    return Text(f.bytes, where);
  }
  if (type == "y") {
    ExpectWire(f, 2, where);
    return Base64Encode(std::string(f.bytes));
  }
  if (type == "b" || type == "i" || type == "f") {
    if (f.wire_type == 2) throw ProtobufError(where + ": a length-delimited value for a number");
    if (type == "b") return f.varint != 0;
    if (type == "f") {
      double d = 0;
      if (f.wire_type == 1) std::memcpy(&d, &f.varint, sizeof d);
      else throw ProtobufError(where + ": a double not in fixed64");
      return d;
    }
    return Signed(f.varint);
  }
  ExpectWire(f, 2, where);
  if (type == "Time" || type == "MicroTime") {
    auto w = Fields(f.bytes);
    return TimeText(w.count(1) ? Signed(w[1].varint) : 0, w.count(2) ? Signed(w[2].varint) : 0,
                    type == "MicroTime");
  }
  if (type == "Duration") {
    auto w = Fields(f.bytes);
    return DurationText(w.count(1) ? Signed(w[1].varint) : 0);
  }
  if (type == "Quantity") {
    auto w = Fields(f.bytes);
    return w.count(1) ? Text(w[1].bytes, where) : std::string("0");
  }
  if (type == "IntOrString") {
    auto w = Fields(f.bytes);
    if (w.count(1) && w[1].varint == 1) return w.count(3) ? Text(w[3].bytes, where) : std::string();
    return w.count(2) ? Signed(w[2].varint) : 0;
  }
  if (type == "RawExtension" || type == "FieldsV1") {
    auto w = Fields(f.bytes);
    return w.count(1) ? ParseEmbeddedJson(w[1].bytes, where) : json(nullptr);
  }
  return DecodeMessage(f.bytes, type, depth + 1);
}

bool IsZero(const json& v) {
  return (v.is_string() && v.get_ref<const std::string&>().empty()) ||
         (v.is_boolean() && !v.get<bool>()) || (v.is_number() && v == 0);
}

bool IsScalar(const std::string& type) {
  return type == "s" || type == "b" || type == "i" || type == "f" || type == "y";
}

json DecodeMessage(std::string_view data, const std::string& type, int depth) {
  if (depth > kMaxDepth) throw ProtobufError("messages nested deeper than " + std::to_string(kMaxDepth));
  const ProtoMessage* message = FindProtoMessage(type);
  if (message == nullptr) throw ProtobufError("message " + type + " is not known to the emulator");
  json out = json::object();
  Reader r(data);
  while (!r.Done()) {
    WireField f = r.Next();
    auto it = message->fields.find(f.number);
    if (it == message->fields.end())
      throw ProtobufError("field " + std::to_string(f.number) + " of " + type +
                          " is not known to the emulator");
    const ProtoField& field = it->second;
    std::string where = type + "." + field.name;
    if (field.map) {
      ExpectWire(f, 2, where);
      auto entry = Fields(f.bytes);
      std::string key = entry.count(1) ? Text(entry[1].bytes, where) : std::string();
      json value;
      if (entry.count(2)) value = DecodeValue(entry[2], field.type, where, depth);
      else if (field.type == "s" || field.type == "y") value = "";
      else if (field.type == "Quantity") value = "0";
      else if (IsScalar(field.type)) value = field.type == "b" ? json(false) : json(0);
      else value = json::object();
      out[field.name][key] = value;
    } else if (field.repeated) {
      json& list = out[field.name];
      if (!list.is_array()) list = json::array();
      if (f.wire_type == 2 && (field.type == "i" || field.type == "b")) {  // packed
        Reader packed(f.bytes);
        while (!packed.Done()) {
          std::uint64_t v = packed.Varint();
          list.push_back(field.type == "b" ? json(v != 0) : json(Signed(v)));
        }
      } else {
        list.push_back(DecodeValue(f, field.type, where, depth));
      }
    } else {
      out[field.name] = DecodeValue(f, field.type, where, depth);
    }
  }
  // Go's JSON omits the zero value of an omitempty scalar; protobuf
  // carries it. Inlined structs lend their fields to their parent.
  for (const auto& [number, field] : message->fields) {
    if (!out.contains(field.name)) continue;
    if (!field.repeated && !field.map && IsScalar(field.type) && !field.keep_zero &&
        IsZero(out[field.name]))
      out.erase(field.name);
    else if (field.inlined && out[field.name].is_object()) {
      json inner = std::move(out[field.name]);
      out.erase(field.name);
      for (auto& [k, v] : inner.items()) out[k] = std::move(v);
    }
  }
  return out;
}

}  // namespace

json DecodeProtobufBody(const std::string& body) {
  static const char kMagic[4] = {'k', '8', 's', '\0'};
  if (body.size() < 4 || std::memcmp(body.data(), kMagic, 4) != 0)
    throw ProtobufError("the body does not start with the Kubernetes protobuf magic \"k8s\\x00\"");
  auto unknown = Fields(std::string_view(body).substr(4));
  std::string api_version, kind;
  if (unknown.count(1)) {
    ExpectWire(unknown[1], 2, "runtime.Unknown.typeMeta");
    auto type_meta = Fields(unknown[1].bytes);
    if (type_meta.count(1)) api_version = Text(type_meta[1].bytes, "typeMeta.apiVersion");
    if (type_meta.count(2)) kind = Text(type_meta[2].bytes, "typeMeta.kind");
  }
  if (unknown.count(3) && !unknown[3].bytes.empty())
    throw ProtobufError("content encoding \"" + std::string(unknown[3].bytes) + "\" is not supported");
  std::string root = ProtoRootMessage(api_version, kind);
  if (root.empty())
    throw ProtobufError("no kind \"" + kind + "\" is registered for version \"" + api_version + "\"");
  std::string_view raw = unknown.count(2) ? unknown[2].bytes : std::string_view();
  json object = DecodeMessage(raw, root, 0);
  object["apiVersion"] = api_version;
  object["kind"] = kind;
  return object;
}

}  // namespace qareports::emulator
