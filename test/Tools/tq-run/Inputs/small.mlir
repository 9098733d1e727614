// Small functions for the tq-run tests.
module {
  // Two results: x + y (broadcast over rows) and the row sums of x.
  func.func @affine(%x: tensor<2x3xf32>, %y: tensor<1x3xf32>)
      -> (tensor<2x3xf32>, tensor<2x1xf32>) {
    %s = tosa.add %x, %y : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
    %r = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<2x3xf32>) -> tensor<2x1xf32>
    return %s, %r : tensor<2x3xf32>, tensor<2x1xf32>
  }

  // Other element types: i8 negation, f16 and f64 doubling, i1 not.
  func.func @types(%a: tensor<4xi8>, %h: tensor<2xf16>, %d: tensor<2xf64>,
                   %b: tensor<3xi1>)
      -> (tensor<4xi8>, tensor<2xf16>, tensor<2xf64>, tensor<3xi1>) {
    %zp8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %na = tosa.negate %a, %zp8, %zp8 : (tensor<4xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<4xi8>
    %h2 = tosa.add %h, %h : (tensor<2xf16>, tensor<2xf16>) -> tensor<2xf16>
    %d2 = tosa.add %d, %d : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
    %nb = tosa.logical_not %b : (tensor<3xi1>) -> tensor<3xi1>
    return %na, %h2, %d2, %nb : tensor<4xi8>, tensor<2xf16>, tensor<2xf64>, tensor<3xi1>
  }

  // Returns a constant: the result buffer is a global, not the caller's.
  func.func @constant() -> tensor<2xf32> {
    %c = "tosa.const"() <{values = dense<[1.5, -2.25]> : tensor<2xf32>}> : () -> tensor<2xf32>
    return %c : tensor<2xf32>
  }

  // One buffer returned twice: copied out twice, freed once.
  func.func @twice(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
    %y = tosa.add %x, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    return %y, %y : tensor<2xf32>, tensor<2xf32>
  }

  // Only a declaration: not runnable.
  func.func private @external(tensor<2xf32>) -> tensor<2xf32>
}
