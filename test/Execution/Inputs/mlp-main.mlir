// Appended to a copy of the corpus network tpp_mlp_3layers: builds a
// deterministic input, runs the network and prints a checksum of the output
// bits (sum of the bit patterns, and the number of negative, zero and NaN
// elements) and two sample values.
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#sc2 = affine_map<(d0, d1) -> ()>
func.func @main() {
  %e = tensor.empty() : tensor<256x1024xf32>
  %in = linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<256x1024xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c131 = arith.constant 131 : index
    %c71 = arith.constant 71 : index
    %c199 = arith.constant 199 : index
    %a = arith.muli %i, %c131 : index
    %b = arith.muli %j, %c71 : index
    %s = arith.addi %a, %b : index
    %m = arith.remui %s, %c199 : index
    %mi = arith.index_cast %m : index to i32
    %mf = arith.sitofp %mi : i32 to f32
    %d = arith.constant 199.0 : f32
    %q = arith.divf %mf, %d : f32
    %h = arith.constant 0.5 : f32
    %v = arith.subf %q, %h : f32
    linalg.yield %v : f32
  } -> tensor<256x1024xf32>
  %out = call @mlp_3layers(%in) : (tensor<256x1024xf32>) -> tensor<256x1024xf32>
  %z = tensor.empty() : tensor<i64>
  %c0 = arith.constant 0 : i64
  %zi = linalg.fill ins(%c0 : i64) outs(%z : tensor<i64>) -> tensor<i64>
  %sum = linalg.generic {indexing_maps = [#id2, #sc2], iterator_types = ["reduction", "reduction"]} ins(%out : tensor<256x1024xf32>) outs(%zi : tensor<i64>) {
  ^bb0(%x: f32, %acc: i64):
    %xi = arith.bitcast %x : f32 to i32
    %xl = arith.extui %xi : i32 to i64
    %r = arith.addi %acc, %xl : i64
    linalg.yield %r : i64
  } -> tensor<i64>
  %s = tensor.extract %sum[] : tensor<i64>
  vector.print %s : i64
  %k0 = arith.constant 0 : index
  %k1 = arith.constant 17 : index
  %k2 = arith.constant 300 : index
  %v0 = tensor.extract %out[%k0, %k0] : tensor<256x1024xf32>
  %v1 = tensor.extract %out[%k1, %k2] : tensor<256x1024xf32>
  vector.print %v0 : f32
  vector.print %v1 : f32
  return
}
