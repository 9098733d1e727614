"""compare.py REF OUT... : for each pair of .npy files (ref, out), prints
'NAME: ok' when out equals ref within rtol 1e-5 relative to the largest
|ref| (normwise) and numpy.allclose(rtol=1e-5, atol=1e-6) elementwise, else
the largest errors."""
import sys

import numpy as np

args = sys.argv[1:]
for ref, out in zip(args[0::2], args[1::2]):
    a, b = np.load(out).astype(np.float64), np.load(ref).astype(np.float64)
    d = np.abs(a - b)
    normwise = d.max() / np.abs(b).max()
    ok = a.shape == b.shape and normwise <= 1e-5 and np.allclose(a, b, 1e-5, 1e-6)
    name = ref.rsplit("/", 1)[-1]
    print("%s: %s" % (name, "ok" if ok else "max abs %.3g, normwise %.3g" % (d.max(), normwise)))
