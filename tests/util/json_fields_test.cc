// Fields of JSON a server wrote, read without trusting its shape.
#include "util/json_fields.h"

#include <gtest/gtest.h>

namespace qareports::util {
namespace {

TEST(JsonFieldsTest, AnIntegerWithinLongsRangeIsReadAndAnythingElseIsTheFallback) {
  nlohmann::json j = nlohmann::json::parse(R"({"n":-3,"big":9223372036854775807,"past":9223372036854775808,
      "float":1e300,"half":2.5,"text":"7","null":null,"object":{}})");
  EXPECT_EQ(IntegerField(j, "n", 1), -3);
  EXPECT_EQ(IntegerField(j, "big", 1), 9223372036854775807L);
  for (const char* key : {"past", "float", "half", "text", "null", "object", "absent"}) {
    EXPECT_EQ(IntegerField(j, key, 1), 1) << key;
  }
  EXPECT_EQ(IntegerField(nlohmann::json::array({1}), "n", 1), 1);
  EXPECT_EQ(IntegerField(nlohmann::json("n"), "n", 1), 1);
}

TEST(JsonFieldsTest, AnObjectFieldIsTheMemberWhenItIsAnObjectAndEmptyOtherwise) {
  nlohmann::json j = nlohmann::json::parse(R"({"spec":{"replicas":2},"status":"broken","list":[1]})");
  EXPECT_EQ(ObjectField(j, "spec")["replicas"], 2);
  for (const char* key : {"status", "list", "absent"}) EXPECT_EQ(ObjectField(j, key), nlohmann::json::object()) << key;
  EXPECT_EQ(ObjectField(nlohmann::json(3), "spec"), nlohmann::json::object());
  EXPECT_EQ(ObjectField(ObjectField(j, "absent"), "deeper"), nlohmann::json::object());
}

// nlohmann parses any depth, but copies and writes a value by recursion:
// 100,000 nested arrays (200 KB) overflowed the stack.
TEST(JsonFieldsTest, JsonNestedDeeperThanTheLimitIsNotParsed) {
  auto nested = [](size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  EXPECT_TRUE(ParseJson(nested(100000)).is_discarded());
  EXPECT_TRUE(ParseJson("{\"a\": " + nested(kMaxJsonDepth) + "}").is_discarded());
  nlohmann::json deepest = ParseJson(nested(kMaxJsonDepth));
  ASSERT_FALSE(deepest.is_discarded());
  EXPECT_EQ(deepest.dump().size(), 2 * kMaxJsonDepth);
  // Brackets inside strings, escaped quotes among them, are text.
  nlohmann::json text = ParseJson("[\"\\\"" + nested(100000) + "\"]");
  ASSERT_TRUE(text.is_array());
  EXPECT_EQ(text[0].get<std::string>().size(), 1 + 200000u);
  EXPECT_TRUE(ParseJson("{not json").is_discarded());
  // The callback still chooses what is kept.
  nlohmann::json kept = ParseJson(R"({"a":1,"b":2})", [](int, nlohmann::json::parse_event_t event, nlohmann::json& j) {
    return event != nlohmann::json::parse_event_t::key || j != "b";
  });
  EXPECT_EQ(kept, nlohmann::json::parse(R"({"a":1})"));
}

}  // namespace
}  // namespace qareports::util
