#!/usr/bin/python3
"""PyTorch autograd's loss and gradients for the Fashion-MNIST network
(examples/fashion/model.onnx, its weights read from the ONNX file) on the
first 4 images of test/Import/Inputs/fashion16_x.npy with fixed labels:
the reference test/Autodiff/fashion-grad.test compares tq-differentiate
with. Needs Debian's python3-torch and python3-onnx; the tests do not.

    /usr/bin/python3 test/Autodiff/Inputs/make_reference.py test/Autodiff/Inputs

Gradients are written in the layout of tq's imported parameters (conv
weights OHWI, Linear weights [1, in, out], Linear biases [1, out]), in the
order @main_params returns them, as grad_K.npy; the input's gradient as
grad_x.npy; the loss as loss.npy (shape (1,)), the logits as logits.npy."""
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
sys.path.insert(0, os.path.join(ROOT, "examples", "fashion"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from train import FashionCNN  # noqa: E402

out = sys.argv[1] if len(sys.argv) > 1 else HERE
torch.manual_seed(0)
model = FashionCNN()
weights = {t.name: numpy_helper.to_array(t)
           for t in onnx.load(os.path.join(ROOT, "examples", "fashion", "model.onnx")).graph.initializer}
model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in weights.items()})
x = np.load(os.path.join(ROOT, "test", "Import", "Inputs", "fashion16_x.npy"))[:4]
labels = np.array([3, 0, 7, 5], np.int32)  # not the true classes: large gradients
xt = torch.from_numpy(x.copy()).requires_grad_(True)
logits = model(xt)
loss = torch.nn.functional.cross_entropy(logits, torch.from_numpy(labels).long())
loss.backward()
np.save(os.path.join(out, "x.npy"), x)
np.save(os.path.join(out, "labels.npy"), labels)
np.save(os.path.join(out, "loss.npy"), np.array([loss.item()], np.float32))
np.save(os.path.join(out, "logits.npy"), logits.detach().numpy())
np.save(os.path.join(out, "grad_x.npy"), xt.grad.numpy())
p = dict(model.named_parameters())
g = {k: v.grad.numpy() for k, v in p.items()}
ordered = [g["conv1.bias"], g["conv1.weight"].transpose(0, 2, 3, 1),
           g["conv2.bias"], g["conv2.weight"].transpose(0, 2, 3, 1),
           g["fc1.weight"].T[None], g["fc1.bias"][None],
           g["fc2.weight"].T[None], g["fc2.bias"][None]]
for k, a in enumerate(ordered):
    np.save(os.path.join(out, "grad_%d.npy" % k), np.ascontiguousarray(a, np.float32))
print("loss", loss.item())

# Three steps of plain SGD (lr 0.1) from the same weights on images 0-3, 4-7
# and 8-11 with fixed labels: the losses and the parameters after the third
# step, in tq's layout (sgd_loss_K.npy, sgd_param_K.npy); the batches as
# sgd_x_K.npy / sgd_labels_K.npy.
model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in weights.items()})
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
all_x = np.load(os.path.join(ROOT, "test", "Import", "Inputs", "fashion16_x.npy"))
all_labels = np.array([3, 0, 7, 5, 1, 8, 2, 9, 4, 6, 0, 3], np.int32)
for step in range(3):
    bx = all_x[4 * step:4 * step + 4]
    by = all_labels[4 * step:4 * step + 4]
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(bx.copy())),
                                             torch.from_numpy(by).long())
    loss.backward()
    optimizer.step()
    np.save(os.path.join(out, "sgd_x_%d.npy" % step), bx)
    np.save(os.path.join(out, "sgd_labels_%d.npy" % step), by)
    np.save(os.path.join(out, "sgd_loss_%d.npy" % step),
            np.array([loss.item()], np.float32))
    print("step", step, "loss", loss.item())
p = dict(model.named_parameters())
ordered = [p["conv1.bias"], p["conv1.weight"].detach().numpy().transpose(0, 2, 3, 1),
           p["conv2.bias"], p["conv2.weight"].detach().numpy().transpose(0, 2, 3, 1),
           p["fc1.weight"].detach().numpy().T[None], p["fc1.bias"].detach().numpy()[None],
           p["fc2.weight"].detach().numpy().T[None], p["fc2.bias"].detach().numpy()[None]]
for k, a in enumerate(ordered):
    a = a.detach().numpy() if isinstance(a, torch.Tensor) else a
    np.save(os.path.join(out, "sgd_param_%d.npy" % k), np.ascontiguousarray(a, np.float32))

# tq-train against torch.optim end to end: 12 examples (fashion16_x.npy
# 0-11, labels all_labels), batch 4, one epoch in tq-train's order for seed
# 0 (examples/fashion/train_reference.py's epoch_order), from model.onnx's
# weights: SGD with momentum 0.9 and weight decay 0.01 (lr 0.05), and Adam
# (lr 0.01, weight decay 0.001). Saved: the mean of the three batch losses
# (train_<name>_loss.npy) and the trained model's logits on the 16 images of
# fashion16_x.npy (train_<name>_logits.npy); the 12 examples as
# train12_x.npy / train12_y.npy.
from train_reference import epoch_order  # noqa: E402

np.save(os.path.join(out, "train12_x.npy"), all_x[:12])
np.save(os.path.join(out, "train12_y.npy"), all_labels)
order = epoch_order(12, 0, 0)
print("order", list(order))
for name, make in [
        ("momentum", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9,
                                                weight_decay=0.01, foreach=False)),
        ("adam", lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.001,
                                             foreach=False))]:
    model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in weights.items()})
    optimizer = make(model.parameters())
    losses = []
    for step in range(3):
        idx = order[4 * step:4 * step + 4]
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(
            model(torch.from_numpy(all_x[idx].copy())),
            torch.from_numpy(all_labels[idx]).long())
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with torch.no_grad():
        logits = model(torch.from_numpy(all_x.copy())).numpy()
    np.save(os.path.join(out, "train_%s_loss.npy" % name),
            np.array([np.mean(np.array(losses, np.float64))], np.float64))
    np.save(os.path.join(out, "train_%s_logits.npy" % name), logits)
    print(name, "losses", losses)
