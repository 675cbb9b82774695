"""Runs an ONNX model with NumPy, op by op as the ONNX operator spec
(opset 13) defines them, for chainrule's exporter tests.

    np_onnx.py MODEL.onnx INPUTS.json [MODEL.onnx INPUTS.json ...]

INPUTS.json maps each graph input to {"shape": [...], "data": [...]}. It
prints, as JSON, one list per model of its outputs, each {"shape": [...],
"data": [...]}, in the graph's output order. It is
a reading of the spec written for the ops chainrule exports, independent of
chainrule's Go kernels; it is not a runtime for arbitrary models.
"""
import json
import math
import sys

import numpy as np
import onnx
from onnx import numpy_helper

TYPES = {1: np.float32, 11: np.float64, 9: np.bool_, 7: np.int64}


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def conv(x, w, a):
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    sh, sw = a.get("strides", [1, 1])
    dh, dw = a.get("dilations", [1, 1])
    ph0, pw0, ph1, pw1 = a.get("pads", [0, 0, 0, 0])
    g = a.get("group", 1)
    xp = np.pad(x, ((0, 0), (0, 0), (ph0, ph1), (pw0, pw1)))
    ho = (h + ph0 + ph1 - dh * (kh - 1) - 1) // sh + 1
    wo = (wd + pw0 + pw1 - dw * (kw - 1) - 1) // sw + 1
    y = np.zeros((n, m, ho, wo), dtype=x.dtype)
    mg = m // g
    for o in range(m):
        grp = o // mg
        for i in range(ho):
            for j in range(wo):
                patch = xp[:, grp * cg:(grp + 1) * cg, i * sh:i * sh + dh * (kh - 1) + 1:dh, j * sw:j * sw + dw * (kw - 1) + 1:dw]
                y[:, o, i, j] = (patch * w[o]).sum(axis=(1, 2, 3))
    return y


def pool(x, a, kind):
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    ph0, pw0, ph1, pw1 = a.get("pads", [0, 0, 0, 0])
    fill = -np.inf if kind == "max" else 0
    xp = np.pad(x, ((0, 0), (0, 0), (ph0, ph1), (pw0, pw1)), constant_values=fill)
    h, w = x.shape[2], x.shape[3]
    ho = (h + ph0 + ph1 - kh) // sh + 1
    wo = (w + pw0 + pw1 - kw) // sw + 1
    y = np.zeros(x.shape[:2] + (ho, wo), dtype=x.dtype)
    for i in range(ho):
        for j in range(wo):
            win = xp[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw]
            if kind == "max":
                y[:, :, i, j] = win.max(axis=(2, 3))
            elif a.get("count_include_pad", 0):
                y[:, :, i, j] = win.sum(axis=(2, 3)) / (kh * kw)
            else:
                raise ValueError("count_include_pad=0 is not read here")
    return y


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def reshape(x, shape):
    s = [x.shape[i] if d == 0 else int(d) for i, d in enumerate(shape)]
    return x.reshape(s)


def run(node, v):
    op, a, x = node.op_type, attrs(node), v
    unary = {"Neg": np.negative, "Abs": np.abs, "Exp": np.exp, "Log": np.log, "Sqrt": np.sqrt,
             "Tanh": np.tanh, "Relu": lambda t: np.maximum(t, 0), "Identity": lambda t: t,
             "Sigmoid": lambda t: 1 / (1 + np.exp(-t)), "Softplus": lambda t: np.logaddexp(0, t),
             "Erf": lambda t: np.vectorize(math.erf)(t).astype(t.dtype)}
    binary = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide,
              "Pow": np.power, "Greater": np.greater, "MatMul": np.matmul}
    if op in unary:
        return unary[op](x[0])
    if op in binary:
        return binary[op](x[0], x[1]).astype(x[0].dtype) if op == "Pow" else binary[op](x[0], x[1])
    if op == "Max":
        return np.maximum(x[0], x[1])
    if op == "Min":
        return np.minimum(x[0], x[1])
    if op == "LeakyRelu":
        return np.where(x[0] < 0, x[0] * np.float32(a.get("alpha", 0.01)), x[0]).astype(x[0].dtype)
    if op == "Elu":
        al = a.get("alpha", 1.0)
        return np.where(x[0] < 0, al * (np.exp(x[0]) - 1), x[0]).astype(x[0].dtype)
    if op == "Clip":
        return np.clip(x[0], x[1], x[2])
    if op == "Cast":
        return x[0].astype(TYPES[a["to"]])
    if op == "Where":
        return np.where(x[0], x[1], x[2])
    if op == "Gemm":
        A = x[0].T if a.get("transA", 0) else x[0]
        B = x[1].T if a.get("transB", 0) else x[1]
        y = a.get("alpha", 1.0) * (A @ B)
        if len(x) > 2:
            y = y + a.get("beta", 1.0) * x[2]
        return y.astype(x[0].dtype)
    if op == "Reshape":
        return reshape(x[0], x[1])
    if op == "Transpose":
        return np.transpose(x[0], a.get("perm"))
    if op == "Slice":
        sl = [slice(None)] * x[0].ndim
        for st, en, ax in zip(x[1], x[2], x[3]):
            sl[ax] = slice(int(st), int(en))
        return x[0][tuple(sl)]
    if op == "Pad":
        r = x[0].ndim
        p = [(int(x[1][i]), int(x[1][r + i])) for i in range(r)]
        return np.pad(x[0], p, constant_values=x[2])
    if op == "Concat":
        return np.concatenate(x, axis=a["axis"])
    if op == "Softmax":
        return softmax(x[0], a.get("axis", -1))
    if op == "LogSoftmax":
        return np.log(softmax(x[0], a.get("axis", -1)))
    if op == "ReduceSum":
        return x[0].sum(axis=tuple(int(i) for i in x[1]), keepdims=bool(a.get("keepdims", 1)))
    if op == "ReduceMax":
        return x[0].max(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))
    if op == "ArgMax":
        return np.argmax(x[0], axis=a.get("axis", 0))  # keepdims 0 as exported
    if op == "Expand":
        return np.broadcast_to(x[0], np.broadcast_shapes(x[0].shape, tuple(int(d) for d in x[1]))).copy()
    if op == "Gather":
        return np.take(x[0], x[1], axis=a.get("axis", 0))
    if op == "OneHot":
        depth = int(np.asarray(x[1]).reshape(-1)[0])
        y = np.where(np.arange(depth) == x[0][..., None], x[2][1], x[2][0])
        return y.astype(x[2].dtype)
    if op == "Conv":
        return conv(x[0], x[1], a)
    if op == "MaxPool":
        return pool(x[0], a, "max")
    if op == "AveragePool":
        return pool(x[0], a, "avg")
    raise ValueError("op %s is not read here" % op)


def evaluate(model, inputs):
    m = onnx.load(model)
    feeds = json.load(open(inputs))
    v = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    for i in m.graph.input:
        et = TYPES[i.type.tensor_type.elem_type]
        f = feeds[i.name]
        v[i.name] = np.array(f["data"], dtype=et).reshape(f["shape"])
    for node in m.graph.node:
        v[node.output[0]] = np.asarray(run(node, [v[n] for n in node.input]))
    out = []
    for o in m.graph.output:
        y = v[o.name]
        out.append({"shape": list(y.shape), "data": [float(t) for t in y.reshape(-1)]})
    return out


args = sys.argv[1:]
json.dump([evaluate(args[i], args[i + 1]) for i in range(0, len(args), 2)], sys.stdout)
