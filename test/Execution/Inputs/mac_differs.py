"""Fails unless the model's result (DIR/out.npy) differs from the float
contraction (DIR/plain.npy) somewhere and has finite values, so that a test
of a model that changed nothing cannot pass."""
import os
import sys

import numpy as np

d = sys.argv[1]
out = np.load(os.path.join(d, "out.npy"))
plain = np.load(os.path.join(d, "plain.npy"))
if not np.isfinite(out).any():
    sys.exit("mac_differs: no finite result")
if np.array_equal(out, plain):
    sys.exit("mac_differs: the model changed nothing")
