//===- Npy.cpp - NumPy .npy files -----------------------------------------===//

#include "tq/Runner/Npy.h"
#include "tq/Import/ONNX.h"

#include "tq/Reference/Reference.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>

using namespace llvm;

namespace tq {

int64_t NpyArray::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// The float that bfloat16 bit pattern `b` stands for (exact: bfloat16 is
/// the upper half of a float).
static float bfloat16ToFloat(uint16_t b) {
  uint32_t u = uint32_t(b) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

double NpyArray::getDouble(int64_t i) const {
  const char *p = data.data() + i * itemSize;
  if (bfloat16) {
    uint16_t b;
    std::memcpy(&b, p, 2);
    return bfloat16ToFloat(b);
  }
  if (kind == 'f') {
    if (itemSize == 8) {
      double v;
      std::memcpy(&v, p, 8);
      return v;
    }
    if (itemSize == 4) {
      float v;
      std::memcpy(&v, p, 4);
      return v;
    }
    uint16_t h;
    std::memcpy(&h, p, 2);
    int exp = (h >> 10) & 0x1f, man = h & 0x3ff;
    double v = exp == 0    ? std::ldexp(double(man), -24)
               : exp == 31 ? (man ? NAN : INFINITY)
                           : std::ldexp(double(man | 0x400), exp - 25);
    return (h & 0x8000) ? -v : v;
  }
  uint64_t bits = 0;
  std::memcpy(&bits, p, itemSize);
  if (kind != 'i' || itemSize == 8)
    return kind == 'i' ? double(int64_t(bits)) : double(bits);
  int shift = 64 - 8 * int(itemSize);
  return double(int64_t(bits << shift) >> shift);
}

std::string NpyArray::descr() const {
  if (bfloat16)
    return "bfloat16";
  std::string s;
  s += itemSize == 1 ? '|' : '<';
  s += kind;
  s += std::to_string(itemSize);
  return s;
}

std::string NpyArray::shapeString() const {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1)
    s += ",";
  return s + ")";
}

static Error bad(StringRef name, const Twine &what) {
  return createStringError(inconvertibleErrorCode(),
                           name + ": not a usable .npy file: " + what);
}

/// The value of `key` in the header dict, as the raw text up to the next
/// top-level comma or closing brace.
static std::optional<StringRef> dictValue(StringRef header, StringRef key) {
  std::string quoted = ("'" + key + "'").str();
  size_t at = header.find(quoted);
  if (at == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(at + quoted.size()).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  rest = rest.ltrim();
  int depth = 0;
  size_t end = 0;
  for (; end < rest.size(); ++end) {
    char c = rest[end];
    if (c == '(' || c == '[')
      ++depth;
    else if (c == ')' || c == ']')
      --depth;
    else if ((c == ',' || c == '}') && depth == 0)
      break;
  }
  return rest.take_front(end).trim();
}

Expected<NpyArray> parseNpy(StringRef bytes, StringRef name) {
  if (!bytes.starts_with("\x93NUMPY") || bytes.size() < 10)
    return bad(name, "missing the \\x93NUMPY magic");
  unsigned major = (unsigned char)bytes[6];
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = (unsigned char)bytes[8] | ((unsigned char)bytes[9] << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return bad(name, "truncated header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= size_t((unsigned char)bytes[8 + i]) << (8 * i);
    headerStart = 12;
  } else {
    return bad(name, "format version " + Twine(major) + " is not 1, 2 or 3");
  }
  if (bytes.size() < headerStart + headerLen)
    return bad(name, "truncated header");
  StringRef header = bytes.substr(headerStart, headerLen);

  NpyArray a;
  std::optional<StringRef> descr = dictValue(header, "descr");
  if (!descr || descr->size() < 4 || !descr->starts_with("'") ||
      !descr->ends_with("'"))
    return bad(name, "header has no 'descr' string");
  StringRef d = descr->drop_front().drop_back();
  char order = d[0];
  a.kind = d[1];
  if (d.drop_front(2).getAsInteger(10, a.itemSize))
    return bad(name, "unsupported dtype '" + d + "'");
  bool supported =
      (a.kind == 'f' && (a.itemSize == 2 || a.itemSize == 4 ||
                         a.itemSize == 8)) ||
      ((a.kind == 'i' || a.kind == 'u') &&
       (a.itemSize == 1 || a.itemSize == 2 || a.itemSize == 4 ||
        a.itemSize == 8)) ||
      (a.kind == 'b' && a.itemSize == 1);
  if (!supported)
    return bad(name, "unsupported dtype '" + d +
                         "' (supported: f2, f4, f8, i1-i8, u1-u8, b1)");
  if (order == '>' && a.itemSize > 1)
    return bad(name, "big-endian dtype '" + d + "' (write it little-endian)");
  if (order != '<' && order != '|' && order != '=' && order != '>')
    return bad(name, "unsupported dtype '" + d + "'");

  std::optional<StringRef> fortran = dictValue(header, "fortran_order");
  if (!fortran)
    return bad(name, "header has no 'fortran_order'");
  if (*fortran == "True")
    return bad(name, "Fortran order (save it with np.ascontiguousarray)");
  if (*fortran != "False")
    return bad(name, "malformed 'fortran_order'");

  std::optional<StringRef> shape = dictValue(header, "shape");
  if (!shape || !shape->starts_with("(") || !shape->ends_with(")"))
    return bad(name, "header has no 'shape' tuple");
  SmallVector<StringRef> dims;
  shape->drop_front().drop_back().split(dims, ',', -1, /*KeepEmpty=*/false);
  for (StringRef dim : dims) {
    dim = dim.trim();
    if (dim.empty())
      continue;
    int64_t v;
    if (dim.getAsInteger(10, v) || v < 0)
      return bad(name, "malformed shape " + *shape);
    a.shape.push_back(v);
  }

  // The size the shape claims, checked for overflow: a header may claim
  // (2**62, 3) with no data at all.
  std::optional<int64_t> size = ref::checkedProduct(a.shape, a.itemSize);
  if (!size)
    return bad(name, "shape " + a.shapeString() + " of " + a.descr() +
                         " has more bytes than fit in 64 bits");
  int64_t need = *size;
  StringRef payload = bytes.drop_front(headerStart + headerLen);
  if (payload.size() < uint64_t(need))
    return bad(name, "truncated data: shape " + a.shapeString() + " of " +
                         a.descr() + " needs " + Twine(need) +
                         " bytes, the file has " + Twine(payload.size()));
  if (payload.size() > uint64_t(need))
    return bad(name, Twine(payload.size() - need) +
                         " bytes after the data of shape " + a.shapeString());
  a.data.assign(payload.begin(), payload.end());
  a.name = name.str();
  return a;
}

Expected<NpyArray> readNpy(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buf =
      MemoryBuffer::getFile(path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!buf)
    return createStringError(buf.getError(), path + ": cannot read: " +
                                                 buf.getError().message());
  StringRef bytes = (*buf)->getBuffer();
  if (!bytes.starts_with("\x93NUMPY") && !bytes.empty()) {
    // ONNX's test data (input_0.pb, output_0.pb) are TensorProtos.
    Expected<ONNXTensor> t = readTensorProto(bytes, path);
    if (!t) {
      std::string why = toString(t.takeError());
      // A TensorProto with a problem says so; anything else is reported
      // as what is wrong with it as an .npy file.
      if (!StringRef(why).contains("does not parse"))
        return createStringError(inconvertibleErrorCode(), why);
      Expected<NpyArray> npy = parseNpy(bytes, path);
      if (npy)
        return npy;
      return createStringError(inconvertibleErrorCode(),
                               toString(npy.takeError()) +
                                   " (nor is it an ONNX TensorProto)");
    }
    NpyArray a;
    a.name = path.str();
    a.kind = t->kind;
    a.itemSize = t->itemSize;
    a.shape = t->shape;
    a.data = std::move(t->data);
    return a;
  }
  return parseNpy(bytes, path);
}

Expected<NpyArray> toBFloat16(const NpyArray &a) {
  if (a.bfloat16)
    return a;
  NpyArray out;
  out.name = a.name;
  out.kind = 'f';
  out.itemSize = 2;
  out.bfloat16 = true;
  out.shape = a.shape;
  int64_t n = a.numElements();
  if (a.kind == 'u' && a.itemSize == 2) {
    out.data = a.data;
    return out;
  }
  if (a.kind != 'f')
    return createStringError(
        inconvertibleErrorCode(),
        (a.name.empty() ? "an array" : a.name) + " has dtype " + a.descr() +
            "; bfloat16 takes floats (f2, f4, f8; rounded to nearest even) "
            "or bit patterns (u2)");
  const fltSemantics &from = a.itemSize == 8   ? APFloat::IEEEdouble()
                             : a.itemSize == 4 ? APFloat::IEEEsingle()
                                               : APFloat::IEEEhalf();
  out.data.resize(size_t(n) * 2);
  for (int64_t i = 0; i < n; ++i) {
    uint64_t bits = 0;
    std::memcpy(&bits, a.data.data() + i * a.itemSize, a.itemSize);
    APFloat v(from, APInt(8 * a.itemSize, bits));
    bool losesInfo;
    // One rounding from the source type: no double rounding through f32.
    v.convert(APFloat::BFloat(), APFloat::rmNearestTiesToEven, &losesInfo);
    uint16_t b = uint16_t(v.bitcastToAPInt().getZExtValue());
    std::memcpy(out.data.data() + 2 * i, &b, 2);
  }
  return out;
}

NpyArray widenBFloat16(const NpyArray &a) {
  if (!a.bfloat16)
    return a;
  NpyArray out;
  out.name = a.name;
  out.kind = 'f';
  out.itemSize = 4;
  out.shape = a.shape;
  int64_t n = a.numElements();
  out.data.resize(size_t(n) * 4);
  for (int64_t i = 0; i < n; ++i) {
    uint16_t b;
    std::memcpy(&b, a.data.data() + 2 * i, 2);
    float f = bfloat16ToFloat(b);
    std::memcpy(out.data.data() + 4 * i, &f, 4);
  }
  return out;
}

Error writeNpy(StringRef path, const NpyArray &array) {
  // NumPy has no bfloat16: such elements are written as f4, exactly.
  std::optional<NpyArray> widened;
  if (array.bfloat16)
    widened = widenBFloat16(array);
  const NpyArray &a = widened ? *widened : array;
  std::string header = "{'descr': '" + a.descr() +
                       "', 'fortran_order': False, 'shape': " +
                       a.shapeString() + ", }";
  // Magic (6) + version (2) + length (2) + header + '\n', padded to 64.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return createStringError(ec, path + ": cannot write: " + ec.message());
  os << "\x93NUMPY" << char(1) << char(0) << char(header.size() & 0xff)
     << char(header.size() >> 8) << header;
  os.write(a.data.data(), a.data.size());
  os.close();
  if (os.has_error())
    return createStringError(os.error(),
                             path + ": cannot write: " + os.error().message());
  return Error::success();
}

} // namespace tq
