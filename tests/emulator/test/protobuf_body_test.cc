// The protobuf body decoder on bodies built by hand, byte by byte, as the
// wire format defines them: what it makes of each kind of field, and that
// every malformed body is an error naming what is wrong, never a crash.
#include <gtest/gtest.h>

#include "storage/protobuf_body.h"

namespace qareports::emulator {
namespace {

std::string Varint(std::uint64_t v) {
  std::string out;
  do {
    unsigned char b = v & 0x7f;
    v >>= 7;
    out.push_back(static_cast<char>(v ? b | 0x80 : b));
  } while (v);
  return out;
}

std::string Bytes(int field, const std::string& value) {
  return Varint(static_cast<std::uint64_t>(field) << 3 | 2) + Varint(value.size()) + value;
}

std::string Number(int field, std::uint64_t value) {
  return Varint(static_cast<std::uint64_t>(field) << 3) + Varint(value);
}

std::string Envelope(const std::string& api_version, const std::string& kind, const std::string& raw) {
  return std::string("k8s\0", 4) + Bytes(1, Bytes(1, api_version) + Bytes(2, kind)) + Bytes(2, raw) +
         Bytes(3, "") + Bytes(4, "");
}

std::string Entry(const std::string& key, const std::string& value) { return Bytes(1, key) + Bytes(2, value); }

TEST(ProtobufBodyTest, DecodesADeploymentWithMapsTimesQuantitiesAndIntOrStrings) {
  std::string meta = Bytes(1, "web") + Bytes(2, "") + Bytes(8, "") + Bytes(11, Entry("app", "web")) +
                     Bytes(11, Entry("tier", ""));
  std::string container = Bytes(1, "squad") + Bytes(2, "squad:1.89") + Bytes(4, "gunicorn") +
                          Bytes(4, "--workers=2") + Bytes(6, Number(3, 8000) + Bytes(4, "TCP")) +
                          Bytes(8, Bytes(1, Entry("cpu", Bytes(1, "500m"))));
  std::string template_spec = Bytes(1, Bytes(11, Entry("app", "web"))) + Bytes(2, Bytes(2, container));
  std::string rolling = Bytes(1, Number(1, 0) + Number(2, 1)) + Bytes(2, Number(1, 1) + Bytes(3, "25%"));
  std::string spec = Number(1, 0) + Bytes(2, Bytes(1, Entry("app", "web"))) + Bytes(3, template_spec) +
                     Bytes(4, Bytes(1, "RollingUpdate") + Bytes(2, rolling)) + Number(5, 0) + Number(7, 0);
  json d = DecodeProtobufBody(Envelope("apps/v1", "Deployment", Bytes(1, meta) + Bytes(2, spec) + Bytes(3, "")));
  EXPECT_EQ(d["apiVersion"], "apps/v1");
  EXPECT_EQ(d["kind"], "Deployment");
  EXPECT_EQ(d["metadata"], json::parse(R"({"name":"web","creationTimestamp":null,
                                           "labels":{"app":"web","tier":""}})"));
  EXPECT_EQ(d["spec"]["replicas"], 0) << "a pointer's zero is kept";
  EXPECT_FALSE(d["spec"].contains("minReadySeconds")) << "an omitempty zero is not";
  EXPECT_FALSE(d["spec"].contains("paused"));
  EXPECT_EQ(d["spec"]["strategy"]["rollingUpdate"], json::parse(R"({"maxSurge":"25%","maxUnavailable":1})"));
  json c = d["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(c["args"], json::parse(R"(["gunicorn","--workers=2"])"));
  EXPECT_EQ(c["ports"][0], json::parse(R"({"containerPort":8000,"protocol":"TCP"})"));
  EXPECT_EQ(c["resources"]["limits"]["cpu"], "500m");
  EXPECT_EQ(d["status"], json::object());
}

TEST(ProtobufBodyTest, SecretDataIsBase64AndTimesAreRfc3339) {
  std::string meta = Bytes(1, "s") + Bytes(8, Number(1, 1767225600)) + Bytes(9, Number(1, 1767225601));
  json s = DecodeProtobufBody(
      Envelope("v1", "Secret", Bytes(1, meta) + Bytes(2, Entry("k", std::string("\x00\xff", 2))) + Bytes(3, "Opaque")));
  EXPECT_EQ(s["data"]["k"], "AP8=");
  EXPECT_EQ(s["type"], "Opaque");
  EXPECT_EQ(s["metadata"]["creationTimestamp"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(s["metadata"]["deletionTimestamp"], "2026-01-01T00:00:01Z");
}

TEST(ProtobufBodyTest, NegativeIntegersAreTwosComplementVarints) {
  json p = DecodeProtobufBody(Envelope("scheduling.k8s.io/v1", "PriorityClass",
                                       Bytes(1, Bytes(1, "low")) + Number(2, static_cast<std::uint64_t>(-5))));
  EXPECT_EQ(p["value"], -5);
}

TEST(ProtobufBodyTest, MalformedBodiesAreErrorsNamingTheProblem) {
  auto error = [](const std::string& body) {
    try {
      DecodeProtobufBody(body);
    } catch (const ProtobufError& e) {
      return std::string(e.what());
    }
    return std::string("decoded");
  };
  std::string ok = Envelope("v1", "ConfigMap", Bytes(1, Bytes(1, "c")));
  ASSERT_EQ(error(ok), "decoded");
  EXPECT_NE(error("{\"kind\":\"ConfigMap\"}").find("magic"), std::string::npos);
  EXPECT_NE(error(ok.substr(0, ok.size() - 1)).find("truncated"), std::string::npos);
  EXPECT_NE(error(Envelope("v1", "Widget", "")).find("no kind \"Widget\""), std::string::npos);
  EXPECT_NE(error(Envelope("v1", "ConfigMap", Bytes(99, "x"))).find("field 99 of core.ConfigMap"),
            std::string::npos);
  // Not UTF-8: a broken sequence, an overlong form, a surrogate, past U+10FFFF.
  for (const char* text : {"\xc3\x28", "\xf0\x8c\x8e\x8a", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    EXPECT_NE(error(Envelope("v1", "ConfigMap", Bytes(1, Bytes(1, text)))).find("not UTF-8"), std::string::npos)
        << text;
  }
  EXPECT_EQ(error(Envelope("v1", "ConfigMap", Bytes(1, Bytes(1, "\xf4\x8f\xbf\xbf \xe2\x82\xac")))), "decoded");
  EXPECT_NE(error(Envelope("v1", "ConfigMap", Number(1, 5))).find("wire type"), std::string::npos);
  std::string groups = std::string("k8s\0", 4) + Varint(1 << 3 | 3);
  EXPECT_NE(error(groups).find("wire type 3"), std::string::npos);
}

}  // namespace
}  // namespace qareports::emulator
