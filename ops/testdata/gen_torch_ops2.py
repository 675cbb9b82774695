"""Writes torch_ops2.json: PyTorch's values and gradients for Gather (as
torch.nn.functional.embedding and indexing along axis 0) and for batched
matrix products with broadcasting (torch.matmul), in float64.

Run by hand from this directory with Debian's python3 and torch 1.13:

    /usr/bin/python3 gen_torch_ops2.py

ops/torch_ops2_test.go reads the file; CI never needs Python. Every case's
loss is sum(out * r) for a random r, so each output element gets its own
adjoint.
"""
import json

import torch

torch.manual_seed(20261201)
torch.set_default_dtype(torch.float64)


def t(x):
    """A tensor as {"shape": [...], "data": [...]} (row-major)."""
    x = x.detach()
    return {"shape": list(x.shape), "data": x.reshape(-1).tolist()}


def rand(*shape):
    return (2 * torch.rand(*shape) - 1).requires_grad_(True)


def gather_case(name, table_shape, indices, embedding):
    table = rand(*table_shape)
    idx = torch.tensor(indices, dtype=torch.int64)
    out = torch.nn.functional.embedding(idx, table) if embedding else table[idx]
    r = torch.rand(*out.shape) * 2 - 1
    (out * r).sum().backward()
    return {"name": name, "table": t(table), "indices": t(idx), "out": t(out), "r": t(r), "grad_table": t(table.grad)}


def op(x, trans):
    return x.transpose(-1, -2) if trans else x


def bmm_case(name, a_shape, b_shape, ta, tb):
    a, b = rand(*a_shape), rand(*b_shape)
    out = torch.matmul(op(a, ta), op(b, tb))
    r = torch.rand(*out.shape) * 2 - 1
    (out * r).sum().backward()
    return {"name": name, "a": t(a), "b": t(b), "ta": ta, "tb": tb, "out": t(out), "r": t(r),
            "grad_a": t(a.grad), "grad_b": t(b.grad)}


def attention_case(name, q_shape, kv_len):
    q = rand(*q_shape)
    k = rand(*(q_shape[:-2] + [kv_len, q_shape[-1]]))
    v = rand(*(q_shape[:-2] + [kv_len, q_shape[-1]]))
    s = torch.matmul(q, k.transpose(-1, -2)) / q_shape[-1] ** 0.5
    out = torch.matmul(torch.softmax(s, dim=-1), v)
    r = torch.rand(*out.shape) * 2 - 1
    (out * r).sum().backward()
    return {"name": name, "q": t(q), "k": t(k), "v": t(v), "out": t(out), "r": t(r),
            "grad_q": t(q.grad), "grad_k": t(k.grad), "grad_v": t(v.grad)}


fixtures = {
    "torch": torch.__version__,
    "gather": [
        # Repeated indices: rows 0 and 5 are picked several times, others never.
        gather_case("embedding [7, 4] by [3, 5]", [7, 4], [[5, 0, 5, 2, 0], [1, 5, 5, 0, 3], [6, 6, 0, 5, 2]], True),
        gather_case("embedding [10, 3] by [6]", [10, 3], [9, 0, 9, 9, 4, 0], True),
        gather_case("axis 0 of [5, 2, 3] by [2, 2]", [5, 2, 3], [[4, 1], [4, 4]], False),
        gather_case("axis 0 of [4] by [3]", [4], [3, 3, 1], False),
    ],
    "bmm": [
        bmm_case("[4, 3, 5]·[4, 5, 2]", [4, 3, 5], [4, 5, 2], False, False),
        bmm_case("[2, 1, 3, 4]·[3, 4, 5] broadcast", [2, 1, 3, 4], [3, 4, 5], False, False),
        bmm_case("[3, 4]·[2, 2, 4, 6] matrix a", [3, 4], [2, 2, 4, 6], False, False),
        bmm_case("[2, 3, 4]·[4, 5] matrix b", [2, 3, 4], [4, 5], False, False),
        bmm_case("[2, 5, 3]ᵀ·[1, 5, 4]", [2, 5, 3], [1, 5, 4], True, False),
        bmm_case("[3, 2, 4]·[3, 6, 4]ᵀ", [3, 2, 4], [3, 6, 4], False, True),
        bmm_case("[2, 1, 4, 3]ᵀ·[1, 3, 5, 4]ᵀ", [2, 1, 4, 3], [1, 3, 5, 4], True, True),
    ],
    "attention": [
        attention_case("[2, 3, 4, 8] with 6 keys", [2, 3, 4, 8], 6),
    ],
}

# One case per line, so that a regenerated file diffs case by case.
with open("torch_ops2.json", "w") as f:
    f.write('{"torch": %s' % json.dumps(fixtures["torch"]))
    for group in ("gather", "bmm", "attention"):
        f.write(',\n"%s": [\n' % group)
        f.write(",\n".join(json.dumps(c) for c in fixtures[group]))
        f.write("]")
    f.write("}\n")
