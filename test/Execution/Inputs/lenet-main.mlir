// Appended (inside the module) to a copy of the corpus network LeNet (TOSA):
// builds deterministic weights (61706 values) and an image, runs the network
// and prints the 10 logits' bit patterns.
func.func @main() {
  %ew = tensor.empty() : tensor<61706xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} outs(%ew : tensor<61706xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %c97 = arith.constant 97 : index
    %c37 = arith.constant 37 : index
    %a = arith.muli %i, %c37 : index
    %m = arith.remui %a, %c97 : index
    %mi = arith.index_cast %m : index to i32
    %mf = arith.sitofp %mi : i32 to f32
    %s = arith.constant 0.004 : f32
    %h = arith.constant 0.19 : f32
    %q = arith.mulf %mf, %s : f32
    %v = arith.subf %q, %h : f32
    linalg.yield %v : f32
  } -> tensor<61706xf32>
  %ei = tensor.empty() : tensor<1x1x28x28xf32>
  %img = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%ei : tensor<1x1x28x28xf32>) {
  ^bb0(%out: f32):
    %y = linalg.index 2 : index
    %x = linalg.index 3 : index
    %c13 = arith.constant 13 : index
    %c7 = arith.constant 7 : index
    %c29 = arith.constant 29 : index
    %a = arith.muli %y, %c13 : index
    %b = arith.muli %x, %c7 : index
    %s = arith.addi %a, %b : index
    %m = arith.remui %s, %c29 : index
    %mi = arith.index_cast %m : index to i32
    %mf = arith.sitofp %mi : i32 to f32
    %d = arith.constant 29.0 : f32
    %v = arith.divf %mf, %d : f32
    linalg.yield %v : f32
  } -> tensor<1x1x28x28xf32>
  %out = call @forward(%w, %img) : (tensor<61706xf32>, tensor<1x1x28x28xf32>) -> tensor<1x10xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c10 = arith.constant 10 : index
  scf.for %j = %c0 to %c10 step %c1 {
    %v = tensor.extract %out[%c0, %j] : tensor<1x10xf32>
    %b = arith.bitcast %v : f32 to i32
    vector.print %b : i32
  }
  return
}
