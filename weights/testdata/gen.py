"""Writes the PyTorch/NumPy fixtures the weights and nets tests read.

Run by hand from this directory with Debian's python3 (torch 1.13, numpy):

    /usr/bin/python3 gen.py

and commit what it writes. The files are inputs to the Go tests; the
expected values are in the JSON files next to them, written from the
arrays themselves (not from anything chainrule produced).

The safetensors Python package is not installed on the machine these were
made on, so save_safetensors below writes the format by hand, following
the specification (https://github.com/huggingface/safetensors, README
"Format"): an 8-byte little-endian header length N, N bytes of JSON, the
raw little-endian data. It lays the file out as the reference
implementation's serialize does: tensors sorted by descending dtype
alignment then by name, packed, "__metadata__" first in the header, the
header padded with spaces to a multiple of 8 bytes.
"""
import json
import struct

import numpy as np
import torch

ST_DTYPES = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64", np.dtype("<i8"): "I64",
             np.dtype("<f2"): "F16"}


def save_safetensors(path, tensors, metadata):
    # np.array(..., order="C") keeps 0-d arrays 0-d (ascontiguousarray would not).
    arrays = {k: np.array(v, dtype=np.asarray(v).dtype.newbyteorder("<"), order="C")
              for k, v in tensors.items()}
    items = sorted(arrays.items(), key=lambda kv: (-kv[1].dtype.itemsize, kv[0]))
    header = {"__metadata__": metadata}
    blobs, off = [], 0
    for name, a in items:
        b = a.tobytes()
        header[name] = {"dtype": ST_DTYPES[a.dtype], "shape": list(a.shape),
                        "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def expected(arrays):
    """name -> dtype, shape and the C-order values, for the Go tests."""
    return {k: {"dtype": str(np.asarray(v).dtype.newbyteorder("=")),
                "shape": list(np.shape(v)),
                "values": [float(x) for x in np.ravel(np.asarray(v), order="C")]}
            for k, v in arrays.items()}


def dump(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")


torch.manual_seed(15)
model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}  # 0.weight, 0.bias, 2.weight, 2.bias

# The state_dict as PyTorch names it, in the three formats.
np.savez("torch_sequential.npz", **sd)
np.savez_compressed("torch_sequential_compressed.npz", **sd)
save_safetensors("torch_sequential.safetensors", sd, {"format": "pt"})
dump("torch_sequential.json", expected(sd))

# The same weights under nets' FF names (W is [in, out], torch's weight
# transposed), and the model's outputs on a few inputs, for nets' tests.
ff = {"W1": sd["0.weight"].T.copy(), "b1": sd["0.bias"],
      "W2": sd["2.weight"].T.copy(), "b2": sd["2.bias"]}
np.savez_compressed("torch_ff.npz", **ff)
save_safetensors("torch_ff.safetensors", ff, {"format": "pt"})
x = torch.linspace(-2, 2, 20).reshape(5, 4)
with torch.no_grad():
    y = model(x)
dump("torch_ff.json", {"x": x.numpy().ravel().tolist(), "y": y.numpy().ravel().tolist(),
                       "batch": 5, "inputs": 4, "outputs": 2})

# NumPy layouts the reader must handle: float64, Fortran order,
# big-endian, a 0-d array, an empty array, 3-d.
a = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 7
layouts = {
    "f64": a,
    "fortran": np.asfortranarray(a),
    "fortran2d": np.asfortranarray(a[0].astype(np.float32)),
    "big": a[1].astype(">f8"),
    "big32": a[1].astype(">f4"),
    "scalar": np.float64(2.5),
    "empty": np.zeros((0, 3), dtype=np.float32),
}
np.savez("numpy_layouts.npz", **layouts)
dump("numpy_layouts.json", expected(layouts))

# A safetensors file of mixed F64 and F32 tensors, and one with an I64
# tensor (PyTorch's batch norm num_batches_tracked) and one with F16, which
# the reader must refuse by name.
mixed = {"b.f32": np.array([1.5, -2.25], dtype=np.float32), "a.f64": a[0],
         "c.f32": np.arange(6, dtype=np.float32).reshape(3, 2), "s": np.float64(-0.125)}
save_safetensors("mixed.safetensors", mixed, {"format": "pt", "note": "written by gen.py"})
dump("mixed.json", expected(mixed))
save_safetensors("int64.safetensors", {"bn.num_batches_tracked": np.array(7, dtype=np.int64),
                                       "bn.weight": np.ones(3, dtype=np.float32)}, {"format": "pt"})
save_safetensors("f16.safetensors", {"w": np.ones((2, 2), dtype=np.float16)}, None)
