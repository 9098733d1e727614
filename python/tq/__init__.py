"""tq: number-format emulation (docs/python.md).

    import numpy as np, tq
    x = np.linspace(-2, 2, 9, dtype=np.float32)
    tq.quantize(x, "nearest,4,2")        # fixed point, 4 bits, 2 fractional
    q = tq.Quantizer("mxfp4")            # parsed once
    q.spec, q.bits                       # ('mxfp4', 4.25)

The quantizers are tq's C++ reference semantics (include/tq/Reference), the
same bits as the MLIR folder and the compiled CPU and GPU code.
"""

from ._tq import Quantizer, QuantizerError, quantize

__all__ = ["Quantizer", "QuantizerError", "quantize"]
