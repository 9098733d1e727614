//===- TQModule.cpp - The `tq` Python package's native module -------------===//
//
// tq._tq: quantizers (tq.Quantizer, tq.quantize) on NumPy arrays with the
// reference semantics (include/tq/Reference, the folder's code path: the
// same bits as the folder and the lowerings), through the C++ libraries;
// no second implementation. docs/python.md.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"
#include "tq/Reference/Reference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstring>

namespace py = pybind11;
using namespace mlir;

namespace {

/// One context for the process: attributes are uniqued in it (thread-safe).
MLIRContext &context() {
  static MLIRContext *ctx = [] {
    auto *c = new MLIRContext();
    c->getOrLoadDialect<tq::TQDialect>();
    return c;
  }();
  return *ctx;
}

/// Raised for an invalid quantizer string (a ValueError).
PyObject *quantizerError = nullptr;

struct Quantizer {
  tq::QuantizerAttrInterface attr;
  std::string written; // the string as given

  static Quantizer parse(const std::string &spec) {
    tq::QuantizerStringError error;
    tq::QuantizerAttrInterface q =
        tq::parseQuantizerString(&context(), spec, error);
    if (!q) {
      std::string msg = "invalid quantizer '" + spec + "' (column " +
                        std::to_string(error.column + 1) +
                        "): " + error.message;
      py::object e = py::reinterpret_borrow<py::object>(quantizerError)(msg);
      e.attr("spec") = spec;
      e.attr("column") = error.column + 1;
      e.attr("reason") = error.message;
      PyErr_SetObject(quantizerError, e.ptr());
      throw py::error_already_set();
    }
    return {q, spec};
  }
  std::string spec() const { return attr.getSpec(); }
  std::string attribute() const {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << Attribute(attr);
    return s;
  }
};

/// How the elements of an array are stored.
struct Dtype {
  tq::ref::ElemType elem;
  unsigned bytes;
};

Dtype dtypeOf(const py::array &a, bool bfloat16) {
  py::dtype dt = a.dtype();
  char kind = dt.kind();
  size_t size = dt.itemsize();
  if (bfloat16) {
    if ((kind == 'u' || kind == 'i') && size == 2)
      return {tq::ref::ElemType::BF16, 2};
    throw py::type_error("bfloat16=True takes bfloat16 bit patterns as a "
                         "uint16 array, got dtype " +
                         std::string(py::str(dt)));
  }
  if (kind == 'f' && size == 2)
    return {tq::ref::ElemType::F16, 2};
  if (kind == 'f' && size == 4)
    return {tq::ref::ElemType::F32, 4};
  if (kind == 'f' && size == 8)
    return {tq::ref::ElemType::F64, 8};
  throw py::type_error("tq.quantize takes float16, float32 or float64 arrays "
                       "(or bfloat16 bit patterns as uint16 with "
                       "bfloat16=True), got dtype " +
                       std::string(py::str(dt)));
}

Type mlirElementType(tq::ref::ElemType e) {
  Builder b(&context());
  switch (e) {
  case tq::ref::ElemType::F16: return b.getF16Type();
  case tq::ref::ElemType::BF16: return b.getBF16Type();
  case tq::ref::ElemType::F32: return b.getF32Type();
  case tq::ref::ElemType::F64: return b.getF64Type();
  }
  return {};
}

const llvm::fltSemantics &semantics(tq::ref::ElemType e) {
  return e == tq::ref::ElemType::F16 ? llvm::APFloat::IEEEhalf()
                                     : llvm::APFloat::BFloat();
}

/// The quantizer applied to a contiguous buffer: the folder's steps
/// (evaluate, round to the element type, NaN inputs keep their bits).
void quantizeBuffer(tq::QuantizerAttrInterface q, Dtype d, const char *in,
                    char *out, const std::vector<int64_t> &shape,
                    uint64_t seed) {
  tq::ref::Tensor t;
  t.elem = d.elem;
  t.shape = shape;
  int64_t n = 1;
  for (int64_t s : shape)
    n *= s;
  t.data.resize(n);
  auto halfAt = [&](int64_t i) {
    uint16_t bits;
    std::memcpy(&bits, in + 2 * i, 2);
    return llvm::APFloat(semantics(d.elem), llvm::APInt(16, bits));
  };
  for (int64_t i = 0; i < n; ++i) {
    if (d.elem == tq::ref::ElemType::F32)
      t.data[i] = reinterpret_cast<const float *>(in)[i];
    else if (d.elem == tq::ref::ElemType::F64)
      t.data[i] = reinterpret_cast<const double *>(in)[i];
    else
      t.data[i] = halfAt(i).convertToDouble();
  }
  q.evaluate(t, seed, /*offset=*/0);
  tq::ref::roundTensorToElement(t);
  for (int64_t i = 0; i < n; ++i) {
    if (d.elem == tq::ref::ElemType::F32) {
      float x = reinterpret_cast<const float *>(in)[i];
      reinterpret_cast<float *>(out)[i] = std::isnan(x) ? x : float(t.data[i]);
    } else if (d.elem == tq::ref::ElemType::F64) {
      double x = reinterpret_cast<const double *>(in)[i];
      reinterpret_cast<double *>(out)[i] = std::isnan(x) ? x : t.data[i];
    } else {
      llvm::APFloat x = halfAt(i);
      if (!x.isNaN()) {
        bool lost;
        x = llvm::APFloat(t.data[i]);
        x.convert(semantics(d.elem), llvm::APFloat::rmNearestTiesToEven,
                  &lost);
      }
      uint16_t bits = uint16_t(x.bitcastToAPInt().getZExtValue());
      std::memcpy(out + 2 * i, &bits, 2);
    }
  }
}

Quantizer toQuantizer(const py::object &q) {
  if (py::isinstance<Quantizer>(q))
    return q.cast<Quantizer>();
  if (py::isinstance<py::str>(q))
    return Quantizer::parse(q.cast<std::string>());
  throw py::type_error("a quantizer is a string or a tq.Quantizer");
}

py::array quantize(py::array array, const py::object &quantizer,
                   uint64_t seed, std::optional<int64_t> axis,
                   bool bfloat16) {
  Quantizer q = toQuantizer(quantizer);
  Dtype d = dtypeOf(array, bfloat16);
  std::vector<int64_t> shape(array.shape(), array.shape() + array.ndim());
  if (axis) {
    int64_t a = *axis < 0 ? *axis + array.ndim() : *axis;
    if (a < 0 || a >= array.ndim())
      throw py::value_error("axis " + std::to_string(*axis) +
                            " is out of range for an array of " +
                            std::to_string(array.ndim()) + " dimensions");
    q = Quantizer::parse(q.spec() + ",axis=" + std::to_string(a));
  }
  // The checks of tq.quantize's verifier for this type (per-channel axes,
  // block sizes, element types): a ValueError with its message.
  std::string message;
  auto type = RankedTensorType::get(shape, mlirElementType(d.elem));
  {
    ScopedDiagnosticHandler handler(&context(), [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    if (failed(q.attr.verifyForType(type, [&] {
          return emitError(UnknownLoc::get(&context()));
        })))
      throw py::value_error("quantizer '" + q.spec() + "' on an array of " +
                            std::string(py::str(array.attr("shape"))) + " " +
                            std::string(py::str(array.dtype())) + ": " +
                            message);
  }
  py::array in = py::array::ensure(array, py::array::c_style);
  py::array out(in.dtype(), std::vector<py::ssize_t>(shape.begin(), shape.end()));
  const char *src = static_cast<const char *>(in.data());
  char *dst = static_cast<char *>(out.mutable_data());
  {
    py::gil_scoped_release release;
    quantizeBuffer(q.attr, d, src, dst, shape, seed);
  }
  return out;
}

} // namespace

PYBIND11_MODULE(_tq, m) {
  m.doc() = "tq's native module; use the `tq` package.";
  quantizerError = PyErr_NewExceptionWithDoc(
      "tq.QuantizerError",
      "An invalid quantizer string: the parser's message, with `spec`, "
      "`column` (1-based) and `reason` attributes.",
      PyExc_ValueError, nullptr);
  m.attr("QuantizerError") = py::handle(quantizerError);

  py::class_<Quantizer>(m, "Quantizer", R"(A number format: a quantizer string parsed once.

    Quantizer("nearest,8,4"); every string of docs/quantizers.md and every
    attribute form (mnemonic and key=value options) is accepted. Raises
    tq.QuantizerError with the parser's message and column.)")
      .def(py::init(&Quantizer::parse), py::arg("spec"))
      .def_property_readonly("spec", &Quantizer::spec,
                             "The canonical quantizer string (parses back "
                             "to the same quantizer).")
      .def_property_readonly(
          "bits", [](const Quantizer &q) { return q.attr.getBitsPerElement(); },
          "Storage bits per element (the sweep's `bits` column).")
      .def_property_readonly(
          "stochastic", [](const Quantizer &q) { return q.attr.isStochastic(); },
          "True when the result depends on the seed.")
      .def_property_readonly(
          "elementwise",
          [](const Quantizer &q) { return q.attr.isElementwise(); },
          "True when each element is quantized alone (no blocks, channels "
          "or whole-tensor statistics).")
      .def_property_readonly("attribute", &Quantizer::attribute,
                             "The MLIR attribute, e.g. `#tq.fixed<...>`.")
      .def("__repr__",
           [](const Quantizer &q) { return "tq.Quantizer('" + q.spec() + "')"; })
      .def("__str__", &Quantizer::spec)
      .def("__eq__",
           [](const Quantizer &a, const py::object &b) {
             return py::isinstance<Quantizer>(b) &&
                    a.attr == b.cast<Quantizer>().attr;
           })
      .def("__hash__", [](const Quantizer &q) {
        return std::hash<const void *>()(q.attr.getAsOpaquePointer());
      });

  m.def("quantize", &quantize, py::arg("array"), py::arg("quantizer"),
        py::kw_only(), py::arg("seed") = 0, py::arg("axis") = py::none(),
        py::arg("bfloat16") = false,
        R"(Quantizes a NumPy array: a new array of the same dtype and shape.

    array      float16, float32 or float64 (any layout), or bfloat16 bit
               patterns as uint16 with bfloat16=True
    quantizer  a quantizer string or a tq.Quantizer
    seed       the random stream of stochastic rounding (element i of the
               array in C order uses word i of the stream)
    axis       the axis of per-channel and block formats (negative counts
               from the end); the same as writing `,axis=A` in the string

    The result is the reference semantics, bit for bit the folder's and the
    compiled code's. Errors: tq.QuantizerError for a bad string, ValueError
    when the quantizer does not apply to the array (the verifier's message),
    TypeError for other dtypes. Releases the GIL while it computes.)");
}
