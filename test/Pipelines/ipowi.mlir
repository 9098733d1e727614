// RUN: tq-opt %s --convert-elementwise-to-linalg --tq-expand-math | FileCheck %s --check-prefix=EXPAND
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.array([2, 3, -2, 7, 0, 1, -1, -1, 5, 0], np.int32)); np.save('%t/b.npy', np.array([10, 3, 3, 12, 0, -4, -3, -2, -1, -2], np.int32)); np.save('%t/c.npy', np.array([3, 2, -2], np.int8)); np.save('%t/d.npy', np.array([5, 7, 7], np.int8))"
// RUN: tq-run %s -e pow -i %t/a.npy -i %t/b.npy -i %t/c.npy -i %t/d.npy --quiet | FileCheck %s --check-prefix=OUT

// math.ipowi (ONNX's integer Pow) has no LLVM lowering: tq-expand-math
// unrolls square-and-multiply over the exponent's bits, with no control
// flow (the same code on GPUs). Results wrap like NumPy's integer power
// (7^12 = 13841287201 is 956385313 modulo 2^32; 3^5 = 243 is -13 in i8,
// 2^7 = 128 is -128); negative exponents give 1 / a^-b truncated: 1 for
// a = 1, +-1 for a = -1, else 0 (also 0^-2, where dividing would trap).

// EXPAND-LABEL: func.func @pow
// EXPAND-NOT: math.ipowi
// EXPAND: arith.shrui
// EXPAND: arith.muli
// EXPAND: arith.cmpi slt
// EXPAND-NOT: math.ipowi

// OUT:      output 0: (10,) <i4
// OUT-NEXT: 1024 27 -8 956385313 1 1 -1 1 0 0
// OUT-NEXT: output 1: (3,) |i1
// OUT-NEXT: -13 -128 -128
func.func @pow(%a: tensor<10xi32>, %b: tensor<10xi32>, %c: tensor<3xi8>,
               %d: tensor<3xi8>) -> (tensor<10xi32>, tensor<3xi8>) {
  %0 = math.ipowi %a, %b : tensor<10xi32>
  %1 = math.ipowi %c, %d : tensor<3xi8>
  return %0, %1 : tensor<10xi32>, tensor<3xi8>
}
