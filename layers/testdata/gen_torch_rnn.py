"""Writes torch_rnn.json: PyTorch's values and gradients for the recurrent
cells (nn.RNNCell, nn.LSTMCell, nn.GRUCell), the recurrent layers over T = 5
steps (nn.RNN, nn.LSTM, nn.GRU with batch_first=True, the output at every
step and at the last one) and nn.MultiheadAttention (batch_first=True:
self-attention with and without a causal mask, and cross-attention), in
float64.

Run by hand from this directory with Debian's python3 and torch 1.13:

    /usr/bin/python3 gen_torch_rnn.py

layers/torch_rnn_test.go reads the file; CI never needs Python. Every case's
loss is sum(out * r) (plus sum(c * rc) for the LSTM cell's second state) for
a fixed random r, so each output element gets its own adjoint. Params are
stored under PyTorch's names without the layer suffix ("weight_ih", not
"weight_ih_l0"); grads under "grad_" + the same name.
"""
import json

import torch

torch.manual_seed(20261202)
torch.set_default_dtype(torch.float64)

B, T, IN, H = 2, 5, 3, 4


def t(x):
    """A tensor as {"shape": [...], "data": [...]} (row-major)."""
    x = x.detach()
    return {"shape": list(x.shape), "data": x.reshape(-1).tolist()}


def rand(*shape):
    return (2 * torch.rand(*shape) - 1).requires_grad_(True)


def params(mod):
    return {name.replace("_l0", ""): p for name, p in mod.named_parameters()}


def finish(case, mod, inputs, outs):
    """Adds the loss's random weights, outputs and grads to case."""
    loss = 0
    for name, out in outs.items():
        r = torch.rand(*out.shape) * 2 - 1
        case[name] = t(out)
        case["r_" + name] = t(r)
        loss = loss + (out * r).sum()
    loss.backward()
    for name, x in inputs.items():
        case[name] = t(x)
        case["grad_" + name] = t(x.grad)
    case["params"] = {name: t(p) for name, p in params(mod).items()}
    case["grads"] = {name: t(p.grad) for name, p in params(mod).items()}
    return case


def cell_case(name, kind, nonlinearity="tanh"):
    x, h = rand(B, IN), rand(B, H)
    case = {"name": name, "kind": kind, "in": IN, "hidden": H, "nonlinearity": nonlinearity}
    if kind == "rnn":
        mod = torch.nn.RNNCell(IN, H, nonlinearity=nonlinearity)
        return finish(case, mod, {"x": x, "h": h}, {"out": mod(x, h)})
    if kind == "gru":
        mod = torch.nn.GRUCell(IN, H)
        return finish(case, mod, {"x": x, "h": h}, {"out": mod(x, h)})
    mod = torch.nn.LSTMCell(IN, H)
    c = rand(B, H)
    h2, c2 = mod(x, (h, c))
    return finish(case, mod, {"x": x, "h": h, "c": c}, {"out": h2, "c_out": c2})


def layer_case(name, kind, every_step, nonlinearity="tanh"):
    x = rand(B, T, IN)
    case = {"name": name, "kind": kind, "in": IN, "hidden": H, "every_step": every_step,
            "nonlinearity": nonlinearity}
    if kind == "rnn":
        mod = torch.nn.RNN(IN, H, nonlinearity=nonlinearity, batch_first=True)
    elif kind == "gru":
        mod = torch.nn.GRU(IN, H, batch_first=True)
    else:
        mod = torch.nn.LSTM(IN, H, batch_first=True)
    out = mod(x)[0]  # [B, T, H], initial state zeros
    if not every_step:
        out = out[:, -1]
    return finish(case, mod, {"x": x}, {"out": out})


def mha_case(name, embed, heads, tq, tk, causal, cross):
    mod = torch.nn.MultiheadAttention(embed, heads, batch_first=True)
    # PyTorch initialises the projection biases to zero: make them count.
    with torch.no_grad():
        mod.in_proj_bias.uniform_(-1, 1)
        mod.out_proj.bias.uniform_(-1, 1)
    case = {"name": name, "kind": "mha", "embed": embed, "heads": heads, "causal": causal}
    mask = torch.triu(torch.ones(tq, tk, dtype=torch.bool), diagonal=1) if causal else None
    if cross:
        q, kv = rand(B, tq, embed), rand(B, tk, embed)
        out = mod(q, kv, kv, need_weights=False, attn_mask=mask)[0]
        return finish(case, mod, {"x": q, "kv": kv}, {"out": out})
    x = rand(B, tq, embed)
    out = mod(x, x, x, need_weights=False, attn_mask=mask)[0]
    return finish(case, mod, {"x": x}, {"out": out})


cases = [
    cell_case("rnn_cell_tanh", "rnn"),
    cell_case("rnn_cell_relu", "rnn", "relu"),
    cell_case("lstm_cell", "lstm"),
    cell_case("gru_cell", "gru"),
    layer_case("rnn_every", "rnn", True),
    layer_case("rnn_last", "rnn", False),
    layer_case("rnn_relu_every", "rnn", True, "relu"),
    layer_case("lstm_every", "lstm", True),
    layer_case("lstm_last", "lstm", False),
    layer_case("gru_every", "gru", True),
    layer_case("gru_last", "gru", False),
    mha_case("mha_self", 6, 2, 4, 4, False, False),
    mha_case("mha_causal", 6, 3, 5, 5, True, False),
    mha_case("mha_cross", 6, 2, 3, 5, False, True),
]

with open("torch_rnn.json", "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    f.write("\n")
