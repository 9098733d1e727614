"""Writes malformed and mismatching .npy files for errors.test into argv[1]."""
import os
import sys

import numpy as np

d = sys.argv[1]
good = np.zeros((2, 3), np.float32)
np.save(os.path.join(d, "good.npy"), good)
np.save(os.path.join(d, "y.npy"), np.zeros((1, 3), np.float32))
np.save(os.path.join(d, "f64.npy"), np.zeros((2, 3), np.float64))
np.save(os.path.join(d, "shape.npy"), np.zeros((3, 2), np.float32))
np.save(os.path.join(d, "batch3.npy"), np.zeros((6, 3), np.float32))
np.save(os.path.join(d, "complex.npy"), np.zeros((2, 3), np.complex64))
np.save(os.path.join(d, "fortran.npy"), np.asfortranarray(good))
np.save(os.path.join(d, "big.npy"), good.astype(">f4"))
with open(os.path.join(d, "good.npy"), "rb") as f:
    data = f.read()
with open(os.path.join(d, "truncated.npy"), "wb") as f:
    f.write(data[:-4])
with open(os.path.join(d, "extra.npy"), "wb") as f:
    f.write(data + b"\0\0\0\0")
with open(os.path.join(d, "text.npy"), "w") as f:
    f.write("0 1 2\n3 4 5\n")
# Format version 2.0 (4-byte header length) is read like 1.0.
with open(os.path.join(d, "v2.npy"), "wb") as f:
    np.lib.format.write_array(f, good + 1, version=(2, 0))


def header_only(name, descr, shape):
    """A valid header that claims `shape` and no data."""
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(os.path.join(d, name), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little"))
        f.write(header.encode())


# Shapes whose byte count overflows 64 bits, or is far beyond the file.
header_only("huge.npy", "<f4", "(%d, 3)" % 2**62)
header_only("huge4.npy", "<f4", "(%d, 8, 8, 1)" % 2**56)
header_only("large.npy", "<f4", "(%d,)" % 2**40)
