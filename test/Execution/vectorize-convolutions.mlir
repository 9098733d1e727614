// RUN: tq-opt %s --tq-cpu-pipeline=tile=false | %mlir_runner | FileCheck %s
// RUN: tq-opt %s --tq-cpu-pipeline | %mlir_runner | FileCheck %s
// RUN: tq-opt %s --tq-cpu-pipeline=threads=true | %mlir_runner --shared-libs=%llvm_lib_dir/libomp.so | FileCheck %s

// tq-vectorize-convolutions keeps every result bit for bit: the convolutions
// below, compiled with their tiles in vector registers (the default) and as
// plain loops (tile=false), print the same checksum of their outputs' bits
// (the sum of each element's bit pattern times its position + 1, mod 2^64).
// Inputs are IEEE divisions (k mod m) / m - 0.5, exact on every machine.
// Shapes: a filter from an argument (packed at run time), a dense_resource
// filter (packed at compile time) with stride 2 and 3 input channels, an
// hwcf 1x1 convolution with batch 2 and a resource filter split into two
// 32-channel output tiles, and a splat filter; tiles whose sizes are divisors (8 pixels of 8, 3 of 9, 5 of
// 5; 20 channels of 40, 12 input channels of 24).

#id4 = affine_map<(a, b, c, d) -> (a, b, c, d)>
#scalar4 = affine_map<(a, b, c, d) -> ()>

func.func @c1(%in: tensor<1x10x10x24xf32>, %w: tensor<40x3x3x24xf32>) -> tensor<1x8x8x40xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x40xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x8x8x40xf32>) -> tensor<1x8x8x40xf32>
  %r = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%in, %w : tensor<1x10x10x24xf32>, tensor<40x3x3x24xf32>) outs(%f : tensor<1x8x8x40xf32>) -> tensor<1x8x8x40xf32>
  return %r : tensor<1x8x8x40xf32>
}

func.func @c2(%in: tensor<1x21x21x3xf32>) -> tensor<1x9x9x8xf32> {
  %w = arith.constant dense_resource<w2> : tensor<8x5x5x3xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x9x9x8xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x9x9x8xf32>) -> tensor<1x9x9x8xf32>
  %r = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%in, %w : tensor<1x21x21x3xf32>, tensor<8x5x5x3xf32>) outs(%f : tensor<1x9x9x8xf32>) -> tensor<1x9x9x8xf32>
  return %r : tensor<1x9x9x8xf32>
}

func.func @c3(%in: tensor<2x9x9x8xf32>) -> tensor<2x5x5x64xf32> {
  %w = arith.constant dense_resource<w3> : tensor<1x1x8x64xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x5x5x64xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x5x5x64xf32>) -> tensor<2x5x5x64xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%in, %w : tensor<2x9x9x8xf32>, tensor<1x1x8x64xf32>) outs(%f : tensor<2x5x5x64xf32>) -> tensor<2x5x5x64xf32>
  return %r : tensor<2x5x5x64xf32>
}

func.func @c4(%in: tensor<1x6x6x16xf32>) -> tensor<1x4x4x16xf32> {
  %w = arith.constant dense<0.1> : tensor<3x3x16x16xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%in, %w : tensor<1x6x6x16xf32>, tensor<3x3x16x16xf32>) outs(%f : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  return %r : tensor<1x4x4x16xf32>
}

func.func @hash_1x8x8x40(%t: tensor<1x8x8x40xf32>) -> i64 {
  %z = arith.constant 0 : i64
  %e = tensor.empty() : tensor<i64>
  %f = linalg.fill ins(%z : i64) outs(%e : tensor<i64>) -> tensor<i64>
  %r = linalg.generic {indexing_maps = [#id4, #scalar4], iterator_types = ["reduction", "reduction", "reduction", "reduction"]} ins(%t : tensor<1x8x8x40xf32>) outs(%f : tensor<i64>) {
  ^bb0(%x: f32, %acc: i64):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i2 = linalg.index 2 : index
    %i3 = linalg.index 3 : index
    %d1 = arith.constant 8 : index
    %d2 = arith.constant 8 : index
    %d3 = arith.constant 40 : index
    %one = arith.constant 1 : index
    %l0 = arith.muli %i0, %d1 : index
    %l1 = arith.addi %l0, %i1 : index
    %l2 = arith.muli %l1, %d2 : index
    %l3 = arith.addi %l2, %i2 : index
    %l4 = arith.muli %l3, %d3 : index
    %l5 = arith.addi %l4, %i3 : index
    %l6 = arith.addi %l5, %one : index
    %li = arith.index_cast %l6 : index to i64
    %b = arith.bitcast %x : f32 to i32
    %bi = arith.extui %b : i32 to i64
    %p = arith.muli %bi, %li : i64
    %s = arith.addi %acc, %p : i64
    linalg.yield %s : i64
  } -> tensor<i64>
  %v = tensor.extract %r[] : tensor<i64>
  return %v : i64
}

func.func @hash_1x9x9x8(%t: tensor<1x9x9x8xf32>) -> i64 {
  %z = arith.constant 0 : i64
  %e = tensor.empty() : tensor<i64>
  %f = linalg.fill ins(%z : i64) outs(%e : tensor<i64>) -> tensor<i64>
  %r = linalg.generic {indexing_maps = [#id4, #scalar4], iterator_types = ["reduction", "reduction", "reduction", "reduction"]} ins(%t : tensor<1x9x9x8xf32>) outs(%f : tensor<i64>) {
  ^bb0(%x: f32, %acc: i64):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i2 = linalg.index 2 : index
    %i3 = linalg.index 3 : index
    %d1 = arith.constant 9 : index
    %d2 = arith.constant 9 : index
    %d3 = arith.constant 8 : index
    %one = arith.constant 1 : index
    %l0 = arith.muli %i0, %d1 : index
    %l1 = arith.addi %l0, %i1 : index
    %l2 = arith.muli %l1, %d2 : index
    %l3 = arith.addi %l2, %i2 : index
    %l4 = arith.muli %l3, %d3 : index
    %l5 = arith.addi %l4, %i3 : index
    %l6 = arith.addi %l5, %one : index
    %li = arith.index_cast %l6 : index to i64
    %b = arith.bitcast %x : f32 to i32
    %bi = arith.extui %b : i32 to i64
    %p = arith.muli %bi, %li : i64
    %s = arith.addi %acc, %p : i64
    linalg.yield %s : i64
  } -> tensor<i64>
  %v = tensor.extract %r[] : tensor<i64>
  return %v : i64
}

func.func @hash_2x5x5x64(%t: tensor<2x5x5x64xf32>) -> i64 {
  %z = arith.constant 0 : i64
  %e = tensor.empty() : tensor<i64>
  %f = linalg.fill ins(%z : i64) outs(%e : tensor<i64>) -> tensor<i64>
  %r = linalg.generic {indexing_maps = [#id4, #scalar4], iterator_types = ["reduction", "reduction", "reduction", "reduction"]} ins(%t : tensor<2x5x5x64xf32>) outs(%f : tensor<i64>) {
  ^bb0(%x: f32, %acc: i64):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i2 = linalg.index 2 : index
    %i3 = linalg.index 3 : index
    %d1 = arith.constant 5 : index
    %d2 = arith.constant 5 : index
    %d3 = arith.constant 64 : index
    %one = arith.constant 1 : index
    %l0 = arith.muli %i0, %d1 : index
    %l1 = arith.addi %l0, %i1 : index
    %l2 = arith.muli %l1, %d2 : index
    %l3 = arith.addi %l2, %i2 : index
    %l4 = arith.muli %l3, %d3 : index
    %l5 = arith.addi %l4, %i3 : index
    %l6 = arith.addi %l5, %one : index
    %li = arith.index_cast %l6 : index to i64
    %b = arith.bitcast %x : f32 to i32
    %bi = arith.extui %b : i32 to i64
    %p = arith.muli %bi, %li : i64
    %s = arith.addi %acc, %p : i64
    linalg.yield %s : i64
  } -> tensor<i64>
  %v = tensor.extract %r[] : tensor<i64>
  return %v : i64
}

func.func @hash_1x4x4x16(%t: tensor<1x4x4x16xf32>) -> i64 {
  %z = arith.constant 0 : i64
  %e = tensor.empty() : tensor<i64>
  %f = linalg.fill ins(%z : i64) outs(%e : tensor<i64>) -> tensor<i64>
  %r = linalg.generic {indexing_maps = [#id4, #scalar4], iterator_types = ["reduction", "reduction", "reduction", "reduction"]} ins(%t : tensor<1x4x4x16xf32>) outs(%f : tensor<i64>) {
  ^bb0(%x: f32, %acc: i64):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i2 = linalg.index 2 : index
    %i3 = linalg.index 3 : index
    %d1 = arith.constant 4 : index
    %d2 = arith.constant 4 : index
    %d3 = arith.constant 16 : index
    %one = arith.constant 1 : index
    %l0 = arith.muli %i0, %d1 : index
    %l1 = arith.addi %l0, %i1 : index
    %l2 = arith.muli %l1, %d2 : index
    %l3 = arith.addi %l2, %i2 : index
    %l4 = arith.muli %l3, %d3 : index
    %l5 = arith.addi %l4, %i3 : index
    %l6 = arith.addi %l5, %one : index
    %li = arith.index_cast %l6 : index to i64
    %b = arith.bitcast %x : f32 to i32
    %bi = arith.extui %b : i32 to i64
    %p = arith.muli %bi, %li : i64
    %s = arith.addi %acc, %p : i64
    linalg.yield %s : i64
  } -> tensor<i64>
  %v = tensor.extract %r[] : tensor<i64>
  return %v : i64
}

func.func @main() {
  %in1e = tensor.empty() : tensor<1x10x10x24xf32>
  %in1 = linalg.generic {indexing_maps = [#id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%in1e : tensor<1x10x10x24xf32>) {
  ^bb0(%o: f32):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i2 = linalg.index 2 : index
    %i3 = linalg.index 3 : index
    %c7 = arith.constant 7 : index
    %c31 = arith.constant 31 : index
    %c17 = arith.constant 17 : index
    %c13 = arith.constant 13 : index
    %cs = arith.constant 1 : index
    %cm = arith.constant 97 : index
    %a0 = arith.muli %i0, %c7 : index
    %a1 = arith.muli %i1, %c31 : index
    %a2 = arith.muli %i2, %c17 : index
    %a3 = arith.muli %i3, %c13 : index
    %s0 = arith.addi %a0, %a1 : index
    %s1 = arith.addi %s0, %a2 : index
    %s2 = arith.addi %s1, %a3 : index
    %s3 = arith.addi %s2, %cs : index
    %r = arith.remui %s3, %cm : index
    %ri = arith.index_cast %r : index to i32
    %rf = arith.sitofp %ri : i32 to f32
    %mf = arith.constant 97.0 : f32
    %q = arith.divf %rf, %mf : f32
    %h = arith.constant 0.5 : f32
    %v = arith.subf %q, %h : f32
    linalg.yield %v : f32
  } -> tensor<1x10x10x24xf32>

  %w1e = tensor.empty() : tensor<40x3x3x24xf32>
  %w1 = linalg.generic {indexing_maps = [#id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%w1e : tensor<40x3x3x24xf32>) {
  ^bb0(%o: f32):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i2 = linalg.index 2 : index
    %i3 = linalg.index 3 : index
    %c7 = arith.constant 7 : index
    %c31 = arith.constant 31 : index
    %c17 = arith.constant 17 : index
    %c13 = arith.constant 13 : index
    %cs = arith.constant 5 : index
    %cm = arith.constant 83 : index
    %a0 = arith.muli %i0, %c7 : index
    %a1 = arith.muli %i1, %c31 : index
    %a2 = arith.muli %i2, %c17 : index
    %a3 = arith.muli %i3, %c13 : index
    %s0 = arith.addi %a0, %a1 : index
    %s1 = arith.addi %s0, %a2 : index
    %s2 = arith.addi %s1, %a3 : index
    %s3 = arith.addi %s2, %cs : index
    %r = arith.remui %s3, %cm : index
    %ri = arith.index_cast %r : index to i32
    %rf = arith.sitofp %ri : i32 to f32
    %mf = arith.constant 83.0 : f32
    %q = arith.divf %rf, %mf : f32
    %h = arith.constant 0.5 : f32
    %v = arith.subf %q, %h : f32
    linalg.yield %v : f32
  } -> tensor<40x3x3x24xf32>

  %in2e = tensor.empty() : tensor<1x21x21x3xf32>
  %in2 = linalg.generic {indexing_maps = [#id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%in2e : tensor<1x21x21x3xf32>) {
  ^bb0(%o: f32):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i2 = linalg.index 2 : index
    %i3 = linalg.index 3 : index
    %c7 = arith.constant 7 : index
    %c31 = arith.constant 31 : index
    %c17 = arith.constant 17 : index
    %c13 = arith.constant 13 : index
    %cs = arith.constant 2 : index
    %cm = arith.constant 101 : index
    %a0 = arith.muli %i0, %c7 : index
    %a1 = arith.muli %i1, %c31 : index
    %a2 = arith.muli %i2, %c17 : index
    %a3 = arith.muli %i3, %c13 : index
    %s0 = arith.addi %a0, %a1 : index
    %s1 = arith.addi %s0, %a2 : index
    %s2 = arith.addi %s1, %a3 : index
    %s3 = arith.addi %s2, %cs : index
    %r = arith.remui %s3, %cm : index
    %ri = arith.index_cast %r : index to i32
    %rf = arith.sitofp %ri : i32 to f32
    %mf = arith.constant 101.0 : f32
    %q = arith.divf %rf, %mf : f32
    %h = arith.constant 0.5 : f32
    %v = arith.subf %q, %h : f32
    linalg.yield %v : f32
  } -> tensor<1x21x21x3xf32>

  %in3e = tensor.empty() : tensor<2x9x9x8xf32>
  %in3 = linalg.generic {indexing_maps = [#id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%in3e : tensor<2x9x9x8xf32>) {
  ^bb0(%o: f32):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i2 = linalg.index 2 : index
    %i3 = linalg.index 3 : index
    %c7 = arith.constant 7 : index
    %c31 = arith.constant 31 : index
    %c17 = arith.constant 17 : index
    %c13 = arith.constant 13 : index
    %cs = arith.constant 4 : index
    %cm = arith.constant 79 : index
    %a0 = arith.muli %i0, %c7 : index
    %a1 = arith.muli %i1, %c31 : index
    %a2 = arith.muli %i2, %c17 : index
    %a3 = arith.muli %i3, %c13 : index
    %s0 = arith.addi %a0, %a1 : index
    %s1 = arith.addi %s0, %a2 : index
    %s2 = arith.addi %s1, %a3 : index
    %s3 = arith.addi %s2, %cs : index
    %r = arith.remui %s3, %cm : index
    %ri = arith.index_cast %r : index to i32
    %rf = arith.sitofp %ri : i32 to f32
    %mf = arith.constant 79.0 : f32
    %q = arith.divf %rf, %mf : f32
    %h = arith.constant 0.5 : f32
    %v = arith.subf %q, %h : f32
    linalg.yield %v : f32
  } -> tensor<2x9x9x8xf32>

  %in4e = tensor.empty() : tensor<1x6x6x16xf32>
  %in4 = linalg.generic {indexing_maps = [#id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%in4e : tensor<1x6x6x16xf32>) {
  ^bb0(%o: f32):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i2 = linalg.index 2 : index
    %i3 = linalg.index 3 : index
    %c7 = arith.constant 7 : index
    %c31 = arith.constant 31 : index
    %c17 = arith.constant 17 : index
    %c13 = arith.constant 13 : index
    %cs = arith.constant 8 : index
    %cm = arith.constant 71 : index
    %a0 = arith.muli %i0, %c7 : index
    %a1 = arith.muli %i1, %c31 : index
    %a2 = arith.muli %i2, %c17 : index
    %a3 = arith.muli %i3, %c13 : index
    %s0 = arith.addi %a0, %a1 : index
    %s1 = arith.addi %s0, %a2 : index
    %s2 = arith.addi %s1, %a3 : index
    %s3 = arith.addi %s2, %cs : index
    %r = arith.remui %s3, %cm : index
    %ri = arith.index_cast %r : index to i32
    %rf = arith.sitofp %ri : i32 to f32
    %mf = arith.constant 71.0 : f32
    %q = arith.divf %rf, %mf : f32
    %h = arith.constant 0.5 : f32
    %v = arith.subf %q, %h : f32
    linalg.yield %v : f32
  } -> tensor<1x6x6x16xf32>

  %r1 = func.call @c1(%in1, %w1) : (tensor<1x10x10x24xf32>, tensor<40x3x3x24xf32>) -> tensor<1x8x8x40xf32>
  %r2 = func.call @c2(%in2) : (tensor<1x21x21x3xf32>) -> tensor<1x9x9x8xf32>
  %r3 = func.call @c3(%in3) : (tensor<2x9x9x8xf32>) -> tensor<2x5x5x64xf32>
  %r4 = func.call @c4(%in4) : (tensor<1x6x6x16xf32>) -> tensor<1x4x4x16xf32>
  %h1 = func.call @hash_1x8x8x40(%r1) : (tensor<1x8x8x40xf32>) -> i64
  %h2 = func.call @hash_1x9x9x8(%r2) : (tensor<1x9x9x8xf32>) -> i64
  %h3 = func.call @hash_2x5x5x64(%r3) : (tensor<2x5x5x64xf32>) -> i64
  %h4 = func.call @hash_1x4x4x16(%r4) : (tensor<1x4x4x16xf32>) -> i64
  // CHECK: 6979851489994761
  vector.print %h1 : i64
  // CHECK-NEXT: 436370917764717
  vector.print %h2 : i64
  // CHECK-NEXT: 10553996391998673
  vector.print %h3 : i64
  // CHECK-NEXT: 104748069828064
  vector.print %h4 : i64
  return
}

{-#
  dialect_resources: {
    builtin: {
      w2: "0x04000000D8BDEEBEE3194FBD5FF7BA3E0C5C60BE2B59493ECF78C6BEC41CE63C683CE33EFAD10FBE9EF18C3EC6339EBE539BDA3D907EF4BEA41F7DBDA736B53E7CDD6BBEBBD73D3E8739CCBE42118A3CAF7BDD3E6A531BBEE630873E7FF4A3BE7398C33D483FFABEB29295BDEF75AF3EEC5E77BE4B56323E3FFAD1BE0317B83BF7BAD73EDBD426BE2E70813E37B5A9BE9395AC3D000000BF9395ACBD37B5A93E2E7081BEDBD4263EF7BAD7BE0317B8BB3FFAD13E4B5632BEEC5E773EEF75AFBEB292953D483FFA3E7398C3BD7FF4A33EE63087BE6A531B3EAF7BDDBE42118ABC8739CC3EBBD73DBE7CDD6B3EA736B5BEA41F7D3D907EF43E539BDABDC6339E3E9EF18CBEFAD10F3E683CE3BEC41CE6BCCF78C63E2B5949BE0C5C603E5FF7BABEE3194F3DD8BDEE3E349EF1BD0E73983E56B292BE8A50043E20FDE8BE231421BD17B8C03E9BDA54BE9BDA543E17B8C0BE2314213D20FDE83E8A5004BE56B2923E0E7398BE349EF13DD8BDEEBEE3194FBD5FF7BA3E0C5C60BE2B59493ECF78C6BEC41CE63C683CE33EFAD10FBE9EF18C3EC6339EBE539BDA3D907EF4BEA41F7DBDA736B53E7CDD6BBEBBD73D3E8739CCBE42118A3CAF7BDD3E6A531BBEE630873E7FF4A3BE7398C33D483FFABEB29295BDEF75AF3EEC5E77BE4B56323E3FFAD1BE0317B83BF7BAD73EDBD426BE2E70813E37B5A9BE9395AC3D000000BF9395ACBD37B5A93E2E7081BEDBD4263EF7BAD7BE0317B8BB3FFAD13E4B5632BEEC5E773EEF75AFBEB292953D483FFA3E7398C3BD7FF4A33EE63087BE6A531B3EAF7BDDBE42118ABC8739CC3EBBD73DBE7CDD6B3EA736B5BEA41F7D3D907EF43E539BDABDC6339E3E9EF18CBEFAD10F3E683CE3BEC41CE6BCCF78C63E2B5949BE0C5C603E5FF7BABEE3194F3DD8BDEE3E349EF1BD0E73983E56B292BE8A50043E20FDE8BE231421BD17B8C03E9BDA54BE9BDA543E17B8C0BE2314213D20FDE83E8A5004BE56B2923E0E7398BE349EF13DD8BDEEBEE3194FBD5FF7BA3E0C5C60BE2B59493ECF78C6BEC41CE63C683CE33EFAD10FBE9EF18C3EC6339EBE539BDA3D907EF4BEA41F7DBDA736B53E7CDD6BBEBBD73D3E8739CCBE42118A3CAF7BDD3E6A531BBEE630873E7FF4A3BE7398C33D483FFABEB29295BDEF75AF3EEC5E77BE4B56323E3FFAD1BE0317B83BF7BAD73EDBD426BE2E70813E37B5A9BE9395AC3D000000BF9395ACBD37B5A93E2E7081BEDBD4263EF7BAD7BE0317B8BB3FFAD13E4B5632BEEC5E773EEF75AFBEB292953D483FFA3E7398C3BD7FF4A33EE63087BE6A531B3EAF7BDDBE42118ABC8739CC3EBBD73DBE7CDD6B3EA736B5BEA41F7D3D907EF43E539BDABDC6339E3E9EF18CBEFAD10F3E683CE3BEC41CE6BCCF78C63E2B5949BE0C5C603E5FF7BABEE3194F3DD8BDEE3E349EF1BD0E73983E56B292BE8A50043E20FDE8BE231421BD17B8C03E9BDA54BE9BDA543E17B8C0BE2314213D20FDE83E8A5004BE56B2923E0E7398BE349EF13DD8BDEEBEE3194FBD5FF7BA3E0C5C60BE2B59493ECF78C6BEC41CE63C683CE33EFAD10FBE9EF18C3EC6339EBE539BDA3D907EF4BEA41F7DBDA736B53E7CDD6BBEBBD73D3E8739CCBE42118A3CAF7BDD3E6A531BBEE630873E7FF4A3BE7398C33D483FFABEB29295BDEF75AF3EEC5E77BE4B56323E3FFAD1BE0317B83BF7BAD73EDBD426BE2E70813E37B5A9BE9395AC3D000000BF9395ACBD37B5A93E2E7081BEDBD4263EF7BAD7BE0317B8BB3FFAD13E4B5632BEEC5E773EEF75AFBEB292953D483FFA3E7398C3BD7FF4A33EE63087BE6A531B3EAF7BDDBE42118ABC8739CC3EBBD73DBE7CDD6B3EA736B5BEA41F7D3D907EF43E539BDABDC6339E3E9EF18CBEFAD10F3E683CE3BEC41CE6BCCF78C63E2B5949BE0C5C603E5FF7BABEE3194F3DD8BDEE3E349EF1BD0E73983E56B292BE8A50043E20FDE8BE231421BD17B8C03E9BDA54BE9BDA543E17B8C0BE2314213D20FDE83E8A5004BE56B2923E0E7398BE349EF13DD8BDEEBEE3194FBD5FF7BA3E0C5C60BE2B59493ECF78C6BEC41CE63C683CE33EFAD10FBE9EF18C3EC6339EBE539BDA3D907EF4BEA41F7DBDA736B53E7CDD6BBEBBD73D3E8739CCBE42118A3CAF7BDD3E6A531BBEE630873E7FF4A3BE7398C33D483FFABEB29295BDEF75AF3EEC5E77BE4B56323E3FFAD1BE0317B83BF7BAD73EDBD426BE2E70813E37B5A9BE9395AC3D000000BF9395ACBD37B5A93E2E7081BEDBD4263EF7BAD7BE0317B8BB3FFAD13E4B5632BEEC5E773EEF75AFBEB292953D483FFA3E7398C3BD7FF4A33EE63087BE6A531B3EAF7BDDBE42118ABC8739CC3EBBD73DBE7CDD6B3EA736B5BEA41F7D3D907EF43E539BDABDC6339E3E9EF18CBEFAD10F3E683CE3BEC41CE6BCCF78C63E2B5949BE0C5C603E5FF7BABEE3194F3DD8BDEE3E349EF1BD0E73983E56B292BE8A50043E20FDE8BE231421BD17B8C03E9BDA54BE9BDA543E17B8C0BE2314213D20FDE83E8A5004BE56B2923E0E7398BE349EF13DD8BDEEBEE3194FBD5FF7BA3E0C5C60BE2B59493ECF78C6BEC41CE63C683CE33EFAD10FBE9EF18C3EC6339EBE539BDA3D907EF4BEA41F7DBDA736B53E7CDD6BBEBBD73D3E8739CCBE42118A3CAF7BDD3E6A531BBEE630873E7FF4A3BE7398C33D483FFABEB29295BDEF75AF3EEC5E77BE4B56323E3FFAD1BE0317B83BF7BAD73EDBD426BE2E70813E37B5A9BE9395AC3D000000BF9395ACBD37B5A93E2E7081BEDBD4263EF7BAD7BE0317B8BB3FFAD13E4B5632BEEC5E773EEF75AFBEB292953D483FFA3E7398C3BD7FF4A33EE63087BE6A531B3EAF7BDDBE42118ABC8739CC3EBBD73DBE7CDD6B3EA736B5BEA41F7D3D907EF43E539BDABDC6339E3E9EF18CBEFAD10F3E683CE3BEC41CE6BCCF78C63E2B5949BE0C5C603E5FF7BABEE3194F3DD8BDEE3E349EF1BD0E73983E56B292BE8A50043E20FDE8BE231421BD17B8C03E9BDA54BE9BDA543E17B8C0BE2314213D20FDE83E8A5004BE56B2923E0E7398BE349EF13DD8BDEEBEE3194FBD5FF7BA3E0C5C60BE2B59493ECF78C6BEC41CE63C683CE33EFAD10FBE9EF18C3EC6339EBE539BDA3D907EF4BEA41F7DBDA736B53E7CDD6BBEBBD73D3E8739CCBE42118A3CAF7BDD3E6A531BBEE630873E7FF4A3BE7398C33D483FFABEB29295BDEF75AF3EEC5E77BE4B56323E3FFAD1BE0317B83BF7BAD73EDBD426BE2E70813E37B5A9BE9395AC3D000000BF9395ACBD37B5A93E2E7081BEDBD4263EF7BAD7BE0317B8BB3FFAD13E4B5632BEEC5E773EEF75AFBEB292953D483FFA3E7398C3BD7FF4A33EE63087BE6A531B3EAF7BDDBE42118ABC8739CC3EBBD73DBE7CDD6B3EA736B5BEA41F7D3D907EF43E539BDABDC6339E3E9EF18CBEFAD10F3E683CE3BE",
      w3: "0x0400000077EEDCBE274D9A3DF5EAD5BE2E5BB63D74E7CEBE3569D23DF2E3C7BE3C77EE3D70E0C0BEA142053EEEDCB9BEA549133E6DD9B2BEA850213EEBD5ABBEAC572F3E69D2A4BEAF5E3D3EE7CE9DBEB3654B3E66CB96BEB66C593EE4C78FBEBA73673E62C488BEBD7A753EE0C081BEE0C0813EBD7A75BE62C4883EBA7367BEE4C78F3EB66C59BE66CB963EB3654BBEE7CE9D3EAF5E3DBE69D2A43EAC572FBEEBD5AB3EA85021BE6DD9B23EA54913BEEEDCB93EA14205BE70E0C03E3C77EEBDF2E3C73E3569D2BD74E7CE3E2E5BB6BDF5EAD53E274D9ABD77EEDC3E3F7E7CBDF9F1E33E316244BD7BF5EA3E23460CBDFCF8F13E2A54A8BC7EFCF83E3870E0BB000000BF3870E03B7EFCF8BE2A54A83CFCF8F1BE23460C3D7BF5EABE3162443DF9F1E3BE3F7E7C3D77EEDCBE274D9A3DF5EAD5BE2E5BB63D74E7CEBE3569D23DF2E3C7BE3C77EE3D70E0C0BEA142053EEEDCB9BEA549133E6DD9B2BEA850213EEBD5ABBEAC572F3E69D2A4BEAF5E3D3EE7CE9DBEB3654B3E66CB96BEB66C593EE4C78FBEBA73673E62C488BEBD7A753EE0C081BEE0C0813EBD7A75BE62C4883EBA7367BEE4C78F3EB66C59BE66CB963EB3654BBEE7CE9D3EAF5E3DBE69D2A43EAC572FBEEBD5AB3EA85021BE6DD9B23EA54913BEEEDCB93EA14205BE70E0C03E3C77EEBDF2E3C73E3569D2BD74E7CE3E2E5BB6BDF5EAD53E274D9ABD77EEDC3E3F7E7CBDF9F1E33E316244BD7BF5EA3E23460CBDFCF8F13E2A54A8BC7EFCF83E3870E0BB000000BF3870E03B7EFCF8BE2A54A83CFCF8F1BE23460C3D7BF5EABE3162443DF9F1E3BE3F7E7C3D77EEDCBE274D9A3DF5EAD5BE2E5BB63D74E7CEBE3569D23DF2E3C7BE3C77EE3D70E0C0BEA142053EEEDCB9BEA549133E6DD9B2BEA850213EEBD5ABBEAC572F3E69D2A4BEAF5E3D3EE7CE9DBEB3654B3E66CB96BEB66C593EE4C78FBEBA73673E62C488BEBD7A753EE0C081BEE0C0813EBD7A75BE62C4883EBA7367BEE4C78F3EB66C59BE66CB963EB3654BBEE7CE9D3EAF5E3DBE69D2A43EAC572FBEEBD5AB3EA85021BE6DD9B23EA54913BEEEDCB93EA14205BE70E0C03E3C77EEBDF2E3C73E3569D2BD74E7CE3E2E5BB6BDF5EAD53E274D9ABD77EEDC3E3F7E7CBDF9F1E33E316244BD7BF5EA3E23460CBDFCF8F13E2A54A8BC7EFCF83E3870E0BB000000BF3870E03B7EFCF8BE2A54A83CFCF8F1BE23460C3D7BF5EABE3162443DF9F1E3BE3F7E7C3D77EEDCBE274D9A3DF5EAD5BE2E5BB63D74E7CEBE3569D23DF2E3C7BE3C77EE3D70E0C0BEA142053EEEDCB9BEA549133E6DD9B2BEA850213EEBD5ABBEAC572F3E69D2A4BEAF5E3D3EE7CE9DBEB3654B3E66CB96BEB66C593EE4C78FBEBA73673E62C488BEBD7A753EE0C081BEE0C0813EBD7A75BE62C4883EBA7367BEE4C78F3EB66C59BE66CB963EB3654BBEE7CE9D3EAF5E3DBE69D2A43EAC572FBEEBD5AB3EA85021BE6DD9B23EA54913BEEEDCB93EA14205BE70E0C03E3C77EEBDF2E3C73E3569D2BD74E7CE3E2E5BB6BDF5EAD53E274D9ABD77EEDC3E3F7E7CBDF9F1E33E316244BD7BF5EA3E23460CBDFCF8F13E2A54A8BC7EFCF83E3870E0BB000000BF3870E03B7EFCF8BE2A54A83CFCF8F1BE23460C3D7BF5EABE3162443DF9F1E3BE3F7E7C3D77EEDCBE274D9A3DF5EAD5BE2E5BB63D74E7CEBE3569D23DF2E3C7BE3C77EE3D70E0C0BEA142053EEEDCB9BEA549133E6DD9B2BEA850213EEBD5ABBEAC572F3E69D2A4BEAF5E3D3EE7CE9DBEB3654B3E66CB96BEB66C593EE4C78FBEBA73673E62C488BEBD7A753EE0C081BEE0C0813EBD7A75BE62C4883EBA7367BEE4C78F3EB66C59BE66CB963EB3654BBEE7CE9D3EAF5E3DBE69D2A43EAC572FBEEBD5AB3EA85021BE6DD9B23EA54913BEEEDCB93EA14205BE70E0C03E3C77EEBDF2E3C73E3569D2BD74E7CE3E2E5BB6BDF5EAD53E274D9ABD77EEDC3E3F7E7CBDF9F1E33E316244BD7BF5EA3E23460CBDFCF8F13E2A54A8BC7EFCF83E3870E0BB000000BF3870E03B7EFCF8BE2A54A83CFCF8F1BE23460C3D7BF5EABE3162443DF9F1E3BE3F7E7C3D77EEDCBE274D9A3DF5EAD5BE2E5BB63D74E7CEBE3569D23DF2E3C7BE3C77EE3D70E0C0BEA142053EEEDCB9BEA549133E6DD9B2BEA850213EEBD5ABBEAC572F3E69D2A4BEAF5E3D3EE7CE9DBEB3654B3E66CB96BEB66C593EE4C78FBEBA73673E62C488BEBD7A753EE0C081BEE0C0813EBD7A75BE62C4883EBA7367BEE4C78F3EB66C59BE66CB963EB3654BBEE7CE9D3EAF5E3DBE69D2A43EAC572FBEEBD5AB3EA85021BE6DD9B23EA54913BEEEDCB93EA14205BE70E0C03E3C77EEBDF2E3C73E3569D2BD74E7CE3E2E5BB6BDF5EAD53E274D9ABD77EEDC3E3F7E7CBDF9F1E33E316244BD7BF5EA3E23460CBDFCF8F13E2A54A8BC7EFCF83E3870E0BB000000BF3870E03B7EFCF8BE2A54A83CFCF8F1BE23460C3D7BF5EABE3162443DF9F1E3BE3F7E7C3D77EEDCBE274D9A3DF5EAD5BE2E5BB63D74E7CEBE3569D23DF2E3C7BE3C77EE3D70E0C0BEA142053EEEDCB9BEA549133E6DD9B2BEA850213EEBD5ABBEAC572F3E69D2A4BEAF5E3D3EE7CE9DBEB3654B3E66CB96BEB66C593EE4C78FBEBA73673E62C488BEBD7A753EE0C081BEE0C0813EBD7A75BE62C4883EBA7367BEE4C78F3EB66C59BE66CB963EB3654BBEE7CE9D3EAF5E3DBE69D2A43EAC572FBEEBD5AB3EA85021BE6DD9B23EA54913BEEEDCB93EA14205BE70E0C03E3C77EEBDF2E3C73E3569D2BD74E7CE3E2E5BB6BDF5EAD53E274D9ABD77EEDC3E3F7E7CBDF9F1E33E316244BD7BF5EA3E23460CBDFCF8F13E2A54A8BC7EFCF83E3870E0BB000000BF3870E03B7EFCF8BE2A54A83CFCF8F1BE23460C3D7BF5EABE3162443DF9F1E3BE3F7E7C3D77EEDCBE"
    }
  }
#-}
