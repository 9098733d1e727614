// Every bad input is an error with a location, and then nothing is written:
// no output module and no report file.

// RUN: rm -f %t.report
// RUN: not tq-opt %s --tq-insert='activations-file=%S/Inputs/malformed.json report=%t.report' 2>&1 | FileCheck %s --check-prefix=MALFORMED
// RUN: not test -e %t.report
// MALFORMED: malformed.json:3:11: error: malformed quantizer map: expected ':' after object key
// MALFORMED-NOT: module

// The error points into the quantizer string, and names the entry.
// RUN: not tq-opt %s --tq-insert='weights-file=%S/Inputs/bad-quantizer.json report=%t.report' 2>&1 | FileCheck %s --check-prefix=QUANTIZER
// RUN: not test -e %t.report
// QUANTIZER: bad-quantizer.json:3:23: error: invalid quantizer "nearest,8,x" for "dense" in the weights map: expected a 32-bit integer for fractional bits, got 'x'

// Impossible parameters, inline: the attribute verifier's message.
// RUN: not tq-opt %s --tq-insert='activations={"dense": "nearest,99,4"}' 2>&1 | FileCheck %s --check-prefix=PARAMS
// PARAMS: <tq-insert activations option>:1:11: error: invalid quantizer "nearest,99,4" for "dense" in the activations map: fixed point needs 1 to 53 total bits, got 99

// RUN: not tq-opt %s --tq-insert='map-file=%S/Inputs/bad-role.json' 2>&1 | FileCheck %s --check-prefix=ROLE
// ROLE: bad-role.json:1:2: error: malformed quantizer map: unknown role "activation" (expected activations, weights, intrinsic, gradients, weight-gradients, updates or optimizer-state)

// Role keys and layer keys mixed in a combined map: the error says where a
// flat map goes.
// RUN: not tq-opt %s --tq-insert='map-file=%S/Inputs/mixed.json' 2>&1 | FileCheck %s --check-prefix=MIXED
// MIXED: mixed.json:1:21: error: malformed quantizer map: unknown role "conv1" (expected activations, weights, intrinsic, gradients, weight-gradients, updates or optimizer-state): a flat {"layer": "quantizer"} map goes alone in map-file= (as the activations map) or in activations-file=, weights-file= or intrinsic-file=

// Nesting is bounded (64 levels) before it can exhaust the stack: the error
// is at the 64th '[' (column 7 + 63), in tq-opt and tq-run alike.
// RUN: %python -c "print('{\"a\": ' + '[' * 20000 + ']' * 20000 + '}')" > %t.deep.json
// RUN: not tq-opt %s --tq-insert='map-file=%t.deep.json' 2>&1 | FileCheck %s --check-prefix=DEEP
// RUN: not tq-run %s --map-file=%t.deep.json --random-inputs 2>&1 | FileCheck %s --check-prefix=DEEP
// DEEP: deep.json:1:70: error: malformed quantizer map: nesting deeper than 64 levels

// Escapes: the column is the character's in the file (after "\u006e").
// RUN: not tq-opt %s --tq-insert='activations-file=%S/Inputs/escaped.json' 2>&1 | FileCheck %s --check-prefix=ESCAPED
// ESCAPED: escaped.json:1:27: error: invalid quantizer "nearest,8,x" for "dense" in the activations map: expected a 32-bit integer for fractional bits, got 'x'

// A large map (20,000 entries, one per line): a duplicate key is a warning
// at its own line, a bad quantizer an error at its line and column.
// RUN: %python -c "import sys; n = 20000; e = ['  \"layer_%%d\": \"fp8_e4m3\"' %% k for k in range(n)]; e[n - 2] = '  \"layer_7\": \"fp16\"'; e[n - 1] = '  \"layer_x\": \"nearest,8,x\"'; print('{\n' + ',\n'.join(e) + '\n}')" > %t.big.json
// RUN: not tq-opt %s --tq-insert='activations-file=%t.big.json' 2>&1 | FileCheck %s --check-prefix=BIG
// BIG: big.json:20000:3: warning: duplicate key "layer_7" in the activations map: the first one wins
// BIG: big.json:20001:25: error: invalid quantizer "nearest,8,x" for "layer_x" in the activations map: expected a 32-bit integer for fractional bits, got 'x'

// Other JSON mistakes, each at its place.
// RUN: printf '{"dense": "fp16\377"}' > %t.utf8.json
// RUN: not tq-opt %s --tq-insert='activations-file=%t.utf8.json' 2>&1 | FileCheck %s --check-prefix=UTF8
// UTF8: utf8.json:1:16: error: malformed quantizer map: invalid UTF-8 in a string
// RUN: not tq-opt %s --tq-insert='activations={"dense": "fp16",}' 2>&1 | FileCheck %s --check-prefix=TRAILING
// TRAILING: <tq-insert activations option>:1:17: error: malformed quantizer map: unexpected end of input, expected a string key
// RUN: not tq-opt %s --tq-insert='activations={"dense": 01}' 2>&1 | FileCheck %s --check-prefix=NUMBER
// NUMBER: <tq-insert activations option>:1:10: error: malformed quantizer map: invalid number '01'
// RUN: not tq-opt %s --tq-insert='activations={"dense": "\ud800"}' 2>&1 | FileCheck %s --check-prefix=SURROGATE
// SURROGATE: <tq-insert activations option>:1:11: error: malformed quantizer map: invalid \u escape: a high surrogate without its low surrogate

// RUN: not tq-opt %s --tq-insert='activations-file=%S/Inputs/bad-value.json' 2>&1 | FileCheck %s --check-prefix=VALUE
// VALUE: bad-value.json:1:11: error: malformed quantizer map: the value of "conv1" must be a quantizer string

// RUN: not tq-opt %s --tq-insert='activations-file=%S/Inputs/does-not-exist.json' 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: tq-insert: cannot read map file '{{.*}}does-not-exist.json': No such file or directory

// RUN: not tq-opt %s --tq-insert='activations=fp16 match=fuzzy' 2>&1 | FileCheck %s --check-prefix=MODE
// MODE: for the --match option: Cannot find option named 'fuzzy'!

// RUN: not tq-opt %s --tq-insert 2>&1 | FileCheck %s --check-prefix=NOMAP
// NOMAP: error: tq-insert: no map given (use activations=, weights=, intrinsic= or a *-file option)

// RUN: not tq-opt %s --tq-insert='activations={"(": "fp16"} match=regex' 2>&1 | FileCheck %s --check-prefix=REGEX
// REGEX: <tq-insert activations option>:1:1: error: invalid regular expression "(": parentheses not balanced

// A quantizer that cannot apply to the value's type: at the op (whose
// location here is only its name).
// RUN: not tq-opt %s --tq-insert='activations={"dense": "affine,8,0.1;0.2,0;0,axis=2"}' 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: error: loc("dense"): cannot quantize result #0 of 'dense' with affine,8,0.1;0.2,0;0,axis=2 (entry "dense" of the activations map): per-channel affine quantization along axis 2 of 'tensor<1x2x3xf32>' needs 3 scales, got 2

func.func @f(%a: tensor<1x2x8xf32>, %b: tensor<1x8x3xf32>) -> tensor<1x2x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x8xf32>, tensor<1x8x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32> loc("dense")
  return %0 : tensor<1x2x3xf32>
}
