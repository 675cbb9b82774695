"""Shared code of the Python peers of bench/ (torch_bench.py, numpy_bench.py).

It holds the data generator the Go side uses bit for bit (SplitMix64, see
bench/splitmix_test.go), the workloads' sizes, seeds and initial weights (as
bench/workloads_test.go, w3_test.go, w4_test.go, w5_test.go build them), and
the harness: one child process per thread setting (OpenMP and OpenBLAS read
their environment when they load), 20 warm-up steps whose last loss is the
"loss at step 20" compared with chainrule's (for the forward-only W8, the
batch-mean cross-entropy of the logits, the same at every step), then --count timed blocks of
about --benchtime seconds each; the reported time is the median over the
blocks of ms per step.

Each result is one line:

    peer W1 engine=pytorch setting=1thr variant=- ms=0.5741 loss20=0.12345678901234567 steps=2048

(ms is "-" under --check, which runs the 20 steps only). Adding a workload
is a data function here and a builder in each script.

Running this file itself runs the generator's self-check.
"""

import argparse
import math
import os
import re
import statistics
import subprocess
import sys
import time

MASK = (1 << 64) - 1


class SplitMix:
    """SplitMix64: state += 0x9e3779b97f4a7c15; z = state;
    z = (z ^ z>>30) * 0xbf58476d1ce4e5b9; z = (z ^ z>>27) * 0x94d049bb133111eb;
    return z ^ z>>31, all modulo 2**64. float64() is the top 53 bits times
    2**-53; intn(n) is the output modulo n."""

    def __init__(self, seed):
        self.state = seed & MASK

    def uint64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def float64(self):
        return (self.uint64() >> 11) * 2.0**-53

    def intn(self, n):
        return self.uint64() % n

    def uniform(self, n, s):
        """n values s*(2u - 1), u from float64(): uniform in [-s, s)."""
        return [s * (2 * self.float64() - 1) for _ in range(n)]


def selfcheck():
    """Asserts the values of bench/splitmix_test.go's TestSplitMix, computed
    by Vigna's splitmix64.c and the JDK's SplittableRandom."""
    want = {
        0: ([0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F],
            [0.8833108082136426, 0.43152799704850997, 0.026433771592597743]),
        42: ([0xBDD732262FEB6E95, 0x28EFE333B266F103, 0x47526757130F9F52],
             [0.7415648787718233, 0.1599103928769201, 0.27860113025513866]),
        43: ([0xBA69EC90EB4FEF88, 0x9CDE98852E60034B, 0x6EC624AA85685867],
             [0.7281787732893573, 0.6127715420865343, 0.43271092570412983]),
        44: ([0xFB452912299A5453, 0x90F83AF9167B6122, 0x6394FB00725DCCD5],
             [0.9815240544645374, 0.5662876947521744, 0.3889920116511042]),
    }
    for seed, (u64, f64) in want.items():
        r, f = SplitMix(seed), SplitMix(seed)
        for i in range(3):
            got = r.uint64()
            assert got == u64[i], "seed %d output %d: %#x, want %#x" % (seed, i, got, u64[i])
            got = f.float64()
            assert got == f64[i], "seed %d float64 %d: %r, want %r" % (seed, i, got, f64[i])
    import struct
    r = SplitMix(42)
    for want32 in (0x3CC5E3D4, 0xBD0B4CFB, 0xBCB55EB5):
        got = struct.unpack("<I", struct.pack("<f", r.uniform(1, 0.05)[0]))[0]
        assert got == want32, "seed 42 float32: %#x, want %#x" % (got, want32)
    assert SplitMix(42).intn(10) == 3, "seed 42 intn(10) is not 3"


# The workloads, as the Go side defines them.

class MLP:
    """W1/W2: sigmoid MLP under E = 1/2 sum (t - o)^2 (workloads_test.go)."""

    def __init__(self, batch, inp, hidden, out, lr, dtype):
        self.batch, self.inp, self.hidden, self.out = batch, inp, hidden, out
        self.lr, self.dtype = lr, dtype

    def data(self):
        """x [batch*in], one-hot t [batch*out], W1 [in*hidden] (row-major
        [in, hidden]), b1, W2 [hidden*out], b2, as mlp.data."""
        rng = SplitMix(42)
        x = rng.uniform(self.batch * self.inp, 1)
        t = [0.0] * (self.batch * self.out)
        for i in range(self.batch):
            t[i * self.out + rng.intn(self.out)] = 1.0
        ws = [rng.uniform(self.inp * self.hidden, 0.05), rng.uniform(self.hidden, 0.05),
              rng.uniform(self.hidden * self.out, 0.1), rng.uniform(self.out, 0.1)]
        return x, t, ws


class Deep:
    """W3: ReLU MLP under the batch-mean softmax cross-entropy (w3_test.go)."""

    def __init__(self, batch, sizes, lr, dtype):
        self.batch, self.sizes, self.lr, self.dtype = batch, sizes, lr, dtype

    def data(self):
        """x [batch*sizes[0]], labels [batch], then per layer W [in*out]
        (row-major [in, out]) and b [out], as deep.data."""
        rng = SplitMix(43)
        x = rng.uniform(self.batch * self.sizes[0], 1)
        labels = [rng.intn(self.sizes[-1]) for _ in range(self.batch)]
        ws = []
        for l in range(1, len(self.sizes)):
            i, o = self.sizes[l - 1], self.sizes[l]
            ws.append(rng.uniform(i * o, math.sqrt(6 / i)))
            ws.append(rng.uniform(o, 0.01))
        return x, labels, ws


class Elman:
    """W4: Elman RNN, BPTT, E = 1/2 sum (h_T Wy + c - t)^2 (w4_test.go). x is
    [batch, steps*in]; step s is columns s*in .. (s+1)*in."""

    def __init__(self, batch, inp, hidden, out, steps, lr, dtype):
        self.batch, self.inp, self.hidden, self.out, self.steps = batch, inp, hidden, out, steps
        self.lr, self.dtype = lr, dtype

    def data(self):
        """x, t and Wx [in*hidden], Wh [hidden*hidden], b, Wy [hidden*out], c."""
        rng = SplitMix(44)
        x = rng.uniform(self.batch * self.steps * self.inp, 1)
        t = rng.uniform(self.batch * self.out, 1)
        ws = [rng.uniform(self.inp * self.hidden, 0.3), rng.uniform(self.hidden * self.hidden, 0.1),
              rng.uniform(self.hidden, 0.1), rng.uniform(self.hidden * self.out, 0.2),
              rng.uniform(self.out, 0.1)]
        return x, t, ws


class CNN:
    """W6/W8c: LeNet-style CNN, 1x28x28 -> conv 5x5 x20 -> max-pool 2 ->
    conv 5x5 x50 -> max-pool 2 -> dense 800-500 ReLU -> dense 500-10, batch-mean
    softmax cross-entropy, float32 (w6_test.go)."""

    def __init__(self, batch, lr):
        self.batch, self.lr, self.dtype = batch, lr, "float32"

    def data(self):
        """x [batch*28*28] (NCHW), labels, then conv1 W [20*1*5*5] (OIHW), b
        [20], conv2 W [50*20*5*5], b [50], fc1 W [800*500] (row-major [in,
        out]), b [500], fc2 W [500*10], b [10], as cnn.data."""
        rng = SplitMix(45)
        x = rng.uniform(self.batch * 28 * 28, 1)
        labels = [rng.intn(10) for _ in range(self.batch)]
        he = lambda n, fan: rng.uniform(n, math.sqrt(6 / fan))  # noqa: E731
        ws = [he(20 * 25, 25), rng.uniform(20, 0.01), he(50 * 20 * 25, 500), rng.uniform(50, 0.01),
              he(800 * 500, 800), rng.uniform(500, 0.01), he(500 * 10, 500), rng.uniform(10, 0.01)]
        return x, labels, ws


class LSTM:
    """W7: LSTM (gates i, f, g, o) over x [batch, steps, in] from zero states,
    dense hidden->classes on the last h, batch-mean softmax cross-entropy,
    float32 (w7_test.go)."""

    def __init__(self, batch, inp, hidden, steps, classes, lr):
        self.batch, self.inp, self.hidden, self.steps, self.classes = batch, inp, hidden, steps, classes
        self.lr, self.dtype = lr, "float32"

    def data(self):
        """x [batch*steps*in], labels, Wx [in*4H] (row-major [in, 4H]), Wh
        [H*4H], b [4H], Wy [H*classes], c [classes], as lstm.data."""
        rng = SplitMix(46)
        x = rng.uniform(self.batch * self.steps * self.inp, 1)
        labels = [rng.intn(self.classes) for _ in range(self.batch)]
        s, g = 1 / math.sqrt(self.hidden), 4 * self.hidden
        ws = [rng.uniform(self.inp * g, s), rng.uniform(self.hidden * g, s), rng.uniform(g, s),
              rng.uniform(self.hidden * self.classes, math.sqrt(6 / self.hidden)),
              rng.uniform(self.classes, 0.01)]
        return x, labels, ws


W1 = MLP(32, 784, 128, 10, 0.1, "float64")
W2 = MLP(256, 784, 128, 10, 0.01, "float32")
W3 = Deep(128, [784, 256, 128, 64, 10], 0.05, "float32")
W4 = Elman(16, 8, 64, 8, 32, 0.01, "float32")
W6 = CNN(64, 0.01)
W7 = LSTM(32, 32, 128, 32, 10, 0.1)
# W8: inference (forward to the logits only) of W3's network at batch 1 and
# 1,024 and of W6's at batch 1 (w8_test.go); the data depend on the batch.
W8A = Deep(1, W3.sizes, 0, "float32")
W8B = Deep(1024, W3.sizes, 0, "float32")
W8C = CNN(1, 0)
# W5: one gradient-descent step on e(w) = w^4 - 27w^2 + 14w + 120 (w5_test.go).
W5_LR, W5_START = 0.001, 5.0

WARMUP = 20  # steps before timing; the loss of the last is "loss at step 20"


def measure(step, loss, count, benchtime):
    """Runs WARMUP steps, then count blocks of about benchtime seconds;
    returns (median ms per step or None if count == 0, loss at step 20,
    steps per block)."""
    for _ in range(WARMUP):
        step()
    loss20 = float(loss())
    if count == 0:
        return None, loss20, 0
    n = 1
    while True:  # calibrate: n steps taking at least benchtime/10
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        dt = time.perf_counter() - t0
        if dt >= benchtime / 10:
            break
        n *= 2
    n = max(1, int(n * benchtime / dt))
    per = []
    for _ in range(count):
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        per.append((time.perf_counter() - t0) * 1e3 / n)
    return statistics.median(per), loss20, n


def main(engine, settings, workloads):
    """The command line of a peer script. settings maps a setting's name to
    the environment it needs; workloads(setting) returns [(name, variant,
    builder)], builder() returning (step, loss) with loss() the loss of the
    last step."""
    p = argparse.ArgumentParser(description="%s peers of chainrule's bench/ workloads" % engine)
    p.add_argument("--run", default=".", help="regexp of the workloads to run (as go test -bench)")
    p.add_argument("--count", type=int, default=6, help="timed blocks per workload")
    p.add_argument("--benchtime", type=float, default=0.5, help="seconds per timed block")
    p.add_argument("--check", action="store_true", help="the 20 steps and their loss only, no timing")
    p.add_argument("--setting", help="run this setting in this process (default: each in a child)")
    args = p.parse_args()
    selfcheck()
    if args.setting is None:
        names = list(settings)[:1] if args.check else list(settings)
        for name in names:
            env = dict(os.environ, **settings[name])
            cmd = [sys.executable] + sys.argv + ["--setting", name]
            r = subprocess.run(cmd, env=env)
            if r.returncode != 0:
                sys.exit("%s: setting %s failed (status %d)" % (engine, name, r.returncode))
        return
    if args.setting not in settings:
        sys.exit("%s: unknown setting %r (have %s)" % (engine, args.setting, ", ".join(settings)))
    for k, v in settings[args.setting].items():
        if os.environ.get(k) != v:
            sys.exit("%s: setting %s needs %s=%s in the environment before the import" % (engine, args.setting, k, v))
    pat = re.compile(args.run)
    for name, variant, build in workloads(args.setting):
        if not pat.search(name):
            continue
        step, loss = build()
        ms, loss20, n = measure(step, loss, 0 if args.check else args.count, args.benchtime)
        print("peer %s engine=%s setting=%s variant=%s ms=%s loss20=%r steps=%d" % (
            name, engine, args.setting, variant, "-" if ms is None else "%.6g" % ms, loss20, n), flush=True)


if __name__ == "__main__":
    selfcheck()
    print("peers.py: SplitMix64 self-check passed")
