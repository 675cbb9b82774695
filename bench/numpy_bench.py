#!/usr/bin/python3
"""W1-W5 in NumPy with the forward and backward passes written by hand
(products on NumPy's BLAS, OpenBLAS on Debian), the same data and initial
weights as chainrule (bench/peers.py); W5 on Python floats. Settings, each in
its own process: 1thr and 2thr (OPENBLAS_NUM_THREADS).

    /usr/bin/python3 bench/numpy_bench.py [--run W1] [--count 6] [--benchtime 0.5] [--check]

See peers.py for the output lines.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

SETTINGS = {
    "1thr": {"OPENBLAS_NUM_THREADS": "1"},
    "2thr": {"OPENBLAS_NUM_THREADS": "2"},
}


def workloads(setting):
    import numpy as np

    def arr(v, dt, *shape):
        # float64 first, then rounded to nearest, as the Go side's float32(v)
        return np.array(v, dtype=np.float64).reshape(shape).astype(dt)

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def sgd(p, lr, g):
        p -= lr * g  # in place

    def mlp(w):
        def build():
            dt = np.dtype(w.dtype)
            x, t, ws = w.data()
            X, T = arr(x, dt, w.batch, w.inp), arr(t, dt, w.batch, w.out)
            W1, b1 = arr(ws[0], dt, w.inp, w.hidden), arr(ws[1], dt, w.hidden)
            W2, b2 = arr(ws[2], dt, w.hidden, w.out), arr(ws[3], dt, w.out)
            lr, last = dt.type(w.lr), [None]

            def step():
                h = sigmoid(X @ W1 + b1)
                o = sigmoid(h @ W2 + b2)
                d = o - T
                last[0] = 0.5 * np.sum(d * d)
                dz2 = d * o * (1 - o)
                dz1 = (dz2 @ W2.T) * h * (1 - h)
                sgd(W2, lr, (h.T @ dz2))
                sgd(b2, lr, dz2.sum(axis=0))
                sgd(W1, lr, (X.T @ dz1))
                sgd(b1, lr, dz1.sum(axis=0))

            return step, lambda: last[0]
        return build

    def deep(w):
        def build():
            dt = np.dtype(w.dtype)
            x, labels, ws = w.data()
            X, L = arr(x, dt, w.batch, w.sizes[0]), np.array(labels)
            Ws = [arr(ws[2 * l - 2], dt, w.sizes[l - 1], w.sizes[l]) for l in range(1, len(w.sizes))]
            bs = [arr(ws[2 * l - 1], dt, w.sizes[l]) for l in range(1, len(w.sizes))]
            rows, lr, last = np.arange(w.batch), dt.type(w.lr), [None]

            def step():
                hs = [X]  # inputs of each layer
                for i, (W, b) in enumerate(zip(Ws, bs)):
                    z = hs[-1] @ W + b
                    hs.append(np.maximum(z, 0) if i < len(Ws) - 1 else z)
                z = hs.pop()
                m = z.max(axis=1, keepdims=True)
                e = np.exp(z - m)
                s = e.sum(axis=1, keepdims=True)
                last[0] = np.mean(np.log(s)[:, 0] + m[:, 0] - z[rows, L])
                dz = e / s
                dz[rows, L] -= 1
                dz /= w.batch
                for i in range(len(Ws) - 1, -1, -1):
                    h = hs[i]
                    dh = dz @ Ws[i].T if i > 0 else None
                    Ws[i] -= lr * (h.T @ dz)
                    bs[i] -= lr * dz.sum(axis=0)
                    if i > 0:
                        dz = dh * (h > 0)

            return step, lambda: last[0]
        return build

    def elman(w):
        def build():
            dt = np.dtype(w.dtype)
            x, t, ws = w.data()
            X, T = arr(x, dt, w.batch, w.steps * w.inp), arr(t, dt, w.batch, w.out)
            Wx, Wh = arr(ws[0], dt, w.inp, w.hidden), arr(ws[1], dt, w.hidden, w.hidden)
            b, Wy, c = arr(ws[2], dt, w.hidden), arr(ws[3], dt, w.hidden, w.out), arr(ws[4], dt, w.out)
            xs = [X[:, s * w.inp:(s + 1) * w.inp] for s in range(w.steps)]
            lr, last = dt.type(w.lr), [None]

            def step():
                hs = []
                for s in range(w.steps):
                    z = xs[s] @ Wx
                    if hs:
                        z += hs[-1] @ Wh
                    hs.append(np.tanh(z + b))
                d = hs[-1] @ Wy + c - T
                last[0] = 0.5 * np.sum(d * d)
                dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
                dh = d @ Wy.T
                Wy_grad, c_grad = hs[-1].T @ d, d.sum(axis=0)
                for s in range(w.steps - 1, -1, -1):
                    dz = dh * (1 - hs[s] * hs[s])
                    dWx += xs[s].T @ dz
                    db += dz.sum(axis=0)
                    if s > 0:
                        dWh += hs[s - 1].T @ dz
                        dh = dz @ Wh.T
                sgd(Wx, lr, dWx)
                sgd(Wh, lr, dWh)
                sgd(b, lr, db)
                sgd(Wy, lr, Wy_grad)
                sgd(c, lr, c_grad)

            return step, lambda: last[0]
        return build

    def scalar():
        st = [peers.W5_START, None]  # w, e of the last step

        def step():
            w = st[0]
            st[1] = w ** 4 - 27 * w ** 2 + 14 * w + 120
            st[0] = w - peers.W5_LR * (4 * w ** 3 - 54 * w + 14)

        return step, lambda: st[1]

    return [
        ("W1", "-", mlp(peers.W1)),
        ("W2", "-", mlp(peers.W2)),
        ("W3", "-", deep(peers.W3)),
        ("W4", "-", elman(peers.W4)),
        ("W5", "-", scalar),
    ]


if __name__ == "__main__":
    peers.main("numpy", SETTINGS, workloads)
