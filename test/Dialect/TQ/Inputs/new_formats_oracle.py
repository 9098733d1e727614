#!/usr/bin/env python3
"""Independent oracles for the fold tests of nvfp4.mlir and group-int.mlir.

Not run by the tests (they must not need PyTorch): run it by hand with
Debian's /usr/bin/python3 (python3-torch) and compare its output with the
constants in those tests.

- NVFP4: Transformer Engine's reference quantizer
  (NVFP4Quantizer._quantize_vectorwise_reference: S = 6 * 448 / amax, the
  tensor's amax or a given (calibrated) one,
  decode scale = e4m3(clamp(amax_b / 6 * S, 448)), encode = S / decode,
  x * encode clamped to +-6 and rounded to E2M1), dequantized as q * s_b / S,
  everything in float32. PyTorch 1.13 has no float8 or float4 type, so the
  E4M3 and E2M1 roundings are nearest-even lookups in the formats' value
  tables (written out below, not computed by tq).
- Group-wise integers: GPTQ's Quantizer.find_params / quantize in float32,
  with the scale rounded through torch.float16 / torch.bfloat16 before use.
"""
import torch


def table_round(x, values):
    """Rounds each |x| to the nearest entry of `values` (ascending, starting
    at 0), ties to the entry with an even index (an even significand), the
    sign kept; values beyond the last saturate."""
    v = torch.tensor(values, dtype=torch.float64)
    a = x.abs().to(torch.float64)
    out = torch.empty_like(a)
    for i, ai in enumerate(a.flatten().tolist()):
        j = int(torch.searchsorted(v, torch.tensor(ai, dtype=torch.float64)))
        if j >= len(v):
            r = v[-1]
        elif v[j] == ai or j == 0:
            r = v[j]
        else:
            lo, hi = v[j - 1], v[j]
            if ai - lo < hi - ai:
                r = lo
            elif ai - lo > hi - ai:
                r = hi
            else:
                r = lo if (j - 1) % 2 == 0 else hi
        out.view(-1)[i] = r
    return (out * torch.sign(x.to(torch.float64)).where(x != 0, torch.ones_like(a))).to(torch.float32)


E2M1 = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0]
# E4M3 (OCP "FN"): subnormals k * 2^-9, then 8 values per binade up to 448.
E4M3 = [k * 2.0 ** -9 for k in range(8)] + [
    (1 + m / 8) * 2.0 ** e for e in range(-6, 9) for m in range(8)
    if (1 + m / 8) * 2.0 ** e <= 448]


def nvfp4(x, block, amax=None):
    """amax: a static (calibrated) global amax, else the tensor's."""
    x = x.to(torch.float32)
    amax = x.abs().max() if amax is None else torch.tensor(amax, dtype=torch.float32)
    S = torch.tensor(6.0 * 448.0, dtype=torch.float32) / amax
    S = torch.clamp(S, max=torch.finfo(torch.float32).max)
    rows, cols = x.shape
    xb = x.view(rows, cols // block, block)
    vec_max = xb.abs().amax(dim=-1, keepdim=True)
    d = vec_max / torch.tensor(6.0, dtype=torch.float32)
    d = torch.clamp(d * S, max=448.0)
    sb = table_round(d, E4M3)
    e = torch.clamp(S / sb, max=torch.finfo(torch.float32).max)
    q = table_round(torch.clamp(xb * e, -6.0, 6.0), E2M1)
    return ((q * sb) / S).view(rows, cols)


def gptq(x, group, bits, sym, scale_dtype):
    x = x.to(torch.float32)
    rows, cols = x.shape
    xg = x.view(rows, cols // group, group)
    maxq = 2 ** bits - 1
    xmin = torch.minimum(xg.amin(-1, keepdim=True), torch.zeros(1))
    xmax = torch.maximum(xg.amax(-1, keepdim=True), torch.zeros(1))
    if sym:
        xmax = torch.maximum(xmin.abs(), xmax)
        xmin = -xmax
    both = (xmin == 0) & (xmax == 0)
    xmin = torch.where(both, -torch.ones_like(xmin), xmin)
    xmax = torch.where(both, torch.ones_like(xmax), xmax)
    scale = ((xmax - xmin) / maxq).to(scale_dtype).to(torch.float32)
    if sym:
        zero = torch.full_like(scale, (maxq + 1) / 2)
    else:
        zero = torch.clamp(torch.round(-xmin / scale), 0, maxq)
    q = torch.clamp(torch.round(xg / scale) + zero, 0, maxq)
    return (scale * (q - zero)).view(rows, cols)


def show(name, t):
    print(name, [[float(v) for v in row] for row in t.tolist()])


if __name__ == "__main__":
    x = torch.tensor([[1.0, 2.0, -3.0, 0.7], [0.25, 0.1, 0.0, -0.01]])
    show("nvfp4,block=4", nvfp4(x, 4))
    show("nvfp4,block=4,amax=2", nvfp4(x, 4, 2.0))
    w = torch.tensor([[0.31, -0.12, 0.05, 0.77, -0.4, 0.0, 0.2, 0.9],
                      [1.5, 2.5, 3.0, 1.25, -0.001, 0.002, 0.0, 0.0]])
    show("int4_g4", gptq(w, 4, 4, False, torch.float16))
    show("int4_g4,sym", gptq(w, 4, 4, True, torch.float16))
    show("int3_g8,scale=bf16", gptq(w, 8, 3, False, torch.bfloat16))
