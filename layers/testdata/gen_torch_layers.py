#!/usr/bin/python3
"""Generate torch_layers.json: PyTorch's batch norm on fixed inputs, float64.

Run by hand with /usr/bin/python3 (torch 1.13) from this directory:

    /usr/bin/python3 gen_torch_layers.py

For nn.BatchNorm2d (input [4, 3, 2, 2]) and nn.BatchNorm1d (inputs [5, 3]
and, appended last so that the others' random draws stay the same, [4, 3, 5]),
with gamma and beta set to fixed values, momentum 0.1 and eps 1e-5 (the
defaults), it records for two training steps on inputs x1 and x2 the output,
and the gradients of sum(y * r) (r fixed, per step) with respect to the input,
gamma and beta; then the running mean and variance after the two steps, and
the evaluation output on a third input x3. Every value is a flat list in
row-major order.
"""
import json

import torch

torch.manual_seed(12)
torch.set_default_dtype(torch.float64)


def case(bn, shape):
    c = shape[1]
    with torch.no_grad():
        bn.weight.copy_(torch.rand(c) + 0.5)
        bn.bias.copy_(torch.rand(c) - 0.5)
    out = {
        "shape": list(shape),
        "gamma": bn.weight.detach().flatten().tolist(),
        "beta": bn.bias.detach().flatten().tolist(),
        "steps": [],
    }
    bn.train()
    for step in range(2):
        x = (torch.randn(*shape) * (step + 1) + step).requires_grad_(True)
        r = torch.randn(*shape)
        bn.weight.grad = None
        bn.bias.grad = None
        y = bn(x)
        (y * r).sum().backward()
        out["steps"].append({
            "x": x.detach().flatten().tolist(),
            "r": r.flatten().tolist(),
            "y": y.detach().flatten().tolist(),
            "dx": x.grad.flatten().tolist(),
            "dgamma": bn.weight.grad.flatten().tolist(),
            "dbeta": bn.bias.grad.flatten().tolist(),
        })
    out["running_mean"] = bn.running_mean.flatten().tolist()
    out["running_var"] = bn.running_var.flatten().tolist()
    bn.eval()
    x3 = torch.randn(*shape) * 2 - 1
    out["eval_x"] = x3.flatten().tolist()
    with torch.no_grad():
        out["eval_y"] = bn(x3).flatten().tolist()
    return out


fixture = {
    "torch": torch.__version__,
    "batchnorm2d": case(torch.nn.BatchNorm2d(3), (4, 3, 2, 2)),
    "batchnorm1d": case(torch.nn.BatchNorm1d(3), (5, 3)),
    "batchnorm1d_ncl": case(torch.nn.BatchNorm1d(3), (4, 3, 5)),
}
with open("torch_layers.json", "w") as f:
    json.dump(fixture, f, indent=1)
