#!/usr/bin/python3
"""PyTorch reference training runs for tq-train (the Fashion-MNIST CNN).

tq-train trains an ONNX model in emulated number formats; this script
trains the same network (FashionCNN, imported from train.py) with PyTorch
on the same data order and hyperparameters, so the two can be compared
epoch by epoch. Its outputs are committed; the tests do not run it.

    /usr/bin/python3 examples/fashion/train_reference.py --export-init PATH [--seed S]
    /usr/bin/python3 examples/fashion/train_reference.py --print-order [--seed S] [--batch B]
    /usr/bin/python3 examples/fashion/train_reference.py --init examples/fashion/init.onnx \\
        --optimizer adam|sgd --lr LR [--epochs N] [--batch B] [--seed S] \\
        [--schedule constant|step|cosine] [--step-size K] [--gamma G] \\
        [--momentum M] [--weight-decay W] [--beta1 B1] [--beta2 B2] [--eps E] \\
        [--threads T] [--csv PATH] [--save-onnx PATH]

Semantics (what tq-train implements):

  Data      scripts/fashion_data.py: pixel / 255, float32 N x 1 x 28 x 28,
            int64 labels; 60,000 training and 10,000 test images.
  Init      --export-init PATH: torch.manual_seed(seed), an untrained
            FashionCNN (PyTorch's default initialisation), exported like
            train.py (opset 17, input "image", output "logits", batch
            dynamic). examples/fashion/init.onnx is seed 0. Training reads
            the initializers of --init (named conv1.weight, ..., the
            parameter names) into the model's state_dict.
  Order     epoch e (0-based), seed S: SplitMix64 (arithmetic mod 2^64)
              state = S ^ ((e + 1) * 0xD1B54A32D192ED03)
              next(): state += 0x9E3779B97F4A7C15; z = state
                      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
                      z = (z ^ (z >> 27)) * 0x94D049BB133111EB
                      return z ^ (z >> 31)
            perm = [0, ..., n-1]; for i = n-1 down to 1:
            j = next() % (i + 1); swap(perm[i], perm[j]).
            Batch b is perm[b*B:(b+1)*B], b = 0 .. n//B - 1 (the last
            partial batch is dropped).
            Seed 0, n = 60000: epoch 0 starts
              12873 42828 28705 851 45150 47736 21000 42110
            and epoch 1 starts
              24552 26546 54589 40728 3944 10832 59386 19665
            (--print-order prints them).
  Loss      mean softmax cross-entropy of the batch (F.cross_entropy).
  Optimizer torch.optim.SGD (momentum, weight decay; no dampening, no
            nesterov) or torch.optim.Adam (beta1, beta2, eps, weight
            decay), both with foreach=False.
  LR        set into every param_group at the start of epoch e, in Python
            double: constant lr; step lr * gamma ** (e // step_size);
            cosine lr * 0.5 * (1 + cos(pi * e / epochs)).
  Threads   torch.set_num_threads(--threads, default 2);
            torch.use_deterministic_algorithms(True).
  Epoch     train loss = mean of the epoch's batch losses (double); test
            loss = mean cross-entropy over the 10,000 test images (eval
            mode, batches of 1000; per-image losses summed in double);
            test accuracy; seconds = time of the training part only.

CSV (--csv): epoch,lr,train_loss,test_loss,test_accuracy,seconds with
epoch 1-based and floats in repr precision.
"""

import argparse
import csv
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
import fashion_data  # noqa: E402
from train import FashionCNN  # noqa: E402

MASK64 = (1 << 64) - 1
EPOCH_MUL = 0xD1B54A32D192ED03
GAMMA = 0x9E3779B97F4A7C15
MIX1 = 0xBF58476D1CE4E5B9
MIX2 = 0x94D049BB133111EB


def splitmix64_stream(state, count):
    """The next `count` outputs of SplitMix64 from `state` (uint64 array).
    The k-th call (1-based) mixes state + k * GAMMA, so all of them are
    computed at once; numpy uint64 arithmetic wraps mod 2^64."""
    k = np.arange(1, count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(state) + k * np.uint64(GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(MIX1)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(MIX2)
        return z ^ (z >> np.uint64(31))


def epoch_order(n, seed, epoch):
    """The permutation of range(n) for `epoch` (0-based): Fisher-Yates
    driven by SplitMix64 seeded with seed ^ ((epoch + 1) * EPOCH_MUL)."""
    state = (seed ^ (((epoch + 1) * EPOCH_MUL) & MASK64)) & MASK64
    perm = np.arange(n, dtype=np.int64)
    if n < 2:
        return perm
    draws = splitmix64_stream(state, n - 1)          # for i = n-1 .. 1
    bounds = np.arange(n, 1, -1, dtype=np.uint64)    # i + 1
    js = (draws % bounds).astype(np.int64).tolist()
    p = perm.tolist()
    i = n - 1
    for j in js:
        p[i], p[j] = p[j], p[i]
        i -= 1
    return np.asarray(p, dtype=np.int64)


def export_onnx(model, path):
    """As train.py: opset 17, input "image", output "logits", batch
    dynamic; initializers keep the parameter names, nodes the module
    paths."""
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), path,
                      opset_version=17, input_names=["image"],
                      output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"},
                                    "logits": {0: "batch"}})


def load_init(model, path):
    """Copy the initializers of the ONNX file `path` into `model` by name;
    names and shapes must match the state_dict exactly."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(path).graph
    weights = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    state = model.state_dict()
    missing = sorted(set(state) - set(weights))
    extra = sorted(set(weights) - set(state))
    if missing or extra:
        sys.exit(f"train_reference.py: error: {path}: initializers do not "
                 f"match the model (missing {missing}, unexpected {extra})")
    new_state = {}
    for name, tensor in state.items():
        w = weights[name]
        if tuple(w.shape) != tuple(tensor.shape):
            sys.exit(f"train_reference.py: error: {path}: {name} has shape "
                     f"{tuple(w.shape)}, the model {tuple(tensor.shape)}")
        if w.dtype != np.float32:
            sys.exit(f"train_reference.py: error: {path}: {name} is "
                     f"{w.dtype}, expected float32")
        new_state[name] = torch.from_numpy(np.array(w, copy=True))
    model.load_state_dict(new_state, strict=True)


def learning_rate(args, epoch):
    if args.schedule == "constant":
        return args.lr
    if args.schedule == "step":
        return args.lr * args.gamma ** (epoch // args.step_size)
    return args.lr * 0.5 * (1.0 + math.cos(math.pi * epoch / args.epochs))


def evaluate(model, x, y, batch=1000):
    """(mean cross-entropy, accuracy) over all of x, in eval mode."""
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            logits = model(x[i:i + batch])
            losses = F.cross_entropy(logits, y[i:i + batch], reduction="none")
            loss_sum += float(losses.double().sum())
            correct += int((logits.argmax(1) == y[i:i + batch]).sum())
    return loss_sum / len(y), correct / len(y)


def make_optimizer(args, params):
    if args.optimizer == "sgd":
        return torch.optim.SGD(params, lr=args.lr, momentum=args.momentum,
                               dampening=0, weight_decay=args.weight_decay,
                               nesterov=False, foreach=False)
    return torch.optim.Adam(params, lr=args.lr,
                            betas=(args.beta1, args.beta2), eps=args.eps,
                            weight_decay=args.weight_decay, foreach=False)


def train(args):
    try:
        x_train, y_train = fashion_data.load("train")
        x_test, y_test = fashion_data.load("test")
    except fashion_data.DataError as e:
        sys.exit(f"train_reference.py: error: {e}")
    x_train, y_train = torch.from_numpy(x_train), torch.from_numpy(y_train)
    x_test, y_test = torch.from_numpy(x_test), torch.from_numpy(y_test)

    model = FashionCNN()
    load_init(model, args.init)
    opt = make_optimizer(args, model.parameters())
    n = len(y_train)
    batches = n // args.batch
    print(f"train_reference: {args.optimizer}, lr {args.lr!r} "
          f"({args.schedule}), batch {args.batch}, {batches} batches per "
          f"epoch, {args.epochs} epochs, seed {args.seed}, init {args.init}",
          flush=True)

    rows = []
    total = 0.0
    for epoch in range(args.epochs):
        lr = learning_rate(args, epoch)
        for group in opt.param_groups:
            group["lr"] = lr
        perm = torch.from_numpy(epoch_order(n, args.seed, epoch))
        t0 = time.perf_counter()
        model.train()
        loss_sum = 0.0
        for b in range(batches):
            idx = perm[b * args.batch:(b + 1) * args.batch]
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += float(loss)
        seconds = time.perf_counter() - t0
        total += seconds
        train_loss = loss_sum / batches
        test_loss, accuracy = evaluate(model, x_test, y_test)
        rows.append((epoch + 1, lr, train_loss, test_loss, accuracy, seconds))
        print(f"epoch {epoch + 1}/{args.epochs}: lr {lr:.6g}, train loss "
              f"{train_loss:.6f}, test loss {test_loss:.6f}, test accuracy "
              f"{accuracy:.4f}, {seconds:.1f} s", flush=True)
    print(f"trained in {total:.1f} s", flush=True)

    if args.csv:
        d = os.path.dirname(os.path.abspath(args.csv))
        os.makedirs(d, exist_ok=True)
        with open(args.csv, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["epoch", "lr", "train_loss", "test_loss",
                        "test_accuracy", "seconds"])
            for e, lr, tl, vl, acc, s in rows:
                w.writerow([e, repr(float(lr)), repr(tl), repr(vl),
                            repr(acc), repr(s)])
        print(f"wrote {args.csv}")
    if args.save_onnx:
        export_onnx(model, args.save_onnx)
        print(f"wrote {args.save_onnx}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--export-init", metavar="PATH",
                      help="write the untrained model (seed --seed) as ONNX")
    mode.add_argument("--print-order", action="store_true",
                      help="print the first 8 indices of epochs 0 and 1")
    mode.add_argument("--init", metavar="ONNX",
                      help="train from the initializers of this ONNX file")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--optimizer", choices=("sgd", "adam"), default="sgd")
    p.add_argument("--lr", type=float, default=None)
    p.add_argument("--schedule", choices=("constant", "step", "cosine"),
                   default="constant")
    p.add_argument("--step-size", type=int, default=1)
    p.add_argument("--gamma", type=float, default=0.1)
    p.add_argument("--momentum", type=float, default=0.0)
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--beta1", type=float, default=0.9)
    p.add_argument("--beta2", type=float, default=0.999)
    p.add_argument("--eps", type=float, default=1e-8)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--csv", metavar="PATH")
    p.add_argument("--save-onnx", metavar="PATH")
    args = p.parse_args()
    if not 0 <= args.seed < 1 << 64:
        p.error("--seed must lie in 0 .. 2^64-1")

    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    if args.export_init:
        torch.manual_seed(args.seed)
        model = FashionCNN()
        export_onnx(model, args.export_init)
        print(f"wrote {args.export_init} (untrained, seed {args.seed}, "
              f"{os.path.getsize(args.export_init)} bytes)")
        return
    if args.print_order:
        n = 60000
        for epoch in (0, 1):
            first = epoch_order(n, args.seed, epoch)[:8]
            print(f"seed {args.seed} epoch {epoch}: "
                  + " ".join(str(int(v)) for v in first))
        return
    if args.lr is None:
        p.error("--lr is required for training")
    if args.epochs < 1 or args.batch < 1 or args.step_size < 1:
        p.error("--epochs, --batch and --step-size must be positive")
    train(args)


if __name__ == "__main__":
    main()
