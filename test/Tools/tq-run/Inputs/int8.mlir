func.func @main(%x: tensor<4xi8>, %y: tensor<4xi64>) -> (tensor<4xi8>, tensor<4xi64>) {
  %0 = tosa.add %x, %x : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0, %y : tensor<4xi8>, tensor<4xi64>
}
