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

}  // namespace
}  // namespace qareports::util
