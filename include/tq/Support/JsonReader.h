//===- JsonReader.h - JSON with positions and ordered keys ------*- C++ -*-===//
//
// The JSON reader of tq's input files (quantizer maps, sweep files).
// Unlike llvm::json it
//   - keeps object members in file order, duplicates included (the first
//     matching map entry wins, as in TensorQuant);
//   - knows where every value, key and string character is, so errors
//     point at file:line:column;
//   - bounds the nesting depth (kDefaultMaxDepth), so no input can exhaust
//     the stack;
//   - reports each error once, with its offset, and never aborts.
// Reading is linear in the size of the text; line and column of an offset
// come from an index of line starts (LineIndex), O(log lines) per query.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_SUPPORT_JSONREADER_H
#define TQ_SUPPORT_JSONREADER_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tq {

struct JsonMember;

/// A JSON value and where it is written.
struct JsonValue {
  enum Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Null;
  /// Byte offset of the value's first character (a string's opening quote)
  /// and one past its last.
  size_t offset = 0, end = 0;
  /// String: the decoded contents (UTF-8). Number, Bool, Null: the text as
  /// written (`1e3`, `true`).
  std::string text;
  /// Object: the members in file order, duplicate keys kept.
  std::vector<JsonMember> members;
  /// Array: the elements.
  std::vector<JsonValue> elements;

  bool isString() const { return kind == String; }
  bool isObject() const { return kind == Object; }
  bool isArray() const { return kind == Array; }
  bool isNumber() const { return kind == Number; }

  /// "a string", "an object", "the number 1e300", "true", ...: what the
  /// value is, for messages that say what was expected instead.
  std::string describe() const;

  /// Object: the first member called `key`, or null.
  const JsonMember *find(llvm::StringRef key) const;
  const JsonValue *get(llvm::StringRef key) const;

  /// Number written as an integer (no fraction, no exponent) whose value
  /// fits: the value; otherwise none.
  std::optional<int64_t> getInteger() const;
  std::optional<uint64_t> getUnsigned() const;

  /// String: the byte offset in the text of decoded character `index`
  /// (escapes make it differ from offset + 1 + index); `index` may be the
  /// size of the string (the closing quote).
  size_t offsetOf(size_t index) const;

private:
  friend class JsonReader;
  /// String: (decoded index, text offset) after each escape sequence.
  std::vector<std::pair<size_t, size_t>> escapes;
};

/// An object member: its key (decoded), where the key's opening quote is,
/// and its value.
struct JsonMember {
  std::string key;
  size_t keyOffset = 0;
  JsonValue value;
};

/// Line and column (both 1-based; columns count bytes) of byte offsets.
class LineIndex {
public:
  explicit LineIndex(llvm::StringRef text);
  std::pair<unsigned, unsigned> lineColumn(size_t offset) const;

private:
  std::vector<size_t> starts; // offset of each line's first byte
  size_t size;
};

/// An error of the reader: where (byte offset) and what.
struct JsonError {
  size_t offset = 0;
  std::string message;
};

/// Reads one JSON text (RFC 8259: no comments, no trailing commas, strings
/// in UTF-8).
class JsonReader {
public:
  /// Arrays and objects nested deeper than this are an error.
  static constexpr unsigned kDefaultMaxDepth = 64;

  explicit JsonReader(llvm::StringRef text,
                      unsigned maxDepth = kDefaultMaxDepth)
      : text(text), maxDepth(maxDepth) {}

  /// The whole text as one value, blanks around it allowed. On failure,
  /// error() says where and what.
  std::optional<JsonValue> parseDocument();

  /// The members of an object without its braces, `"k": v, ...` up to the
  /// end of the text (MLIR's pass-option syntax strips the outer braces of
  /// an option's value).
  std::optional<JsonValue> parseBareObject();

  const JsonError &error() const { return err; }

private:
  void skipBlanks();
  /// Skips `c` when it is next.
  bool consume(char c);
  /// Records where a container ends (just read its closing character).
  bool closed(JsonValue &value);
  bool fail(size_t offset, std::string message);
  bool parseValue(JsonValue &value, unsigned depth);
  bool parseString(JsonValue &value);
  bool parseNumber(JsonValue &value);
  bool parseMembers(JsonValue &value, bool braced, unsigned depth);
  bool parseArray(JsonValue &value, unsigned depth);

  llvm::StringRef text;
  unsigned maxDepth;
  size_t pos = 0;
  JsonError err;
};

} // namespace tq

#endif // TQ_SUPPORT_JSONREADER_H
