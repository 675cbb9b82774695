#!/usr/bin/python3
"""Writes torch_conv.json: PyTorch's conv2d, conv_transpose2d, max_pool2d and
avg_pool2d on fixed random inputs, with their outputs and the gradients of
sum(out * r) for a fixed random r, all in float64.

Run by hand from this directory with Debian's python3 and torch 1.13:

    /usr/bin/python3 gen_torch_conv.py

The Go test TestConvMatchesTorch (ops/conv_torch_test.go) reads the file; CI
never needs Python.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(20261201)
torch.set_default_dtype(torch.float64)


def flat(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


cases = []


def conv(name, x_shape, w_shape, stride=1, padding=0, dilation=1, groups=1):
    x = torch.randn(*x_shape, requires_grad=True)
    w = torch.randn(*w_shape, requires_grad=True)
    out = F.conv2d(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
    r = torch.randn(*out.shape)
    (out * r).sum().backward()
    pair = lambda v: list(v) if isinstance(v, tuple) else [v, v]
    cases.append({"op": "conv2d", "name": name, "stride": pair(stride), "padding": pair(padding),
                  "dilation": pair(dilation), "groups": groups,
                  "x": flat(x), "w": flat(w), "out": flat(out), "r": flat(r),
                  "dx": flat(x.grad), "dw": flat(w.grad)})


def convt(name, x_shape, w_shape, stride=1, padding=0, output_padding=0, dilation=1, groups=1):
    x = torch.randn(*x_shape, requires_grad=True)
    w = torch.randn(*w_shape, requires_grad=True)
    out = F.conv_transpose2d(x, w, stride=stride, padding=padding, output_padding=output_padding,
                             dilation=dilation, groups=groups)
    r = torch.randn(*out.shape)
    (out * r).sum().backward()
    pair = lambda v: list(v) if isinstance(v, tuple) else [v, v]
    cases.append({"op": "conv_transpose2d", "name": name, "stride": pair(stride), "padding": pair(padding),
                  "output_padding": pair(output_padding), "dilation": pair(dilation), "groups": groups,
                  "x": flat(x), "w": flat(w), "out": flat(out), "r": flat(r),
                  "dx": flat(x.grad), "dw": flat(w.grad)})


def pool(op, name, x_shape, kernel, stride=None, padding=0):
    x = torch.randn(*x_shape, requires_grad=True)
    if op == "max_pool2d":
        out = F.max_pool2d(x, kernel, stride=stride, padding=padding)
    else:
        out = F.avg_pool2d(x, kernel, stride=stride, padding=padding)  # count_include_pad=True
    r = torch.randn(*out.shape)
    (out * r).sum().backward()
    pair = lambda v: [0, 0] if v is None else (list(v) if isinstance(v, tuple) else [v, v])
    cases.append({"op": op, "name": name, "kernel": pair(kernel), "stride": pair(stride),
                  "padding": pair(padding), "x": flat(x), "out": flat(out), "r": flat(r),
                  "dx": flat(x.grad)})


conv("defaults", (2, 3, 7, 6), (4, 3, 3, 3))
conv("stride 2 padding 1", (2, 3, 8, 7), (5, 3, 3, 3), stride=2, padding=1)
conv("non-square kernel, per-axis stride and padding", (1, 2, 9, 8), (3, 2, 2, 4), stride=(2, 1), padding=(1, 2))
conv("dilation 2", (2, 2, 9, 9), (3, 2, 3, 3), dilation=2, padding=1)
conv("groups 2", (2, 4, 6, 6), (6, 2, 3, 3), groups=2, padding=1)
conv("depthwise", (2, 3, 7, 7), (6, 1, 3, 3), groups=3, stride=2, padding=1)
conv("1x1", (2, 5, 4, 3), (3, 5, 1, 1))
conv("1x1 stride 2", (2, 4, 5, 5), (3, 4, 1, 1), stride=2)
conv("floor drops rows", (1, 2, 8, 8), (2, 2, 3, 3), stride=3, dilation=(1, 2), padding=(0, 1))
convt("defaults", (2, 3, 4, 5), (3, 2, 3, 3))
convt("stride 2 padding 1 output padding 1", (2, 3, 4, 4), (3, 4, 3, 3), stride=2, padding=1, output_padding=1)
convt("per axis, output padding below dilation", (1, 2, 3, 4), (2, 3, 2, 3), stride=(2, 1), padding=(1, 0),
      output_padding=(1, 1), dilation=(1, 2))
convt("groups 2", (2, 4, 3, 3), (4, 1, 3, 2), groups=2, stride=2)
pool("max_pool2d", "2x2", (2, 3, 6, 6), 2)
pool("max_pool2d", "3x3 stride 2 padding 1", (2, 2, 7, 8), 3, stride=2, padding=1)
pool("max_pool2d", "non-square, overlapping", (1, 2, 7, 6), (3, 2), stride=(1, 2), padding=(1, 0))
pool("avg_pool2d", "2x2", (2, 3, 6, 6), 2)
pool("avg_pool2d", "3x3 stride 2 padding 1", (2, 2, 7, 8), 3, stride=2, padding=1)
pool("avg_pool2d", "non-square, overlapping", (1, 2, 7, 6), (3, 2), stride=(1, 2), padding=(1, 0))

with open("torch_conv.json", "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    f.write("\n")
