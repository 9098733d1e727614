//===- JsonReaderTest.cpp - tq's positioned JSON reader -------------------===//

#include "tq/Support/JsonReader.h"

#include "gtest/gtest.h"

#include <string>

using namespace tq;

namespace {

std::optional<JsonValue> read(const std::string &text, JsonError *error = nullptr,
                              unsigned depth = JsonReader::kDefaultMaxDepth) {
  JsonReader reader(text, depth);
  std::optional<JsonValue> v = reader.parseDocument();
  if (error)
    *error = reader.error();
  return v;
}

TEST(JsonReader, KeepsOrderDuplicatesAndPositions) {
  std::string text = "{\n  \"b\": 1,\n  \"a\": [true, null],\n  \"b\": \"x\"\n}";
  std::optional<JsonValue> v = read(text);
  ASSERT_TRUE(v);
  ASSERT_EQ(v->members.size(), 3u);
  EXPECT_EQ(v->members[0].key, "b");
  EXPECT_EQ(v->members[1].key, "a");
  EXPECT_EQ(v->members[2].key, "b");
  // get() is the first member of that name.
  EXPECT_EQ(v->get("b")->text, "1");
  EXPECT_EQ(v->get("b")->kind, JsonValue::Number);
  EXPECT_EQ(v->get("a")->elements[1].kind, JsonValue::Null);
  LineIndex lines(text);
  EXPECT_EQ(lines.lineColumn(v->members[1].keyOffset),
            std::make_pair(3u, 3u));
  EXPECT_EQ(lines.lineColumn(v->members[2].value.offset),
            std::make_pair(4u, 8u));
  EXPECT_EQ(lines.lineColumn(0), std::make_pair(1u, 1u));
  EXPECT_EQ(lines.lineColumn(text.size()), std::make_pair(5u, 2u));
}

TEST(JsonReader, Numbers) {
  std::optional<JsonValue> v = read("[0, -12, 3.5, 1e300, 18446744073709551615]");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->elements[0].getInteger(), 0);
  EXPECT_EQ(v->elements[1].getInteger(), -12);
  EXPECT_EQ(v->elements[1].getUnsigned(), std::nullopt);
  EXPECT_EQ(v->elements[2].getInteger(), std::nullopt);
  EXPECT_EQ(v->elements[3].getInteger(), std::nullopt);
  EXPECT_EQ(v->elements[3].describe(), "the number 1e300");
  EXPECT_EQ(v->elements[4].getInteger(), std::nullopt);
  EXPECT_EQ(v->elements[4].getUnsigned(), UINT64_MAX);
  for (const char *bad : {"01", "1.", "-", "1e", ".5", "1x", "+1"}) {
    JsonError e;
    EXPECT_FALSE(read(bad, &e)) << bad;
    EXPECT_EQ(e.offset, 0u) << bad;
  }
}

TEST(JsonReader, EscapesDecodeAndKeepColumns) {
  // "\u00e9" is two bytes of UTF-8; "\ud83d\ude00" (U+1F600) four.
  std::string text = R"("a\u00e9\nb\ud83d\ude00c")";
  std::optional<JsonValue> v = read(text);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->text, "a\xc3\xa9\nb\xf0\x9f\x98\x80"
                     "c");
  // Decoded index -> offset in the text: 'a' at 1, 'b' after "\n" at 10,
  // 'c' after the surrogate pair at 23, the closing quote at 24.
  EXPECT_EQ(v->offsetOf(0), 1u);
  EXPECT_EQ(v->offsetOf(4), 10u);
  EXPECT_EQ(v->offsetOf(9), 23u);
  EXPECT_EQ(v->offsetOf(10), 24u);
  EXPECT_EQ(text[23], 'c');

  JsonError e;
  EXPECT_FALSE(read(R"("x\ud800y")", &e));
  EXPECT_EQ(e.offset, 2u);
  EXPECT_EQ(e.message,
            "invalid \\u escape: a high surrogate without its low surrogate");
  EXPECT_FALSE(read(R"("\q")", &e));
  EXPECT_EQ(e.message, "invalid escape '\\q'");
  EXPECT_FALSE(read("\"a\xff\"", &e));
  EXPECT_EQ(e.offset, 2u);
  EXPECT_EQ(e.message, "invalid UTF-8 in a string");
  EXPECT_FALSE(read("\"a\tb\"", &e));
  EXPECT_EQ(e.offset, 2u);
  EXPECT_FALSE(read("\"ab\nc\"", &e));
  EXPECT_EQ(e.message, "unterminated string");
}

TEST(JsonReader, DepthIsBounded) {
  auto nested = [](unsigned n) {
    return std::string(n, '[') + std::string(n, ']');
  };
  EXPECT_TRUE(read(nested(64)));
  JsonError e;
  EXPECT_FALSE(read(nested(65), &e));
  EXPECT_EQ(e.offset, 64u);
  EXPECT_EQ(e.message, "nesting deeper than 64 levels");
  // Deep enough to exhaust any stack without the bound.
  EXPECT_FALSE(read(nested(1000000), &e));
  EXPECT_EQ(e.offset, 64u);
  EXPECT_TRUE(read(nested(3), nullptr, 3));
  EXPECT_FALSE(read(nested(4), nullptr, 3));
}

TEST(JsonReader, BareObjectAndTrailingText) {
  JsonReader bare(R"("a": "x", "b": {"c": []})");
  std::optional<JsonValue> v = bare.parseBareObject();
  ASSERT_TRUE(v);
  ASSERT_EQ(v->members.size(), 2u);
  EXPECT_EQ(v->members[1].value.members[0].key, "c");
  JsonError e;
  EXPECT_FALSE(read("{} x", &e));
  EXPECT_EQ(e.offset, 3u);
  EXPECT_EQ(e.message, "unexpected text after the JSON value");
  EXPECT_FALSE(read("{\"a\": 1,}", &e));
  EXPECT_EQ(e.offset, 8u);
  EXPECT_FALSE(read("", &e));
  EXPECT_EQ(e.message, "unexpected end of input, expected a value");
}

} // namespace
