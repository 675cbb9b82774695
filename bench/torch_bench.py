#!/usr/bin/python3
"""W1-W8 on PyTorch (CPU), as a PyTorch user writes them: nn.Module layers,
autograd, torch.optim.SGD; the same data and initial weights as chainrule
(bench/peers.py). Settings, each in its own process: 1thr, 2thr, and
2thr-passive (OMP_WAIT_POLICY=PASSIVE: idle OpenMP threads sleep instead of
spinning). W4 is run as nn.RNN and as an explicit cell loop, W7 as nn.LSTM
and as an nn.LSTMCell loop, W8 (forward only) under torch.no_grad() and
under torch.inference_mode().

    /usr/bin/python3 bench/torch_bench.py [--run W1] [--count 6] [--benchtime 0.5] [--check]

See peers.py for the output lines.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

SETTINGS = {
    "1thr": {"OMP_NUM_THREADS": "1"},
    "2thr": {"OMP_NUM_THREADS": "2"},
    "2thr-passive": {"OMP_NUM_THREADS": "2", "OMP_WAIT_POLICY": "PASSIVE"},
}


def workloads(setting):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.set_num_threads(int(SETTINGS[setting]["OMP_NUM_THREADS"]))
    dtypes = {"float32": torch.float32, "float64": torch.float64}

    def tensor(v, dt, *shape):
        # float64 first, then rounded to nearest, as the Go side's float32(v)
        return torch.tensor(v, dtype=torch.float64).reshape(*shape).to(dt)

    def sgd_step(model, lr, forward):
        opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
        last = [None]

        def step():
            opt.zero_grad(set_to_none=True)
            loss = forward()
            loss.backward()
            opt.step()
            last[0] = loss.detach()

        return step, lambda: last[0].item()

    def linear(W, b, i, o, dt):
        # chainrule's W is [in, out]; nn.Linear holds its transpose
        lin = nn.Linear(i, o, dtype=dt)
        with torch.no_grad():
            lin.weight.copy_(tensor(W, dt, i, o).t())
            lin.bias.copy_(tensor(b, dt, o))
        return lin

    def mlp(w):
        def build():
            dt = dtypes[w.dtype]
            x, t, ws = w.data()
            X, T = tensor(x, dt, w.batch, w.inp), tensor(t, dt, w.batch, w.out)
            model = nn.Sequential(linear(ws[0], ws[1], w.inp, w.hidden, dt), nn.Sigmoid(),
                                  linear(ws[2], ws[3], w.hidden, w.out, dt), nn.Sigmoid())
            return sgd_step(model, w.lr, lambda: 0.5 * ((T - model(X)) ** 2).sum())
        return build

    def deep_model(w, ws, dt):
        layers = []
        for l in range(1, len(w.sizes)):
            layers.append(linear(ws[2 * l - 2], ws[2 * l - 1], w.sizes[l - 1], w.sizes[l], dt))
            if l < len(w.sizes) - 1:
                layers.append(nn.ReLU())
        return nn.Sequential(*layers)

    def deep(w):
        def build():
            dt = dtypes[w.dtype]
            x, labels, ws = w.data()
            X, L = tensor(x, dt, w.batch, w.sizes[0]), torch.tensor(labels, dtype=torch.long)
            model = deep_model(w, ws, dt)
            return sgd_step(model, w.lr, lambda: F.cross_entropy(model(X), L))
        return build

    def conv(W, b, o, i, k, dt):
        c = nn.Conv2d(i, o, k, dtype=dt)
        with torch.no_grad():
            c.weight.copy_(tensor(W, dt, o, i, k, k))
            c.bias.copy_(tensor(b, dt, o))
        return c

    def cnn_model(ws, dt):
        return nn.Sequential(conv(ws[0], ws[1], 20, 1, 5, dt), nn.MaxPool2d(2),
                             conv(ws[2], ws[3], 50, 20, 5, dt), nn.MaxPool2d(2), nn.Flatten(),
                             linear(ws[4], ws[5], 800, 500, dt), nn.ReLU(), linear(ws[6], ws[7], 500, 10, dt))

    def cnn(w):
        def build():
            dt = dtypes[w.dtype]
            x, labels, ws = w.data()
            X, L = tensor(x, dt, w.batch, 1, 28, 28), torch.tensor(labels, dtype=torch.long)
            model = cnn_model(ws, dt)
            return sgd_step(model, w.lr, lambda: F.cross_entropy(model(X), L))
        return build

    def lstm_weights(m, ws, w, dt):
        """Wx, Wh, b of chainrule into an nn.LSTM or nn.LSTMCell m, bias_hh
        fixed at 0 (trained, it would move the bias twice per step)."""
        sfx = "_l0" if isinstance(m, nn.LSTM) else ""
        with torch.no_grad():
            getattr(m, "weight_ih" + sfx).copy_(tensor(ws[0], dt, w.inp, 4 * w.hidden).t())
            getattr(m, "weight_hh" + sfx).copy_(tensor(ws[1], dt, w.hidden, 4 * w.hidden).t())
            getattr(m, "bias_ih" + sfx).copy_(tensor(ws[2], dt, 4 * w.hidden))
            getattr(m, "bias_hh" + sfx).zero_()
        getattr(m, "bias_hh" + sfx).requires_grad_(False)

    class LibLSTM(nn.Module):
        def __init__(self, w, ws, dt):
            super().__init__()
            self.lstm = nn.LSTM(w.inp, w.hidden, batch_first=True, dtype=dt)
            lstm_weights(self.lstm, ws, w, dt)
            self.out = linear(ws[3], ws[4], w.hidden, w.classes, dt)

        def forward(self, x):
            _, (h, _) = self.lstm(x)
            return self.out(h[0])

    class CellLSTM(nn.Module):
        def __init__(self, w, ws, dt):
            super().__init__()
            self.steps = w.steps
            self.cell = nn.LSTMCell(w.inp, w.hidden, dtype=dt)
            lstm_weights(self.cell, ws, w, dt)
            self.out = linear(ws[3], ws[4], w.hidden, w.classes, dt)

        def forward(self, x):
            hc = None
            for s in range(self.steps):
                hc = self.cell(x[:, s], hc)
            return self.out(hc[0])

    def lstm(w, cls):
        def build():
            dt = dtypes[w.dtype]
            x, labels, ws = w.data()
            X, L = tensor(x, dt, w.batch, w.steps, w.inp), torch.tensor(labels, dtype=torch.long)
            model = cls(w, ws, dt)
            return sgd_step(model, w.lr, lambda: F.cross_entropy(model(X), L))
        return build

    def infer(w, model_of, shape, mode):
        """The forward pass alone under mode (torch.no_grad or
        torch.inference_mode); the loss is the cross-entropy of the logits in
        float64, outside the timed step."""
        def build():
            dt = dtypes[w.dtype]
            x, labels, ws = w.data()
            X, L = tensor(x, dt, w.batch, *shape), torch.tensor(labels, dtype=torch.long)
            model = model_of(ws, dt)
            last = [None]

            def step():
                with mode():
                    last[0] = model(X)

            return step, lambda: F.cross_entropy(last[0].double(), L).item()
        return build

    class CellRNN(nn.Module):
        """h_t = tanh(x_t Wx + h_{t-1} Wh + b), h_0 = 0, explicitly."""

        def __init__(self, w, ws, dt):
            super().__init__()
            self.steps, self.inp = w.steps, w.inp
            self.Wx = nn.Parameter(tensor(ws[0], dt, w.inp, w.hidden))
            self.Wh = nn.Parameter(tensor(ws[1], dt, w.hidden, w.hidden))
            self.b = nn.Parameter(tensor(ws[2], dt, w.hidden))
            self.out = linear(ws[3], ws[4], w.hidden, w.out, dt)

        def forward(self, x):
            h = None
            for s in range(self.steps):
                z = x[:, s * self.inp:(s + 1) * self.inp] @ self.Wx
                if h is not None:
                    z = z + h @ self.Wh
                h = torch.tanh(z + self.b)
            return self.out(h)

    class LibRNN(nn.Module):
        """nn.RNN (tanh) with bias_ih = b and bias_hh fixed at 0 (trained,
        it would move the bias twice per step)."""

        def __init__(self, w, ws, dt):
            super().__init__()
            self.w = w
            self.rnn = nn.RNN(w.inp, w.hidden, batch_first=True, dtype=dt)
            with torch.no_grad():
                self.rnn.weight_ih_l0.copy_(tensor(ws[0], dt, w.inp, w.hidden).t())
                self.rnn.weight_hh_l0.copy_(tensor(ws[1], dt, w.hidden, w.hidden).t())
                self.rnn.bias_ih_l0.copy_(tensor(ws[2], dt, w.hidden))
                self.rnn.bias_hh_l0.zero_()
            self.rnn.bias_hh_l0.requires_grad_(False)
            self.out = linear(ws[3], ws[4], w.hidden, w.out, dt)

        def forward(self, x):
            _, h = self.rnn(x.view(self.w.batch, self.w.steps, self.w.inp))
            return self.out(h[0])

    def elman(w, cls):
        def build():
            dt = dtypes[w.dtype]
            x, t, ws = w.data()
            X, T = tensor(x, dt, w.batch, w.steps * w.inp), tensor(t, dt, w.batch, w.out)
            model = cls(w, ws, dt)
            return sgd_step(model, w.lr, lambda: 0.5 * ((model(X) - T) ** 2).sum())
        return build

    def scalar():
        w = torch.tensor(peers.W5_START, dtype=torch.float64, requires_grad=True)
        last = [None]

        def step():
            e = w ** 4 - 27 * w ** 2 + 14 * w + 120
            e.backward()
            with torch.no_grad():
                w.sub_(peers.W5_LR * w.grad)
            w.grad = None
            last[0] = e.detach()

        return step, lambda: last[0].item()

    return [
        ("W1", "-", mlp(peers.W1)),
        ("W2", "-", mlp(peers.W2)),
        ("W3", "-", deep(peers.W3)),
        ("W4", "nn.RNN", elman(peers.W4, LibRNN)),
        ("W4", "cell", elman(peers.W4, CellRNN)),
        ("W5", "-", scalar),
        ("W6", "-", cnn(peers.W6)),
        ("W7", "nn.LSTM", lstm(peers.W7, LibLSTM)),
        ("W7", "cell", lstm(peers.W7, CellLSTM)),
    ] + [
        (name, mode.__name__, infer(w, model_of, shape, mode))
        for name, w, model_of, shape in [
            ("W8a", peers.W8A, lambda ws, dt: deep_model(peers.W8A, ws, dt), (784,)),
            ("W8b", peers.W8B, lambda ws, dt: deep_model(peers.W8B, ws, dt), (784,)),
            ("W8c", peers.W8C, cnn_model, (1, 28, 28)),
        ]
        for mode in (torch.no_grad, torch.inference_mode)
    ]


if __name__ == "__main__":
    peers.main("pytorch", SETTINGS, workloads)
