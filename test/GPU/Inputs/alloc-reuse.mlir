// Three tensors, one after the other, of 1000, 2000 and 1000 f32 (4000,
// 8000 and 4000 bytes), each filled by a kernel and released after use:
// the runtime keeps released memory for reuse (mock-driver.test).
func.func private @fill(%n: index) -> tensor<?xf32> attributes {passthrough = ["noinline"]} {
  %one = arith.constant 1.0 : f32
  %e = tensor.empty(%n) : tensor<?xf32>
  %f = linalg.fill ins(%one : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  return %f : tensor<?xf32>
}
func.func @main() {
  %sizes = arith.constant dense<[1000, 2000, 1000]> : vector<3xindex>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0.0 : f32
  %sum = scf.for %i = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> (f32) {
    %n = vector.extract %sizes[%i] : index from vector<3xindex>
    %t = func.call @fill(%n) : (index) -> tensor<?xf32>
    %x = tensor.extract %t[%c0] : tensor<?xf32>
    %a = arith.addf %acc, %x : f32
    scf.yield %a : f32
  }
  vector.print %sum : f32
  return
}
