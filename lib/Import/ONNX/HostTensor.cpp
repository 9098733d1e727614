//===- HostTensor.cpp - Constant tensors the importer evaluates -----------===//

#include "HostTensor.h"

#include "tq/Support/Permute.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/Support/ErrorHandling.h"

#include <cmath>

using namespace tq::onnx_import;

bool tq::onnx_import::isFloatDType(int32_t t) {
  return t == kFloat || t == kFloat16 || t == kDouble || t == kBFloat16;
}
bool tq::onnx_import::isUnsignedDType(int32_t t) {
  return t == kUInt8 || t == kUInt16 || t == kUInt32 || t == kUInt64;
}

bool tq::onnx_import::isIntDType(int32_t t) {
  switch (t) {
  case kUInt8: case kInt8: case kUInt16: case kInt16: case kInt32:
  case kInt64: case kBool: case kUInt32: case kUInt64:
    return true;
  default:
    return false;
  }
}
unsigned tq::onnx_import::dtypeSize(int32_t t) {
  switch (t) {
  case kUInt8: case kInt8: case kBool: return 1;
  case kUInt16: case kInt16: case kFloat16: case kBFloat16: return 2;
  case kInt32: case kUInt32: case kFloat: return 4;
  case kInt64: case kUInt64: case kDouble: return 8;
  default: return 0;
  }
}
const char *tq::onnx_import::dtypeName(int32_t t) {
  switch (t) {
  case kFloat: return "float";
  case kUInt8: return "uint8";
  case kInt8: return "int8";
  case kUInt16: return "uint16";
  case kInt16: return "int16";
  case kInt32: return "int32";
  case kInt64: return "int64";
  case 8: return "string";
  case kBool: return "bool";
  case kFloat16: return "float16";
  case kDouble: return "double";
  case kUInt32: return "uint32";
  case kUInt64: return "uint64";
  case 14: return "complex64";
  case 15: return "complex128";
  case kBFloat16: return "bfloat16";
  default: return "an unknown type";
  }
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

template <typename T> static T load(const char *p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
template <typename T> static void store(char *p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

static double halfToDouble(uint16_t bits, const llvm::fltSemantics &sem) {
  llvm::APFloat f(sem, llvm::APInt(16, bits));
  return f.convertToDouble();
}
static uint16_t doubleToHalf(double v, const llvm::fltSemantics &sem) {
  llvm::APFloat f(v);
  bool lost;
  f.convert(sem, llvm::APFloat::rmNearestTiesToEven, &lost);
  return uint16_t(f.bitcastToAPInt().getZExtValue());
}

double HostTensor::getDouble(int64_t i) const {
  if (splat)
    i = 0;
  const char *p = raw.data() + i * itemSize();
  switch (dtype) {
  case kFloat: return load<float>(p);
  case kDouble: return load<double>(p);
  case kFloat16: return halfToDouble(load<uint16_t>(p), llvm::APFloat::IEEEhalf());
  case kBFloat16: return halfToDouble(load<uint16_t>(p), llvm::APFloat::BFloat());
  default: return double(getInt(i));
  }
}

int64_t HostTensor::getInt(int64_t i) const {
  if (splat)
    i = 0;
  const char *p = raw.data() + i * itemSize();
  switch (dtype) {
  case kUInt8: return load<uint8_t>(p);
  case kInt8: return load<int8_t>(p);
  case kBool: return load<uint8_t>(p) != 0;
  case kUInt16: return load<uint16_t>(p);
  case kInt16: return load<int16_t>(p);
  case kInt32: return load<int32_t>(p);
  case kUInt32: return load<uint32_t>(p);
  case kInt64: return load<int64_t>(p);
  case kUInt64: return int64_t(load<uint64_t>(p));
  default: {
    double d = getDouble(i);
    return std::isfinite(d) ? int64_t(d) : 0;
  }
  }
}

void HostTensor::setDouble(int64_t i, double v) {
  char *p = raw.data() + i * itemSize();
  switch (dtype) {
  case kFloat: store<float>(p, float(v)); return;
  case kDouble: store<double>(p, v); return;
  case kFloat16: store<uint16_t>(p, doubleToHalf(v, llvm::APFloat::IEEEhalf())); return;
  case kBFloat16: store<uint16_t>(p, doubleToHalf(v, llvm::APFloat::BFloat())); return;
  default: setInt(i, std::isfinite(v) ? int64_t(v) : 0); return;
  }
}

void HostTensor::setInt(int64_t i, int64_t v) {
  char *p = raw.data() + i * itemSize();
  switch (dtype) {
  case kUInt8: store<uint8_t>(p, uint8_t(v)); return;
  case kInt8: store<int8_t>(p, int8_t(v)); return;
  case kBool: store<uint8_t>(p, v != 0); return;
  case kUInt16: store<uint16_t>(p, uint16_t(v)); return;
  case kInt16: store<int16_t>(p, int16_t(v)); return;
  case kInt32: store<int32_t>(p, int32_t(v)); return;
  case kUInt32: store<uint32_t>(p, uint32_t(v)); return;
  case kInt64: store<int64_t>(p, v); return;
  case kUInt64: store<uint64_t>(p, uint64_t(v)); return;
  default: setDouble(i, double(v)); return;
  }
}

std::vector<int64_t> HostTensor::ints() const {
  std::vector<int64_t> out(numElements());
  for (int64_t i = 0; i < int64_t(out.size()); ++i)
    out[i] = getInt(i);
  return out;
}
std::vector<double> HostTensor::doubles() const {
  std::vector<double> out(numElements());
  for (int64_t i = 0; i < int64_t(out.size()); ++i)
    out[i] = getDouble(i);
  return out;
}

HostTensor HostTensor::zeros(int32_t dtype, llvm::ArrayRef<int64_t> shape,
                             bool splat) {
  HostTensor t;
  t.dtype = dtype;
  t.shape.assign(shape.begin(), shape.end());
  t.splat = splat;
  t.raw.assign(size_t(splat ? 1 : t.numElements()) * dtypeSize(dtype), 0);
  return t;
}

HostTensor HostTensor::fromInts(llvm::ArrayRef<int64_t> values,
                                llvm::ArrayRef<int64_t> shape, int32_t dtype) {
  HostTensor t = zeros(dtype, shape);
  for (size_t i = 0; i < values.size(); ++i)
    t.setInt(i, values[i]);
  return t;
}

HostTensor HostTensor::expanded() const {
  if (!splat)
    return *this;
  HostTensor t = zeros(dtype, shape);
  t.source = source;
  size_t n = itemSize();
  for (int64_t i = 0, e = t.numElements(); i < e; ++i)
    std::memcpy(t.raw.data() + i * n, raw.data(), n);
  return t;
}

HostTensor tq::onnx_import::transposeHost(const HostTensor &in,
                                          llvm::ArrayRef<int64_t> perm) {
  HostTensor out;
  out.dtype = in.dtype;
  out.source = in.source;
  for (int64_t p : perm)
    out.shape.push_back(in.shape[p]);
  if (in.splat) {
    out.splat = true;
    out.raw = in.raw;
    return out;
  }
  out.raw.resize(in.raw.size());
  tq::permuteElements(in.raw.data(), in.shape, perm, in.itemSize(),
                      out.raw.data());
  return out;
}
