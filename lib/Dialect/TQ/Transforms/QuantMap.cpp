//===- QuantMap.cpp - TensorQuant-style quantizer maps --------------------===//

#include "tq/Dialect/TQ/Transforms/QuantMap.h"

#include "tq/Dialect/TQ/IR/QuantizerString.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace tq;

StringRef tq::roleName(Role role) {
  switch (role) {
  case Role::Activations: return "activations";
  case Role::Weights: return "weights";
  case Role::Intrinsic: return "intrinsic";
  }
  return "";
}

std::optional<MatchMode> tq::parseMatchMode(StringRef text) {
  return llvm::StringSwitch<std::optional<MatchMode>>(text)
      .Case("substring", MatchMode::Substring)
      .Case("exact", MatchMode::Exact)
      .Case("glob", MatchMode::Glob)
      .Case("regex", MatchMode::Regex)
      .Default(std::nullopt);
}

bool MapEntry::matches(StringRef name, MatchMode mode) const {
  // The empty key (a bare quantizer string) matches every named op, in
  // every mode.
  if (key.empty())
    return true;
  switch (mode) {
  case MatchMode::Substring: return name.contains(key);
  case MatchMode::Exact: return name == key;
  case MatchMode::Glob: return glob->match(name);
  case MatchMode::Regex: return regex->match(name);
  }
  return false;
}

bool QuantMaps::empty() const {
  return llvm::all_of(entries, [](const auto &e) { return e.empty(); });
}

MapEntry *QuantMaps::lookup(Role role, StringRef name, MatchMode mode) {
  for (MapEntry &entry : of(role))
    if (entry.matches(name, mode))
      return &entry;
  return nullptr;
}

LogicalResult QuantMaps::compile(MatchMode mode) {
  for (auto &list : entries)
    for (MapEntry &entry : list) {
      if (mode == MatchMode::Glob) {
        auto pattern = llvm::GlobPattern::create(entry.key);
        if (!pattern) {
          emitError(entry.loc) << "invalid glob pattern \"" << entry.key
                               << "\": " << llvm::toString(pattern.takeError());
          return failure();
        }
        entry.glob = std::make_shared<llvm::GlobPattern>(std::move(*pattern));
      } else if (mode == MatchMode::Regex) {
        // Anchored: the pattern must match the whole name.
        entry.regex = std::make_shared<llvm::Regex>("^(" + entry.key + ")$");
        std::string error;
        if (!entry.regex->isValid(error)) {
          emitError(entry.loc) << "invalid regular expression \"" << entry.key
                               << "\": " << error;
          return failure();
        }
      }
    }
  return success();
}

//===----------------------------------------------------------------------===//
// A small JSON reader that keeps object keys in order and knows positions.
//===----------------------------------------------------------------------===//

namespace {
struct JsonValue {
  enum Kind { String, Object, Array, Other } kind = Other;
  std::string string;
  std::vector<std::pair<std::pair<std::string, size_t>, JsonValue>> members;
  std::vector<JsonValue> elements;
  size_t offset = 0; // of the value's first character
};

class JsonReader {
public:
  JsonReader(MLIRContext *ctx, StringRef text, StringRef source)
      : ctx(ctx), text(text), source(source) {}

  FailureOr<JsonValue> parseDocument() {
    FailureOr<JsonValue> value = parseValue();
    if (failed(value))
      return failure();
    skipBlanks();
    if (pos != text.size())
      return error(pos, "unexpected text after the JSON value");
    return value;
  }

  /// The location of a byte offset: source:line:column (1-based).
  Location locAt(size_t offset) const {
    unsigned line = 1, column = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return FileLineColLoc::get(ctx, source, line, column);
  }

  LogicalResult error(size_t offset, const Twine &message) const {
    return emitError(locAt(offset)) << "malformed quantizer map: " << message;
  }

private:
  void skipBlanks() {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos])))
      ++pos;
  }

  FailureOr<JsonValue> parseValue() {
    skipBlanks();
    if (pos >= text.size())
      return error(pos, "unexpected end of input, expected a value");
    char c = text[pos];
    if (c == '{')
      return parseObject();
    if (c == '[')
      return parseArray();
    if (c == '"')
      return parseString();
    // Numbers, true, false, null: read over them; callers reject them.
    JsonValue value;
    value.offset = pos;
    size_t start = pos;
    while (pos < text.size() && (std::isalnum(static_cast<unsigned char>(text[pos])) ||
                                 text[pos] == '-' || text[pos] == '+' ||
                                 text[pos] == '.'))
      ++pos;
    if (pos == start)
      return error(pos, Twine("unexpected character '") + Twine(c) + "'");
    value.string = text.slice(start, pos).str();
    return value;
  }

  FailureOr<JsonValue> parseString() {
    JsonValue value;
    value.kind = JsonValue::String;
    value.offset = pos;
    ++pos; // opening quote
    while (true) {
      if (pos >= text.size())
        return error(value.offset, "unterminated string");
      char c = text[pos++];
      if (c == '"')
        return value;
      if (c == '\n')
        return error(value.offset, "unterminated string");
      if (c != '\\') {
        value.string += c;
        continue;
      }
      if (pos >= text.size())
        return error(value.offset, "unterminated string");
      char e = text[pos++];
      switch (e) {
      case '"': case '\\': case '/': value.string += e; break;
      case 'n': value.string += '\n'; break;
      case 't': value.string += '\t'; break;
      case 'r': value.string += '\r'; break;
      case 'b': value.string += '\b'; break;
      case 'f': value.string += '\f'; break;
      case 'u': {
        unsigned code;
        if (pos + 4 > text.size() || text.substr(pos, 4).getAsInteger(16, code))
          return error(pos - 2, "invalid \\u escape");
        pos += 4;
        if (code >= 0x80)
          return error(pos - 6, "non-ASCII \\u escapes are not supported in "
                                "quantizer maps");
        value.string += char(code);
        break;
      }
      default:
        return error(pos - 2, Twine("invalid escape '\\") + Twine(e) + "'");
      }
    }
  }

  FailureOr<JsonValue> parseObject() { return parseMembers(/*braced=*/true); }

public:
  /// The members of an object without its braces, up to the end of the text
  /// (MLIR's pass-option syntax strips the outer braces of a value).
  FailureOr<JsonValue> parseBareObject() {
    FailureOr<JsonValue> value = parseMembers(/*braced=*/false);
    if (failed(value))
      return failure();
    return value;
  }

private:
  FailureOr<JsonValue> parseMembers(bool braced) {
    JsonValue value;
    value.kind = JsonValue::Object;
    skipBlanks();
    value.offset = pos;
    if (braced)
      ++pos;
    skipBlanks();
    if (braced && pos < text.size() && text[pos] == '}') {
      ++pos;
      return value;
    }
    while (true) {
      skipBlanks();
      if (pos >= text.size() || text[pos] != '"')
        return error(pos, "expected a string key in object");
      FailureOr<JsonValue> key = parseString();
      if (failed(key))
        return failure();
      skipBlanks();
      if (pos >= text.size() || text[pos] != ':')
        return error(pos, "expected ':' after object key");
      ++pos;
      FailureOr<JsonValue> member = parseValue();
      if (failed(member))
        return failure();
      value.members.push_back({{key->string, key->offset}, std::move(*member)});
      skipBlanks();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (braced && pos < text.size() && text[pos] == '}') {
        ++pos;
        return value;
      }
      if (!braced && pos >= text.size())
        return value;
      return error(pos, braced ? "expected ',' or '}' in object"
                               : "expected ',' between map entries");
    }
  }

  FailureOr<JsonValue> parseArray() {
    JsonValue value;
    value.kind = JsonValue::Array;
    value.offset = pos++;
    skipBlanks();
    if (pos < text.size() && text[pos] == ']') {
      ++pos;
      return value;
    }
    while (true) {
      FailureOr<JsonValue> element = parseValue();
      if (failed(element))
        return failure();
      value.elements.push_back(std::move(*element));
      skipBlanks();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == ']') {
        ++pos;
        return value;
      }
      return error(pos, "expected ',' or ']' in array");
    }
  }

  MLIRContext *ctx;
  StringRef text;
  StringRef source;
  size_t pos = 0;
};

/// Parses one quantizer string written at byte `offset` of the text (the
/// opening quote when `quoted`); errors point into the string.
QuantizerAttrInterface parseEntryQuantizer(MLIRContext *ctx,
                                           const JsonReader &reader,
                                           StringRef spec, size_t offset,
                                           bool quoted, StringRef key,
                                           Role role) {
  QuantizerStringError error;
  QuantizerAttrInterface q = parseQuantizerString(ctx, spec, error);
  if (!q)
    emitError(reader.locAt(offset + (quoted ? 1 : 0) + error.column))
        << "invalid quantizer \"" << spec << "\" for \"" << key << "\" in the "
        << roleName(role) << " map: " << error.message;
  return q;
}

/// Adds {"": spec} to the map of `role`: a bare quantizer string means every
/// op, as in TensorQuant. `offset` is where `spec` (or its opening quote,
/// when `quoted`) is written.
LogicalResult addWholeMapEntry(MLIRContext *ctx, const JsonReader &reader,
                               StringRef spec, size_t offset, bool quoted,
                               Role role, QuantMaps &maps) {
  MapEntry entry{role, "", spec.str(), {}, {}, reader.locAt(offset)};
  entry.quantizer =
      parseEntryQuantizer(ctx, reader, spec, offset, quoted, "", role);
  if (!entry.quantizer)
    return failure();
  if (role == Role::Intrinsic)
    entry.accumulator = entry.quantizer;
  maps.of(role).push_back(std::move(entry));
  return success();
}

LogicalResult readEntries(MLIRContext *ctx, const JsonReader &reader,
                          const JsonValue &object, Role role,
                          QuantMaps &maps) {
  if (object.kind != JsonValue::Object)
    return reader.error(object.offset,
                        Twine("the ") + roleName(role) +
                            " map must be an object of \"name\": "
                            "\"quantizer\" entries");
  for (const auto &[key, value] : object.members) {
    MapEntry entry{role, key.first, "", {}, {}, reader.locAt(key.second)};
    if (value.kind == JsonValue::String) {
      entry.text = value.string;
      entry.quantizer = parseEntryQuantizer(ctx, reader, value.string,
                                            value.offset, true, key.first, role);
      if (!entry.quantizer)
        return failure();
      if (role == Role::Intrinsic)
        entry.accumulator = entry.quantizer;
    } else if (role == Role::Intrinsic && value.kind == JsonValue::Array &&
               value.elements.size() == 2 &&
               value.elements[0].kind == JsonValue::String &&
               value.elements[1].kind == JsonValue::String) {
      const JsonValue &p = value.elements[0], &a = value.elements[1];
      entry.text = p.string + "|" + a.string;
      entry.quantizer =
          parseEntryQuantizer(ctx, reader, p.string, p.offset, true, key.first, role);
      if (!entry.quantizer)
        return failure();
      entry.accumulator =
          parseEntryQuantizer(ctx, reader, a.string, a.offset, true, key.first, role);
      if (!entry.accumulator)
        return failure();
    } else {
      return reader.error(value.offset,
                          Twine("the value of \"") + key.first +
                              "\" must be a quantizer string" +
                              (role == Role::Intrinsic
                                   ? " or a [product, accumulator] pair"
                                   : ""));
    }
    for (const MapEntry &other : maps.of(role))
      if (other.key == entry.key)
        emitWarning(entry.loc) << "duplicate key \"" << entry.key << "\" in the "
                               << roleName(role)
                               << " map: the first one wins";
    maps.of(role).push_back(std::move(entry));
  }
  return success();
}
} // namespace

LogicalResult tq::readQuantMap(MLIRContext *ctx, StringRef text,
                               StringRef source, std::optional<Role> role,
                               QuantMaps &maps) {
  ctx->getOrLoadDialect<TQDialect>();
  JsonReader reader(ctx, text, source);
  StringRef trimmed = text.trim();
  // A bare quantizer string means every op, as in TensorQuant.
  if (role && !trimmed.starts_with("{") && !trimmed.starts_with("\""))
    return addWholeMapEntry(ctx, reader, trimmed, trimmed.data() - text.data(),
                            /*quoted=*/false, *role, maps);
  // `"key": "q", ...` without braces: an object whose braces were stripped.
  bool bare = false;
  if (role && trimmed.starts_with("\"")) {
    size_t close = trimmed.find('"', 1);
    while (close != StringRef::npos && trimmed[close - 1] == '\\')
      close = trimmed.find('"', close + 1);
    bare = close != StringRef::npos &&
           trimmed.drop_front(close + 1).ltrim().starts_with(":");
  }
  FailureOr<JsonValue> doc =
      bare ? reader.parseBareObject() : reader.parseDocument();
  if (failed(doc))
    return failure();
  if (role && doc->kind == JsonValue::String)
    return addWholeMapEntry(ctx, reader, doc->string, doc->offset,
                            /*quoted=*/true, *role, maps);
  if (role)
    return readEntries(ctx, reader, *doc, *role, maps);

  if (doc->kind != JsonValue::Object)
    return reader.error(doc->offset,
                        "a combined map must be an object with "
                        "\"activations\", \"weights\" and/or \"intrinsic\"");
  for (const auto &[key, value] : doc->members) {
    std::optional<Role> r = llvm::StringSwitch<std::optional<Role>>(key.first)
                                .Case("activations", Role::Activations)
                                .Case("weights", Role::Weights)
                                .Case("intrinsic", Role::Intrinsic)
                                .Default(std::nullopt);
    if (!r)
      return reader.error(key.second,
                          "unknown role \"" + key.first +
                              "\" (expected activations, weights or intrinsic)");
    if (value.kind == JsonValue::String) {
      if (failed(addWholeMapEntry(ctx, reader, value.string, value.offset,
                                  /*quoted=*/true, *r, maps)))
        return failure();
      continue;
    }
    if (failed(readEntries(ctx, reader, value, *r, maps)))
      return failure();
  }
  return success();
}
