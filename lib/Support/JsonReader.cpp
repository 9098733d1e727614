//===- JsonReader.cpp - JSON with positions and ordered keys --------------===//

#include "tq/Support/JsonReader.h"

#include "llvm/Support/JSON.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>

using namespace tq;
using llvm::StringRef;

//===----------------------------------------------------------------------===//
// JsonValue
//===----------------------------------------------------------------------===//

std::string JsonValue::describe() const {
  switch (kind) {
  case Null: return "null";
  case Bool: return text;
  case Number: return "the number " + text;
  case String: return "a string";
  case Array: return "a list";
  case Object: return "an object";
  }
  return "";
}

const JsonMember *JsonValue::find(StringRef key) const {
  for (const JsonMember &m : members)
    if (m.key == key)
      return &m;
  return nullptr;
}

const JsonValue *JsonValue::get(StringRef key) const {
  const JsonMember *m = find(key);
  return m ? &m->value : nullptr;
}

std::optional<int64_t> JsonValue::getInteger() const {
  if (kind != Number || text.find_first_of(".eE") != std::string::npos)
    return std::nullopt;
  int64_t v;
  if (StringRef(text).getAsInteger(10, v))
    return std::nullopt;
  return v;
}

std::optional<uint64_t> JsonValue::getUnsigned() const {
  if (kind != Number || text.find_first_of(".eE-") != std::string::npos)
    return std::nullopt;
  uint64_t v;
  if (StringRef(text).getAsInteger(10, v))
    return std::nullopt;
  return v;
}

size_t JsonValue::offsetOf(size_t index) const {
  // The last escape at or before `index`; without one, the text follows the
  // opening quote.
  auto it = std::upper_bound(
      escapes.begin(), escapes.end(), index,
      [](size_t i, const std::pair<size_t, size_t> &e) { return i < e.first; });
  if (it == escapes.begin())
    return offset + 1 + index;
  --it;
  return it->second + (index - it->first);
}

//===----------------------------------------------------------------------===//
// LineIndex
//===----------------------------------------------------------------------===//

LineIndex::LineIndex(StringRef text) : size(text.size()) {
  starts.push_back(0);
  for (size_t i = text.find('\n'); i != StringRef::npos;
       i = text.find('\n', i + 1))
    starts.push_back(i + 1);
}

std::pair<unsigned, unsigned> LineIndex::lineColumn(size_t offset) const {
  offset = std::min(offset, size);
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  size_t line = it - starts.begin(); // 1-based: the count of starts <= offset
  size_t column = offset - starts[line - 1] + 1;
  auto clamp = [](size_t v) { return unsigned(std::min<size_t>(v, UINT_MAX)); };
  return {clamp(line), clamp(column)};
}

//===----------------------------------------------------------------------===//
// JsonReader
//===----------------------------------------------------------------------===//

static std::string quotedChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  char buf[16];
  if (u >= 0x20 && u < 0x7f)
    snprintf(buf, sizeof buf, "'%c'", c);
  else
    snprintf(buf, sizeof buf, "byte 0x%02x", u);
  return buf;
}

bool JsonReader::fail(size_t offset, std::string message) {
  err.offset = offset;
  err.message = std::move(message);
  return false;
}

bool JsonReader::consume(char c) {
  if (pos >= text.size() || text[pos] != c)
    return false;
  ++pos;
  return true;
}

bool JsonReader::closed(JsonValue &value) {
  value.end = pos;
  return true;
}

void JsonReader::skipBlanks() {
  // JSON's whitespace: space, tab, line feed, carriage return.
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' ||
                               text[pos] == '\n' || text[pos] == '\r'))
    ++pos;
}

std::optional<JsonValue> JsonReader::parseDocument() {
  pos = 0;
  JsonValue value;
  if (!parseValue(value, 0))
    return std::nullopt;
  skipBlanks();
  if (pos != text.size()) {
    fail(pos, "unexpected text after the JSON value");
    return std::nullopt;
  }
  return value;
}

std::optional<JsonValue> JsonReader::parseBareObject() {
  pos = 0;
  JsonValue value;
  if (!parseMembers(value, /*braced=*/false, 1))
    return std::nullopt;
  return value;
}

bool JsonReader::parseValue(JsonValue &value, unsigned depth) {
  skipBlanks();
  if (pos >= text.size())
    return fail(pos, "unexpected end of input, expected a value");
  char c = text[pos];
  if (c == '{' || c == '[') {
    if (depth >= maxDepth)
      return fail(pos, "nesting deeper than " + std::to_string(maxDepth) +
                           " levels");
    return c == '{' ? parseMembers(value, /*braced=*/true, depth + 1)
                    : parseArray(value, depth + 1);
  }
  if (c == '"')
    return parseString(value);
  if (c == '-' || (c >= '0' && c <= '9'))
    return parseNumber(value);
  for (auto [word, kind] : {std::pair<StringRef, JsonValue::Kind>{
                                "true", JsonValue::Bool},
                            {"false", JsonValue::Bool},
                            {"null", JsonValue::Null}})
    if (text.substr(pos).starts_with(word)) {
      value.kind = kind;
      value.offset = pos;
      value.text = word.str();
      pos += word.size();
      value.end = pos;
      return true;
    }
  return fail(pos, "unexpected " + quotedChar(c) + ", expected a value");
}

bool JsonReader::parseNumber(JsonValue &value) {
  // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
  value.kind = JsonValue::Number;
  value.offset = pos;
  size_t p = pos;
  auto digits = [&] {
    size_t start = p;
    while (p < text.size() && text[p] >= '0' && text[p] <= '9')
      ++p;
    return p - start;
  };
  auto bad = [&] {
    // Report the whole token as written.
    size_t e = p;
    while (e < text.size() && (std::isalnum(static_cast<unsigned char>(text[e])) ||
                               text[e] == '.' || text[e] == '+' ||
                               text[e] == '-'))
      ++e;
    return fail(pos, "invalid number '" + text.slice(pos, e).str() + "'");
  };
  if (text[p] == '-')
    ++p;
  if (p < text.size() && text[p] == '0')
    ++p;
  else if (digits() == 0)
    return bad();
  if (p < text.size() && text[p] == '.') {
    ++p;
    if (digits() == 0)
      return bad();
  }
  if (p < text.size() && (text[p] == 'e' || text[p] == 'E')) {
    ++p;
    if (p < text.size() && (text[p] == '+' || text[p] == '-'))
      ++p;
    if (digits() == 0)
      return bad();
  }
  // A number runs into a letter or digit: `01`, `1x`.
  if (p < text.size() && (std::isalnum(static_cast<unsigned char>(text[p])) ||
                          text[p] == '.'))
    return bad();
  value.text = text.slice(pos, p).str();
  pos = p;
  value.end = pos;
  return true;
}

static void appendUtf8(std::string &s, uint32_t code) {
  if (code < 0x80) {
    s += char(code);
  } else if (code < 0x800) {
    s += char(0xC0 | (code >> 6));
    s += char(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    s += char(0xE0 | (code >> 12));
    s += char(0x80 | ((code >> 6) & 0x3F));
    s += char(0x80 | (code & 0x3F));
  } else {
    s += char(0xF0 | (code >> 18));
    s += char(0x80 | ((code >> 12) & 0x3F));
    s += char(0x80 | ((code >> 6) & 0x3F));
    s += char(0x80 | (code & 0x3F));
  }
}

bool JsonReader::parseString(JsonValue &value) {
  value.kind = JsonValue::String;
  value.offset = pos;
  ++pos; // opening quote
  auto hex4 = [&](size_t at, uint32_t &code) {
    if (at + 4 > text.size())
      return false;
    code = 0;
    for (char h : text.substr(at, 4)) {
      unsigned d;
      if (h >= '0' && h <= '9')
        d = h - '0';
      else if (h >= 'a' && h <= 'f')
        d = h - 'a' + 10;
      else if (h >= 'A' && h <= 'F')
        d = h - 'A' + 10;
      else
        return false;
      code = code * 16 + d;
    }
    return true;
  };
  while (true) {
    // Plain characters up to the next quote, backslash or control
    // character, in one go.
    size_t start = pos;
    while (pos < text.size() && text[pos] != '"' && text[pos] != '\\' &&
           static_cast<unsigned char>(text[pos]) >= 0x20)
      ++pos;
    value.text.append(text.data() + start, pos - start);
    if (pos >= text.size() || text[pos] == '\n' || text[pos] == '\r')
      return fail(value.offset, "unterminated string");
    char c = text[pos];
    if (c == '"') {
      ++pos;
      value.end = pos;
      // JSON text is UTF-8 (RFC 8259); \u escapes decode to valid UTF-8, so
      // only raw bytes can be wrong.
      size_t bad;
      if (!llvm::json::isUTF8(value.text, &bad))
        return fail(value.offsetOf(bad), "invalid UTF-8 in a string");
      return true;
    }
    if (c != '\\')
      return fail(pos, "control character (" + quotedChar(c) +
                           ") in a string: write it as an escape");
    size_t escape = pos;
    if (pos + 1 >= text.size())
      return fail(value.offset, "unterminated string");
    char e = text[pos + 1];
    pos += 2;
    switch (e) {
    case '"': case '\\': case '/': value.text += e; break;
    case 'n': value.text += '\n'; break;
    case 't': value.text += '\t'; break;
    case 'r': value.text += '\r'; break;
    case 'b': value.text += '\b'; break;
    case 'f': value.text += '\f'; break;
    case 'u': {
      uint32_t code;
      if (!hex4(pos, code))
        return fail(escape, "invalid \\u escape (four hexadecimal digits)");
      pos += 4;
      if (code >= 0xDC00 && code <= 0xDFFF)
        return fail(escape, "invalid \\u escape: a lone low surrogate");
      if (code >= 0xD800 && code <= 0xDBFF) {
        uint32_t low;
        if (pos + 6 > text.size() || text[pos] != '\\' || text[pos + 1] != 'u' ||
            !hex4(pos + 2, low) || low < 0xDC00 || low > 0xDFFF)
          return fail(escape, "invalid \\u escape: a high surrogate without "
                              "its low surrogate");
        pos += 6;
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
      }
      appendUtf8(value.text, code);
      break;
    }
    default:
      return fail(escape, "invalid escape '\\" + std::string(1, e) + "'");
    }
    value.escapes.push_back({value.text.size(), pos});
  }
}

bool JsonReader::parseMembers(JsonValue &value, bool braced, unsigned depth) {
  value.kind = JsonValue::Object;
  skipBlanks();
  value.offset = pos;
  if (braced) {
    ++pos;
    skipBlanks();
    if (consume('}'))
      return closed(value);
  }
  while (true) {
    skipBlanks();
    if (pos >= text.size() || text[pos] != '"')
      return fail(pos, pos >= text.size()
                           ? "unexpected end of input, expected a string key"
                           : "expected a string key in object");
    JsonMember member;
    JsonValue key;
    if (!parseString(key))
      return false;
    member.key = std::move(key.text);
    member.keyOffset = key.offset;
    skipBlanks();
    if (pos >= text.size() || text[pos] != ':')
      return fail(pos, "expected ':' after object key");
    ++pos;
    if (!parseValue(member.value, depth))
      return false;
    value.members.push_back(std::move(member));
    skipBlanks();
    if (consume(','))
      continue;
    if ((braced && consume('}')) || (!braced && pos >= text.size()))
      return closed(value);
    return fail(pos, braced ? "expected ',' or '}' in object"
                            : "expected ',' between map entries");
  }
}

bool JsonReader::parseArray(JsonValue &value, unsigned depth) {
  value.kind = JsonValue::Array;
  value.offset = pos++;
  skipBlanks();
  if (consume(']'))
    return closed(value);
  while (true) {
    JsonValue element;
    if (!parseValue(element, depth))
      return false;
    value.elements.push_back(std::move(element));
    skipBlanks();
    if (consume(','))
      continue;
    if (consume(']'))
      return closed(value);
    return fail(pos, "expected ',' or ']' in array");
  }
}
