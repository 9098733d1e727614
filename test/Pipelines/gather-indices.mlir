// RUN: tq-opt %s --tq-clamp-gather-indices | FileCheck %s
// RUN: tq-opt %s --tq-clamp-gather-indices --tq-clamp-gather-indices | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/v.npy', np.arange(15, dtype=np.float32).reshape(1, 5, 3)); np.save('%t/i.npy', np.array([[-7, 2, 4, 1000000]], np.int32))"
// RUN: tq-run %s -i %t/v.npy -i %t/i.npy --quiet | FileCheck %s --check-prefix=OUT

// Gather indices outside [0, K) are undefined in TOSA and read out of
// bounds once lowered (a crash); the pipelines clamp them, so -7 reads row
// 0 and 1000000 row 4. Running it twice adds one clamp.

// CHECK-LABEL: func.func @gather
// CHECK: %[[C:.+]] = tosa.clamp %arg1 {max_val = 4 : i32, min_val = 0 : i32} : (tensor<1x4xi32>) -> tensor<1x4xi32>
// CHECK-NOT: tosa.clamp
// CHECK: tosa.gather %arg0, %[[C]]

// OUT:      output 0: (1, 4, 3) <f4
// OUT-NEXT: 0 1 2
// OUT-NEXT: 6 7 8
// OUT-NEXT: 12 13 14
// OUT-NEXT: 12 13 14
func.func @gather(%v: tensor<1x5x3xf32>, %i: tensor<1x4xi32>) -> tensor<1x4x3xf32> {
  %0 = tosa.gather %v, %i : (tensor<1x5x3xf32>, tensor<1x4xi32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}
