//===- Npy.h - NumPy .npy files ---------------------------------*- C++ -*-===//
//
// Reading and writing NumPy's .npy format (versions 1.0, 2.0 and 3.0 read,
// 1.0 written): little-endian, C order, the dtypes tq-run exchanges with a
// model (f2, f4, f8, i1..i8, u1..u8, b1).
//
// NumPy has no bfloat16 dtype. An NpyArray may still hold bfloat16 elements
// (NpyArray::bfloat16: kind 'f', 2 bytes, the raw bit patterns), as the
// results of a bf16 function do; they read exactly as doubles, and writeNpy
// writes them widened (exactly) to f4. toBFloat16 makes such an array for a
// bf16 argument from a float array (rounded to nearest even) or from u2 bit
// patterns (how ONNX's test data store bfloat16 tensors).
//
//===----------------------------------------------------------------------===//

#ifndef TQ_RUNNER_NPY_H
#define TQ_RUNNER_NPY_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tq {

/// An array in C order. `kind` is NumPy's type character ('f' float, 'i'
/// signed integer, 'u' unsigned integer, 'b' bool), `itemSize` its bytes.
struct NpyArray {
  /// Where the array came from (a file name), for messages; may be empty.
  std::string name;
  char kind = 'f';
  unsigned itemSize = 4;
  /// The elements are bfloat16 (then kind is 'f' and itemSize 2: bit
  /// patterns, not f2 halves). Never read from an .npy file.
  bool bfloat16 = false;
  llvm::SmallVector<int64_t> shape;
  std::vector<char> data;

  int64_t numElements() const;
  /// Element `i` (in C order) as a double: exact for every float dtype
  /// (bfloat16 included) and for integers up to 2^53 in magnitude.
  double getDouble(int64_t i) const;
  /// NumPy's descr, e.g. "<f4", "|i1"; "bfloat16" for bfloat16 elements,
  /// which have none.
  std::string descr() const;
  /// The shape as NumPy prints it: (360, 8, 8, 1).
  std::string shapeString() const;
};

/// Reads `path`: an .npy file, or an ONNX TensorProto (ONNX's test data,
/// `input_0.pb`; a BFLOAT16 one widened exactly to f4), told apart by
/// content. Errors name the file and what is wrong (not an .npy file,
/// unsupported dtype or byte order, Fortran order, truncated data).
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// Parses an .npy file already in memory; `name` is used in messages.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes, llvm::StringRef name);

/// Writes `array` to `path` (format version 1.0); bfloat16 elements as f4,
/// widened exactly.
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &array);

/// `array` for a bf16 argument: float elements (f2, f4, f8) rounded once to
/// the nearest bfloat16, ties to even (llvm::APFloat: overflow gives
/// infinity, NaN stays NaN); u2 elements taken as bfloat16 bit patterns
/// (ONNX's test data store bfloat16 tensors as uint16); bfloat16 elements as
/// they are. Other dtypes are an error that names the array.
llvm::Expected<NpyArray> toBFloat16(const NpyArray &array);

/// `array` with bfloat16 elements widened (exactly) to f4; any other array
/// as it is.
NpyArray widenBFloat16(const NpyArray &array);

} // namespace tq

#endif // TQ_RUNNER_NPY_H
