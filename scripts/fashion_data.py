#!/usr/bin/python3
"""Fashion-MNIST as .npy files for tq-run and tq-sweep.

    /usr/bin/python3 scripts/fashion_data.py OUTDIR [--count N] [--train]

Reads the IDX files of Debian's dataset-fashion-mnist package
(/usr/share/datasets/fashion-mnist/*.gz; another directory with
--data-dir or $FASHION_MNIST_DIR) with numpy alone and writes

    OUTDIR/test_x.npy    float32, N x 1 x 28 x 28: pixel / 255, the input
                         examples/fashion/train.py feeds the model (no
                         other normalisation)
    OUTDIR/test_y.npy    int64, N: the labels 0-9 (tq-sweep --labels takes
                         any integer dtype; int64 as in examples/digits)

N is --count (default and largest: 10000), the first N test images in the
file's order. --train also writes train_x.npy and train_y.npy (all 60,000).

Nothing is written when every output is already there, newer than the
inputs and this script, and of the requested size: running it again is
instant. Outputs are written to a temporary file and renamed into place.
"""

import argparse
import gzip
import os
import struct
import sys

import numpy as np

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"
FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


class DataError(Exception):
    pass


def data_dir(override=None):
    return override or os.environ.get("FASHION_MNIST_DIR") or DEFAULT_DIR


def input_paths(split, directory=None):
    d = data_dir(directory)
    return tuple(os.path.join(d, f) for f in FILES[split])


def read_idx(path):
    """The array in an IDX file (gzip-compressed): unsigned bytes only."""
    if not os.path.exists(path):
        raise DataError(
            f"{path} not found: install Debian's dataset-fashion-mnist "
            f"(sudo apt-get install dataset-fashion-mnist), or point "
            f"--data-dir / $FASHION_MNIST_DIR at a directory with the four "
            f"Fashion-MNIST *-ubyte.gz files")
    with gzip.open(path, "rb") as f:
        data = f.read()
    if len(data) < 4:
        raise DataError(f"{path}: truncated IDX header")
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise DataError(f"{path}: not an IDX file of unsigned bytes "
                        f"(magic {data[:4].hex()})")
    header = 4 + 4 * ndim
    shape = struct.unpack(f">{ndim}I", data[4:header])
    count = int(np.prod(shape))
    if len(data) != header + count:
        raise DataError(f"{path}: {len(data) - header} bytes of data for "
                        f"shape {shape}")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def load(split, directory=None, count=None):
    """(x, y) of `split` ("train" or "test"): x float32 N x 1 x 28 x 28 with
    pixel / 255, y int64 N. `count` keeps the first `count` samples."""
    images_path, labels_path = input_paths(split, directory)
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise DataError(f"{images_path}: images of shape {images.shape}, "
                        f"expected N x 28 x 28")
    if labels.shape != (images.shape[0],):
        raise DataError(f"{labels_path}: {labels.shape} labels for "
                        f"{images.shape[0]} images")
    if count is not None:
        images, labels = images[:count], labels[:count]
    x = (images.astype(np.float32) / np.float32(255.0))[:, np.newaxis]
    return np.ascontiguousarray(x), labels.astype(np.int64)


def up_to_date(outputs, inputs, count):
    """Whether every output exists, is newer than every input (and this
    script), and holds `count` samples."""
    if not all(os.path.exists(p) for p in outputs):
        return False
    newest_input = max(os.path.getmtime(p) for p in inputs)
    if min(os.path.getmtime(p) for p in outputs) < newest_input:
        return False
    try:
        return all(np.load(p, mmap_mode="r").shape[0] == count
                   for p in outputs)
    except (ValueError, OSError):
        return False


def save(path, array):
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "wb") as f:
            np.save(f, array)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_split(outdir, split, prefix, count, directory):
    outputs = [os.path.join(outdir, f"{prefix}_{k}.npy") for k in ("x", "y")]
    inputs = list(input_paths(split, directory)) + [os.path.abspath(__file__)]
    for p in inputs[:2]:
        if not os.path.exists(p):
            read_idx(p)  # raises the message naming the missing file
    if up_to_date(outputs, inputs, count):
        print(f"fashion_data: {outputs[0]}, {outputs[1]} up to date "
              f"({count} samples)")
        return
    x, y = load(split, directory, count)
    if len(y) < count:
        raise DataError(f"--count {count}: the {split} set has only "
                        f"{len(y)} samples")
    save(outputs[0], x)
    save(outputs[1], y)
    print(f"fashion_data: wrote {outputs[0]} {x.dtype} {x.shape}, "
          f"{outputs[1]} {y.dtype} {y.shape}")


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Write Fashion-MNIST as .npy inputs (pixel/255, "
                    "N x 1 x 28 x 28 float32) and int64 labels.")
    p.add_argument("outdir")
    p.add_argument("--count", type=int, default=10000,
                   help="test samples to write, the first N (default and "
                        "largest: 10000)")
    p.add_argument("--train", action="store_true",
                   help="also write train_x.npy and train_y.npy (60,000)")
    p.add_argument("--data-dir", default=None,
                   help=f"where the *-ubyte.gz files are (default "
                        f"$FASHION_MNIST_DIR or {DEFAULT_DIR})")
    args = p.parse_args(argv)
    if not 1 <= args.count <= 10000:
        p.error(f"--count must lie in 1-10000, got {args.count}")
    try:
        os.makedirs(args.outdir, exist_ok=True)
        write_split(args.outdir, "test", "test", args.count, args.data_dir)
        if args.train:
            write_split(args.outdir, "train", "train", 60000, args.data_dir)
    except DataError as e:
        print(f"fashion_data.py: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
