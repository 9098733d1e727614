"""tq.quantize and tq.Quantizer: the folder's bits for every quantizer
family, the parser's and the verifier's messages as exceptions, no leak,
and calls from several threads at once."""

import re
import resource
import subprocess
import threading

import numpy as np
import pytest

import tq
from conftest import BUILD

# One or more of each family (docs/quantizers.md), deterministic and
# stochastic, elementwise, per channel, in blocks and whole-tensor.
SPECS = [
    "nearest,8,4", "stochastic,6,3", "down,5,2", "zero,12,8", "nearest,16,8",
    "fp16", "bf16", "tf32", "fp8_e4m3", "fp8_e5m2", "fp8_e4m3,stochastic",
    "fp6_e3m2", "fp4_e2m1",
    "pow2,-4,4", "binary", "binary,0.5", "ternary", "ternary,0.3",
    "sparse,0.25",
    "affine,8,0.05,3", "affine,4,0.1;0.2;0.3,0;1;-2,axis=0",
    "mxfp8", "mxfp4", "mxint8", "mxfp6_e2m3,axis=0", "mxfp4,stochastic",
    "nvfp4", "bfp,8,block=16",
    "fp8_e4m3_rowwise,axis=1", "fp8_e4m3_tensorwise",
    "block_scaled,element=fp8_e4m3,scale=fp8_e5m2,block=16",
    "group_int,bits=3,group=16,sym", "int4_g128",
]
SHAPE = (3, 128)


def awkward(dtype, seed=1, finite=False):
    """Normal values over a few binades with zeros, ties, a subnormal, a
    large value (infinite in f16), infinities and a NaN (the first row);
    `finite`: without the infinities and the NaN (whose amax would make a
    scaled format's whole tensor NaN)."""
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(SHAPE) * 2.0 ** rng.integers(-6, 6, SHAPE))
    special = [0.0, -0.0, 0.25, 0.375, -1.125, 1e-6, 300.0, 7.5e4,
               np.inf, -np.inf, np.nan, 1.0 / 3.0]
    if finite:
        special = special[:7] + [-40.0, 21.5, 0.5, 1.0 / 3.0]
    x[0, :len(special)] = special
    with np.errstate(over="ignore"):
        return x.astype(dtype)


def to_bf16(x32):
    """bfloat16 bit patterns (uint16) of float32 values, rounded to nearest
    even (NumPy has no bfloat16)."""
    bits = x32.view(np.uint32).astype(np.uint64)
    r = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    r[np.isnan(x32)] = 0x7FC0
    return r


def folded(spec, x, seed):
    """What tq-opt's folder makes of tq.quantize on the constant x (uint16:
    bfloat16 bit patterns)."""
    ttype = f"tensor<{'x'.join(map(str, x.shape))}x" + {
        np.float32: "f32", np.float64: "f64", np.float16: "f16",
        np.uint16: "bf16"}[x.dtype.type] + ">"
    blob = x.tobytes().hex().upper()
    mlir = (f"func.func @f() -> {ttype} {{\n"
            f"  %c = arith.constant dense<\"0x{blob}\"> : {ttype}\n"
            f"  %q = tq.quantize %c : {ttype} with \"{spec}\""
            + (f" seed({seed})" if seed else "") + "\n"
            f"  return %q : {ttype}\n}}\n")
    out = subprocess.run(
        [str(BUILD / "bin/tq-opt"), "-", "--canonicalize",
         "--mlir-print-elementsattrs-with-hex-if-larger=0"],
        input=mlir, capture_output=True, text=True, check=True).stdout
    assert "tq.quantize" not in out, out
    blobs = re.findall(r'dense<"0x([0-9A-F]+)">', out)
    if blobs:  # the bytes, little-endian
        assert len(blobs) == 1, out
        return np.frombuffer(bytes.fromhex(blobs[0]), dtype=x.dtype).reshape(x.shape)
    # A splat (all NaN when a scale comes from an infinite amax): the value's
    # bit pattern as an integer.
    splat = re.findall(r'dense<0x([0-9A-F]+)>', out)
    assert len(splat) == 1, out
    one = int(splat[0], 16).to_bytes(x.itemsize, "little")
    return np.frombuffer(one * x.size, dtype=x.dtype).reshape(x.shape)


@pytest.mark.parametrize("finite", [False, True], ids=["special", "finite"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, "bf16"])
@pytest.mark.parametrize("spec", SPECS)
def test_equals_the_folder_bit_for_bit(spec, dtype, finite):
    q = tq.Quantizer(spec)
    bf16 = dtype == "bf16"
    x = to_bf16(awkward(np.float32, finite=finite)) if bf16 else \
        awkward(dtype, finite=finite)
    if dtype == np.float16 and spec in ("bf16", "tf32"):
        # Wider than f16: the verifier's error, as tq.quantize's op gives it.
        with pytest.raises(ValueError, match="does not fit in 'f16'"):
            tq.quantize(x, spec)
        return
    if bf16 and spec in ("fp16", "tf32"):
        with pytest.raises(ValueError, match="does not fit in 'bf16'"):
            tq.quantize(x, spec, bfloat16=True)
        return
    seed = 7 if q.stochastic else 0
    got = tq.quantize(x, spec, seed=seed, bfloat16=bf16)
    assert got.dtype == x.dtype and got.shape == x.shape
    assert got.tobytes() == folded(spec, x, seed).tobytes()
    # The object and the string are the same quantizer.
    assert tq.quantize(x, q, seed=seed, bfloat16=bf16).tobytes() == got.tobytes()


def test_bfloat16_bit_patterns():
    rounded = to_bf16(awkward(np.float32))
    got = tq.quantize(rounded, "fp8_e4m3", bfloat16=True)
    assert got.dtype == np.uint16
    # The same values quantized as f32: fp8 values are bf16 values.
    widened = (rounded.astype(np.uint32) << 16).view(np.float32)
    ref = tq.quantize(widened, "fp8_e4m3")
    assert np.array_equal((got.astype(np.uint32) << 16).view(np.float32), ref,
                          equal_nan=True)


def test_seed_and_axis():
    x = awkward(np.float32)
    a = tq.quantize(x, "stochastic,6,3", seed=1)
    assert a.tobytes() == tq.quantize(x, "stochastic,6,3", seed=1).tobytes()
    assert a.tobytes() != tq.quantize(x, "stochastic,6,3", seed=2).tobytes()
    assert (tq.quantize(x, "mxfp4", axis=0).tobytes()
            == tq.quantize(x, "mxfp4,axis=0").tobytes())
    assert (tq.quantize(x, "mxfp4", axis=-2).tobytes()
            == tq.quantize(x, "mxfp4,axis=0").tobytes())
    # Any layout: a transposed view is quantized as its C-order copy.
    assert (tq.quantize(x.T, "nvfp4").tobytes()
            == tq.quantize(np.ascontiguousarray(x.T), "nvfp4").tobytes())


def test_quantizer_object():
    q = tq.Quantizer("mx,element=fp4_e2m1")
    assert q.spec == "mxfp4"
    assert q.bits == 4.25
    assert q == tq.Quantizer("mxfp4") and hash(q) == hash(tq.Quantizer("mxfp4"))
    assert q != tq.Quantizer("mxfp8")
    assert repr(q) == "tq.Quantizer('mxfp4')"
    assert q.attribute == "#tq.mx<element = fp4_e2m1>"
    assert not q.elementwise and not q.stochastic
    assert tq.Quantizer("stochastic,8,4").stochastic
    assert tq.Quantizer("ternary").bits == pytest.approx(1.584962500721156)


def test_errors_carry_the_message():
    with pytest.raises(tq.QuantizerError) as e:
        tq.Quantizer("nearest,8,x")
    assert str(e.value) == ("invalid quantizer 'nearest,8,x' (column 11): "
                            "expected a 32-bit integer for fractional bits, got 'x'")
    assert (e.value.spec, e.value.column) == ("nearest,8,x", 11)
    assert isinstance(e.value, ValueError)
    with pytest.raises(tq.QuantizerError, match="unknown quantizer 'fp8_e4m2'"):
        tq.quantize(np.zeros(4, np.float32), "fp8_e4m2")
    with pytest.raises(tq.QuantizerError, match="unknown option 'axis=0' for float"):
        tq.quantize(np.zeros(4, np.float32), "fp16", axis=0)
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        tq.quantize(np.zeros((2, 2), np.float32), "mxfp4", axis=2)
    with pytest.raises(ValueError) as v:
        tq.quantize(np.zeros((2, 4), np.float32), "affine,4,0.1;0.2;0.3,0;0;0,axis=0")
    assert "on an array of (2, 4) float32: " in str(v.value)
    with pytest.raises(TypeError, match="got dtype int32"):
        tq.quantize(np.zeros(4, np.int32), "fp16")
    with pytest.raises(TypeError, match="uint16 array, got dtype float32"):
        tq.quantize(np.zeros(4, np.float32), "fp16", bfloat16=True)


def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 1024


def test_no_leak_over_10000_calls():
    x = awkward(np.float32)
    for _ in range(200):  # warm up allocators
        tq.quantize(x, "mxfp4")
    before = rss_kb()
    for i in range(10000):
        tq.quantize(x, "mxfp4" if i % 2 else "stochastic,6,3", seed=i)
        if i % 3 == 0:
            try:
                tq.Quantizer("nearest,8,x")
            except tq.QuantizerError:
                pass
    grown = rss_kb() - before
    # 10,000 results of 1.5 KB leaked would be 15 MB.
    assert grown < 4096, f"RSS grew by {grown} KB"


def test_threads():
    x = awkward(np.float32)
    specs = ["mxfp4", "stochastic,6,3", "nvfp4", "ternary"]
    want = {s: tq.quantize(x, s, seed=5).tobytes() for s in specs}
    big = np.random.default_rng(3).standard_normal(1 << 20).astype(np.float32)
    want_big = tq.quantize(big, "fp8_e4m3").tobytes()
    errors = []

    def work(k):
        try:
            for i in range(200):
                s = specs[(i + k) % len(specs)]
                if tq.quantize(x, s, seed=5).tobytes() != want[s]:
                    errors.append(s)
            if tq.quantize(big, "fp8_e4m3").tobytes() != want_big:
                errors.append("big")
        except Exception as e:  # pragma: no cover - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def big(dtype, n=2 * 65536 + 517):
    """Two whole chunks of the compiled path and a tail, specials spread
    through it (so that some fall in each chunk and in the tail)."""
    rng = np.random.default_rng(11)
    x = rng.standard_normal(n) * 2.0 ** rng.integers(-8, 8, n)
    for i, v in enumerate([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-6, 7.5e4,
                           0.375, -1.125]):
        x[i * 15013 % n] = v
    with np.errstate(over="ignore"):
        if dtype == "bf16":
            return to_bf16(x.astype(np.float32))
        return x.astype(dtype)


ELEMENTWISE = [s for s in SPECS if tq.Quantizer(s).elementwise]


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, "bf16"])
@pytest.mark.parametrize("spec", ELEMENTWISE)
def test_compiled_equals_the_reference(spec, dtype):
    """The compiled path (code of tq's CPU pipeline, in chunks over threads,
    the tail through the reference) gives the reference's bits."""
    x = big(dtype)
    bf16 = dtype == "bf16"
    try:
        want = tq.quantize(x, spec, seed=9, method="reference", bfloat16=bf16)
    except ValueError:
        pytest.skip(f"{spec} does not apply to {dtype}")
    for threads in (1, 2):
        got = tq.quantize(x, spec, seed=9, method="compiled", threads=threads,
                          bfloat16=bf16)
        assert got.tobytes() == want.tobytes(), threads
    # 'auto' picks the compiled path here; into a preallocated array.
    out = np.empty_like(x)
    assert tq.quantize(x, spec, seed=9, out=out, bfloat16=bf16) is not None
    assert out.tobytes() == want.tobytes()


def test_methods_and_out():
    x = big(np.float32)
    with pytest.raises(ValueError, match="method must be 'auto', 'reference' "
                                         "or 'compiled', got 'fast'"):
        tq.quantize(x, "fp16", method="fast")
    with pytest.raises(ValueError, match="out must be a writable C-contiguous "
                                         "array of the input's dtype and shape"):
        tq.quantize(x, "fp16", out=np.empty(x.size, np.float64))
    with pytest.raises(ValueError, match="out must be"):
        tq.quantize(x[:10], "fp16", out=np.empty(20, np.float32)[::2])
    # Small arrays go through the reference under 'auto': the same bits.
    s = x[:1000]
    assert (tq.quantize(s, "stochastic,6,3", seed=4).tobytes()
            == tq.quantize(s, "stochastic,6,3", seed=4, method="compiled").tobytes())


def test_format_and_params():
    q = tq.Quantizer("nearest,8,4")
    assert (q.format, q.params) == ("fixed", {"bits": 8, "frac": 4,
                                              "rounding": "nearest_away"})
    a = tq.Quantizer("affine,4,0.1;0.2,0;1,axis=0")
    assert a.params == {"bits": 4, "scale": [0.1, 0.2], "zero_point": [0, 1],
                        "axis": 0}
    g = tq.Quantizer("group_int,bits=3,group=16,sym")
    assert (g.format, g.params) == ("group_int", {"bits": 3, "group": 16,
                                                  "symmetric": True})
    # Defaults are not written: nvfp4 is block_scaled at its defaults.
    assert (tq.Quantizer("nvfp4").format, tq.Quantizer("nvfp4").params) == (
        "block_scaled", {})


BLOCKWISE = [s for s in SPECS if not tq.Quantizer(s).elementwise]


@pytest.mark.parametrize("finite", [False, True], ids=["special", "finite"])
@pytest.mark.parametrize("dtype", [np.float32, np.float16, "bf16"])
@pytest.mark.parametrize("spec", BLOCKWISE)
def test_shaped_kernel_equals_the_reference(spec, dtype, finite):
    """Blocks, channels and whole-tensor statistics compiled for the array's
    shape (what 'auto' does from 2^20 elements) give the reference's bits."""
    bf16 = dtype == "bf16"
    x = to_bf16(awkward(np.float32, finite=finite)) if bf16 else \
        awkward(dtype, finite=finite)
    want = tq.quantize(x, spec, seed=9, method="reference", bfloat16=bf16)
    got = tq.quantize(x, spec, seed=9, method="compiled", bfloat16=bf16)
    assert got.tobytes() == want.tobytes()


def test_auto_compiles_large_blockwise_arrays():
    x = np.random.default_rng(2).standard_normal((1024, 1024)).astype(np.float32)
    for spec in ("mxfp4", "nvfp4,stochastic"):
        assert (tq.quantize(x, spec, seed=1).tobytes()
                == tq.quantize(x, spec, seed=1, method="reference").tobytes())
