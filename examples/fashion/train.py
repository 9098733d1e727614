#!/usr/bin/python3
"""Train a small CNN on Fashion-MNIST with PyTorch and export it as ONNX.

The network (NCHW, float32; input: pixel / 255, N x 1 x 28 x 28, nothing
else; scripts/fashion_data.py writes the same inputs as .npy):

    conv1   3x3, 1 -> 8 channels, pad 1, + bias     relu1   pool1 2x2 -> 8x14x14
    conv2   3x3, 8 -> 16 channels, pad 1, + bias    relu2   pool2 2x2 -> 16x7x7
    flatten in (c, h, w) order                                        -> 784
    fc1     784 -> 64, + bias                       relu3
    fc2     64 -> 10, + bias                                          -> logits

52,138 parameters (fc1 has 50,240 of them); 0.666 MFLOP per image (2 per
multiply-accumulate: conv1 0.113, conv2 0.452, fc1 0.100, fc2 0.001; bias
adds, ReLU and pooling not counted).

Training: the 60,000 training images, softmax cross-entropy, Adam (lr 1e-3,
halved after epochs 6 and 9), batch 64, 12 epochs, in an order drawn from a
torch.Generator seeded with --seed; deterministic algorithms, 2 threads.
The same (--seed, --epochs) on the same machine gives the same weights.

On this 2-core machine (Debian's torch 1.13 CPU, 2 threads, 2026-12-06):
140 s of training on an otherwise idle machine (12 epochs of 10-13 s),
2.5 min with loading and export; 150-210 s while other work ran
beside it (the committed reference.json is from such a run: 210 s). Float
test accuracy 0.9088 (9088/10000). Three runs gave byte-identical
model.onnx and reference_logits16.npy.

Outputs, in --out (default: this script's directory):

    model.onnx               opset 17, input "image" [batch, 1, 28, 28],
                             output "logits" [batch, 10] (batch dynamic)
    reference.json           PyTorch float accuracy on the 10,000 test
                             images, correct count, epochs, seed, time
    reference_logits16.npy   float32 16 x 10: the logits PyTorch computes
                             for the first 16 test images

    /usr/bin/python3 examples/fashion/train.py [--out DIR] [--epochs N] [--seed S]
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
import fashion_data  # noqa: E402  (the reader and the input normalisation)

BATCH = 64
LEARNING_RATE = 1e-3
LR_MILESTONES = (6, 9)  # halve the learning rate after these epochs
THREADS = 2


class FashionCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, kernel_size=3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, kernel_size=3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(16 * 7 * 7, 64)
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(64, 10)

    def forward(self, image):
        x = self.pool1(self.relu1(self.conv1(image)))
        x = self.pool2(self.relu2(self.conv2(x)))
        x = self.relu3(self.fc1(self.flatten(x)))
        return self.fc2(x)


def flops_per_image(model):
    """Multiplies and adds of the convolutions and linear layers (2 per
    multiply-accumulate; bias adds not counted), for one 1x28x28 image."""
    total = 0
    hw = 28 * 28
    for conv in (model.conv1, model.conv2):
        k = conv.in_channels * conv.kernel_size[0] * conv.kernel_size[1]
        total += hw * conv.out_channels * 2 * k
        hw //= 4  # the 2x2 pool after each
    for fc in (model.fc1, model.fc2):
        total += fc.out_features * 2 * fc.in_features
    return total


def evaluate(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            logits = model(x[i:i + batch])
            correct += int((logits.argmax(1) == y[i:i + batch]).sum())
    return correct


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=HERE)
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()

    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(THREADS)

    try:
        x_train, y_train = fashion_data.load("train")
        x_test, y_test = fashion_data.load("test")
    except fashion_data.DataError as e:
        sys.exit(f"train.py: error: {e}")
    x_train, y_train = torch.from_numpy(x_train), torch.from_numpy(y_train)
    x_test, y_test = torch.from_numpy(x_test), torch.from_numpy(y_test)
    print(f"data: train {tuple(x_train.shape)}, test {tuple(x_test.shape)}")

    model = FashionCNN()
    params = sum(t.numel() for t in model.parameters())
    flops = flops_per_image(model)
    print(f"model: {params} parameters, {flops / 1e6:.3f} MFLOP per image")
    opt = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, LR_MILESTONES, 0.5)
    order = torch.Generator().manual_seed(args.seed)

    start = time.perf_counter()
    n = len(y_train)
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        model.train()
        perm = torch.randperm(n, generator=order)
        loss_sum, right = 0.0, 0
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            xb, yb = x_train[idx], y_train[idx]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += float(loss) * len(idx)
            right += int((logits.argmax(1) == yb).sum())
        sched.step()
        test_right = evaluate(model, x_test, y_test)
        print(f"epoch {epoch:2d}/{args.epochs}: loss {loss_sum / n:.4f}, "
              f"train {right / n:.4f}, test {test_right / len(y_test):.4f}, "
              f"{time.perf_counter() - t0:.1f} s", flush=True)
    seconds = time.perf_counter() - start

    model.eval()
    correct = evaluate(model, x_test, y_test)
    accuracy = correct / len(y_test)
    with torch.no_grad():
        logits16 = model(x_test[:16]).numpy().astype(np.float32)
    print(f"trained in {seconds:.0f} s; float test accuracy {accuracy:.4f} "
          f"({correct}/{len(y_test)})")

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    # The exporter's default, do_constant_folding=True, keeps the
    # initializers' PyTorch names (conv1.weight, ...) and the nodes' module
    # paths (/conv1/Conv, ...): this network has nothing to fold, and
    # do_constant_folding=False writes a byte-identical file.
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), onnx_path,
                      opset_version=17, input_names=["image"],
                      output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"},
                                    "logits": {0: "batch"}})
    np.save(os.path.join(args.out, "reference_logits16.npy"), logits16)
    reference = {
        "accuracy": accuracy,
        "correct": correct,
        "test_images": len(y_test),
        "epochs": args.epochs,
        "seed": args.seed,
        "batch": BATCH,
        "train_seconds": round(seconds, 1),
        "threads": THREADS,
        "torch": torch.__version__,
        "parameters": params,
        "flops_per_image": flops,
        "input": "pixel / 255, float32, N x 1 x 28 x 28",
    }
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(reference, f, indent=2)
        f.write("\n")
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes), "
          f"reference.json, reference_logits16.npy")


if __name__ == "__main__":
    main()
