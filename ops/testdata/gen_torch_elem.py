#!/usr/bin/python3
"""Writes torch_elem.json: PyTorch's outputs and input gradients for the
elementwise, shape and variance ops of chainrule's package ops, in float64.

Run by hand from this directory with Debian's python3 and torch 1.13:

    /usr/bin/python3 gen_torch_elem.py

Each case holds its op's parameters, its inputs, a fixed random weight w of
the output's shape, the output, and the gradients of sum(out * w) with
respect to every input. elem_torch_test.go rebuilds each case from ops and
matches them to 1e-10. CI never runs this script; it reads the JSON.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(20261201)
D = torch.float64


def tensor(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


cases = []


def case(name, fn, inputs, **params):
    xs = [x.clone().requires_grad_(True) for x in inputs]
    out = fn(*xs)
    w = torch.randn(out.shape, dtype=D)
    grads = torch.autograd.grad((out * w).sum(), xs)
    cases.append({
        "name": name,
        "params": params,
        "inputs": [tensor(x) for x in inputs],
        "w": tensor(w),
        "out": tensor(out),
        "grads": [tensor(g) for g in grads],
    })


def randn(*shape, scale=1.0):
    return torch.randn(shape, dtype=D) * scale


tiny = torch.tensor([1e-17, -1e-17, 1e-10, -3e-9], dtype=D)

case("gelu", lambda x: F.gelu(x), [randn(3, 5, scale=2)])
case("gelu_tanh", lambda x: F.gelu(x, approximate="tanh"), [randn(3, 5, scale=2)])
case("log1p", torch.log1p, [torch.cat([torch.rand(12, dtype=D) * 3.5 - 0.9, tiny])])
case("expm1", torch.expm1, [torch.cat([randn(12, scale=2), tiny])])
case("erf", torch.erf, [randn(3, 5, scale=1.5)])
case("elu", lambda x: F.elu(x, alpha=0.7), [randn(3, 5, scale=2)], alpha=0.7)
case("elu", lambda x: F.elu(x), [randn(3, 5, scale=2)], alpha=1.0)
case("leaky_relu", lambda x: F.leaky_relu(x, 0.1), [randn(3, 5)], alpha=0.1)
case("silu", F.silu, [randn(3, 5, scale=3)])
case("abs", torch.abs, [randn(3, 5)])
case("clamp", lambda x: torch.clamp(x, -0.5, 0.7), [randn(3, 5)], lo=-0.5, hi=0.7)
case("minimum", torch.minimum, [randn(3, 4), randn(4)])
case("maximum", torch.maximum, [randn(3, 4), randn(4)])
case("maximum", torch.maximum, [randn(3, 1), randn(1, 4)])

# chainrule's widths list the axes in order; F.pad lists them from the last.
widths = [[1, 0], [0, 2], [2, 1]]
torch_pad = [p for w in reversed(widths) for p in w]
case("pad", lambda x: F.pad(x, torch_pad, value=0.25), [randn(2, 3, 4)], widths=widths, value=0.25)
case("stack", lambda a, b, c: torch.stack([a, b, c], 1), [randn(2, 3), randn(2, 3), randn(2, 3)], axis=1)
case("stack", lambda a, b: torch.stack([a, b], -1), [randn(2, 3), randn(2, 3)], axis=-1)
case("var", lambda x: torch.var(x, (0, 2), unbiased=False), [randn(3, 2, 4)], axes=[0, 2], keep=False)
case("var", lambda x: torch.var(x, (0, 2, 3), unbiased=False, keepdim=True), [randn(4, 3, 2, 2) + 5], axes=[0, 2, 3], keep=True)
case("var", lambda x: torch.var(x, unbiased=False), [randn(3, 4)], axes=[], keep=False)
# Batch norm (training mode, no affine) and layer norm, which chainrule
# writes with MeanKeep and VarianceKeep.
case("batch_norm", lambda x: F.batch_norm(x, None, None, training=True, eps=1e-5), [randn(4, 3, 2, 2, scale=2) + 1], eps=1e-5)
case("layer_norm", lambda x: F.layer_norm(x, (5,), eps=1e-5), [randn(3, 5, scale=2) - 1], eps=1e-5)

with open("torch_elem.json", "w") as f:
    # One case a line, so that a regenerated file diffs case by case.
    f.write('{"torch": %s, "dtype": "float64", "cases": [\n' % json.dumps(torch.__version__))
    f.write(",\n".join(json.dumps(c) for c in cases))
    f.write("\n]}\n")
