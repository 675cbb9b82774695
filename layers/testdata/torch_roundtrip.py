#!/usr/bin/python3
"""The PyTorch side of layers' round trip (TestTorchRoundTrip in torch_test.go).

    /usr/bin/python3 torch_roundtrip.py DIR

DIR/job.json, written by the Go test, lists two kinds of cases over the
digits in DIR/digits.npz (x_train [N, 784] in 0..1, y_train [N] as floats,
x_test [500, 784]):

- "export": a model chainrule trained and exported with layers.ToTorch as
  DIR/<name>.safetensors and DIR/<name>.npz. For each file this script
  builds the equivalent torch.nn module (module() below, the mapping
  docs/interop.md states), loads the file with load_state_dict(strict=True),
  refusing a tensor whose dtype is not the module's (load_state_dict would
  convert it silently), and writes the module's logits on x_test, in eval
  mode, to DIR/<name>_torch.npz as logits_safetensors and logits_npz.
- "import": this script trains the module briefly (seeded SGD or Adam on
  x_train),
  saves its state_dict as DIR/<name>.safetensors (batch norm's int64
  num_batches_tracked dropped, as safetensors.torch users are told to) and
  DIR/<name>.npz (num_batches_tracked kept, as a float: chainrule ignores
  it), and its eval-mode logits on x_test as DIR/<name>_torch.npz (logits).
  The Go test loads both files with layers.FromTorch and compares.

The safetensors Python package is not installed here, so read_safetensors
and write_safetensors follow the format's specification (8-byte
little-endian header length, JSON header, raw little-endian data), as
weights/testdata/gen.py does.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

DTYPES = {"F32": np.float32, "F64": np.float64}
NAMES = {np.dtype("float32"): "F32", np.dtype("float64"): "F64"}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, e in header.items():
        a, b = e["data_offsets"]
        buf = data[8 + n + a:8 + n + b]
        out[name] = np.frombuffer(buf, dtype=np.dtype(DTYPES[e["dtype"]]).newbyteorder("<")).reshape(e["shape"]).copy()
    return out


def write_safetensors(path, arrays):
    items = sorted(arrays.items(), key=lambda kv: (-kv[1].dtype.itemsize, kv[0]))
    header, blobs, off = {"__metadata__": {"format": "pt"}}, [], 0
    for name, a in items:
        b = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": NAMES[a.dtype], "shape": list(a.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


class LastLSTM(torch.nn.LSTM):
    """nn.LSTM returning the last step's h, [B, H], as layers.LSTM does;
    a subclass keeps nn.LSTM's parameter names (weight_ih_l0, ...)."""

    def forward(self, x):
        return super().forward(x)[0][:, -1]


class LastGRU(torch.nn.GRU):
    """nn.GRU returning the last step's h, as layers.GRU does."""

    def forward(self, x):
        return super().forward(x)[0][:, -1]


class LastRNN(torch.nn.RNN):
    """nn.RNN returning the last step's h, as layers.Elman does."""

    def forward(self, x):
        return super().forward(x)[0][:, -1]


def module(kind):
    """The torch.nn module equivalent to the Go test's composition."""
    nn = torch.nn
    if kind == "mlp":  # Seq(Linear{Out: 64}, ReLU, Linear{Out: 10}) over [-1, 784]
        return nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
    if kind == "cnn":  # Seq(Conv2D 4 3×3 pad 1, BatchNorm, ReLU, MaxPool2D 2, Conv2D 8, ReLU, MaxPool2D 2, Flatten, Linear 10)
        return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(8 * 7 * 7, 10))
    if kind == "lstm":  # Seq(LSTM{Hidden: 16}, Linear{Out: 10}) over [-1, 28, 28]
        return nn.Sequential(LastLSTM(28, 16, batch_first=True), nn.Linear(16, 10))
    if kind == "gru":  # Seq(GRU{Hidden: 16}, Linear{Out: 10}) over [-1, 28, 28]
        return nn.Sequential(LastGRU(28, 16, batch_first=True), nn.Linear(16, 10))
    if kind == "rnnln":  # Seq(Elman{Hidden: 16, Activation: "relu"}, LayerNorm, Linear{Out: 10}) over [-1, 28, 28]
        return nn.Sequential(LastRNN(28, 16, batch_first=True, nonlinearity="relu"), nn.LayerNorm(16), nn.Linear(16, 10))
    if kind == "mlpbn":  # Seq(Linear{Out: 32}, BatchNorm, ReLU, Linear{Out: 10}) over [-1, 784]
        return nn.Sequential(nn.Linear(784, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, 10))
    raise ValueError(kind)


def shaped(kind, x):
    """x [B, 784] as the model's input."""
    if kind == "cnn":
        return x.reshape(-1, 1, 28, 28)
    if kind in ("lstm", "gru", "rnnln"):
        return x.reshape(-1, 28, 28)
    return x


def make(kind, dtype):
    m = module(kind)
    return m.double() if dtype == "float64" else m.float()


def logits(kind, m, x):
    m.eval()
    with torch.no_grad():
        return m(shaped(kind, x)).numpy()


def load(m, arrays, dtype):
    want = np.float64 if dtype == "float64" else np.float32
    for k, v in arrays.items():
        if v.dtype != want:
            raise SystemExit(f"{k}: dtype {v.dtype}, the module is {dtype}")
    m.load_state_dict({k: torch.from_numpy(v) for k, v in arrays.items()}, strict=True)


def main(d):
    torch.set_num_threads(1)
    with open(os.path.join(d, "job.json")) as f:
        job = json.load(f)
    data = np.load(os.path.join(d, "digits.npz"))
    for c in job.get("export", []):
        name, kind, dt = c["name"], c["kind"], c["dtype"]
        x = torch.from_numpy(data["x_test"].astype(dt))
        out = {}
        for fmt, arrays in (("safetensors", read_safetensors(os.path.join(d, name + ".safetensors"))),
                            ("npz", dict(np.load(os.path.join(d, name + ".npz"))))):
            m = make(kind, dt)
            load(m, arrays, dt)
            out["logits_" + fmt] = logits(kind, m, x)
        np.savez(os.path.join(d, name + "_torch.npz"), **out)
    for c in job.get("import", []):
        name, kind, dt = c["name"], c["kind"], c["dtype"]
        torch.manual_seed(c["seed"])
        m = make(kind, dt)
        xt = torch.from_numpy(data["x_train"].astype(dt))
        yt = torch.from_numpy(data["y_train"].astype(np.int64))
        opt = (torch.optim.Adam if c.get("adam") else torch.optim.SGD)(m.parameters(), lr=c["lr"])
        m.train()
        g = torch.Generator().manual_seed(c["seed"])
        for _ in range(c["epochs"]):
            perm = torch.randperm(len(xt), generator=g)
            for i in range(0, len(xt), 50):
                idx = perm[i:i + 50]
                opt.zero_grad()
                torch.nn.functional.cross_entropy(m(shaped(kind, xt[idx])), yt[idx]).backward()
                opt.step()
        sd = {k: v.detach().numpy() for k, v in m.state_dict().items()}
        write_safetensors(os.path.join(d, name + ".safetensors"),
                          {k: v for k, v in sd.items() if not k.endswith("num_batches_tracked")})
        np.savez(os.path.join(d, name + ".npz"),
                 **{k: (v.astype(dt) if k.endswith("num_batches_tracked") else v) for k, v in sd.items()})
        np.savez(os.path.join(d, name + "_torch.npz"),
                 logits=logits(kind, m, torch.from_numpy(data["x_test"].astype(dt))))


if __name__ == "__main__":
    main(sys.argv[1])
