// A matmul to quantize intrinsically (@mm, named "mm"), and the same
// arithmetic written as a plain scalar loop nest (@reference): product
// fixed,8,2, accumulator nearest,6,2 (range [-8, 7.75], so long sums
// saturate), sequential over k, starting from the rounded zero; and
// (@reference_blocked) in blocks of 4: partial sums of 4 products from zero,
// each added to the accumulator.
module {
  func.func @mm(%a: tensor<1x8x16xf32>, %b: tensor<1x16x8xf32>) -> tensor<1x8x8xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x8x16xf32>, tensor<1x16x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8xf32> loc("mm")
    return %0 : tensor<1x8x8xf32>
  }

  func.func @reference(%a: tensor<1x8x16xf32>, %b: tensor<1x16x8xf32>) -> tensor<1x8x8xf32> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c8 = arith.constant 8 : index
    %c16 = arith.constant 16 : index
    %zero = arith.constant 0.0 : f32
    %init = tensor.empty() : tensor<1x8x8xf32>
    %r = scf.for %i = %c0 to %c8 step %c1 iter_args(%t = %init) -> (tensor<1x8x8xf32>) {
      %row = scf.for %j = %c0 to %c8 step %c1 iter_args(%t2 = %t) -> (tensor<1x8x8xf32>) {
        %acc0 = tq.quantize %zero : f32 with "nearest,6,2"
        %acc = scf.for %k = %c0 to %c16 step %c1 iter_args(%s = %acc0) -> (f32) {
          %x = tensor.extract %a[%c0, %i, %k] : tensor<1x8x16xf32>
          %y = tensor.extract %b[%c0, %k, %j] : tensor<1x16x8xf32>
          %p = arith.mulf %x, %y : f32
          %pq = tq.quantize %p : f32 with "fixed,8,2"
          %s1 = arith.addf %s, %pq : f32
          %sq = tq.quantize %s1 : f32 with "nearest,6,2"
          scf.yield %sq : f32
        }
        %t3 = tensor.insert %acc into %t2[%c0, %i, %j] : tensor<1x8x8xf32>
        scf.yield %t3 : tensor<1x8x8xf32>
      }
      scf.yield %row : tensor<1x8x8xf32>
    }
    return %r : tensor<1x8x8xf32>
  }
  func.func @reference_blocked(%a: tensor<1x8x16xf32>, %b: tensor<1x16x8xf32>) -> tensor<1x8x8xf32> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    %zero = arith.constant 0.0 : f32
    %init = tensor.empty() : tensor<1x8x8xf32>
    %r = scf.for %i = %c0 to %c8 step %c1 iter_args(%t = %init) -> (tensor<1x8x8xf32>) {
      %row = scf.for %j = %c0 to %c8 step %c1 iter_args(%t2 = %t) -> (tensor<1x8x8xf32>) {
        %acc0 = tq.quantize %zero : f32 with "nearest,6,2"
        %acc = scf.for %ko = %c0 to %c4 step %c1 iter_args(%s = %acc0) -> (f32) {
          %part = scf.for %ki = %c0 to %c4 step %c1 iter_args(%ps = %zero) -> (f32) {
            %k0 = arith.muli %ko, %c4 : index
            %k = arith.addi %k0, %ki : index
            %x = tensor.extract %a[%c0, %i, %k] : tensor<1x8x16xf32>
            %y = tensor.extract %b[%c0, %k, %j] : tensor<1x16x8xf32>
            %p = arith.mulf %x, %y : f32
            %pq = tq.quantize %p : f32 with "fixed,8,2"
            %ps1 = arith.addf %ps, %pq : f32
            %psq = tq.quantize %ps1 : f32 with "nearest,6,2"
            scf.yield %psq : f32
          }
          %s1 = arith.addf %s, %part : f32
          %sq = tq.quantize %s1 : f32 with "nearest,6,2"
          scf.yield %sq : f32
        }
        %t3 = tensor.insert %acc into %t2[%c0, %i, %j] : tensor<1x8x8xf32>
        scf.yield %t3 : tensor<1x8x8xf32>
      }
      scf.yield %row : tensor<1x8x8xf32>
    }
    return %r : tensor<1x8x8xf32>
  }
}
