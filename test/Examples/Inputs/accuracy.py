"""Prints top-1 accuracy of logits (argv[1], .npy) against labels (argv[2])."""
import sys

import numpy as np

logits = np.load(sys.argv[1])
labels = np.load(sys.argv[2])
right = int((logits.argmax(axis=1) == labels).sum())
print(f"top-1 {right}/{len(labels)}")
