# Interpolated Kneser-Ney (Chen & Goodman eq. 26, one Ney discount per order)
# on the whole embedded Opticks, written from the definition with Counters,
# for the numbers TestNGramOpticks asserts. Run by hand:
#   python3 datasets/testdata/ngram/opticks_kn.py   (about 70 CPU-seconds)
# It splits the text as NewCharCorpus(text, 0.1) does (last floor(N/10)
# characters held out), chooses the order 1..12 on the last tenth of the
# training part fitted to the rest, refits that order to the whole training
# part and prints the order, the validation bits and the test bits per
# character.
import gzip, math, os
from collections import Counter, defaultdict

here = os.path.dirname(os.path.abspath(__file__))
text = gzip.open(os.path.join(here, "..", "..", "data", "opticks.txt.gz")).read().decode("utf-8")
V = sorted(set(text))
cut = len(text) - len(text) // 10
train, test = text[:cut], text[cut:]

def fit_all(s, n):
    # Counts of every k-gram, k = 1..n, computed directly.
    raw = {k: Counter(s[i:i+k] for i in range(len(s)-k+1)) for k in range(1, n+1)}
    levels = {}
    for k in range(1, n+1):
        val = raw[k] if k == n else Counter(g[1:] for g in raw[k+1])
        sums, types = defaultdict(float), defaultdict(int)
        for g, c in val.items():
            sums[g[:-1]] += c
            types[g[:-1]] += 1
        vals = list(val.values())
        n1, n2 = vals.count(1), vals.count(2)
        d = n1 / (n1 + 2*n2) if n1 > 0 else 0.5
        levels[k] = (val, sums, types, d)
    return levels

def prob(levels, n, h, w):
    h = h[len(h)-(n-1):] if n > 1 else ""
    p = 1 / len(V)
    for k in range(1, len(h)+2):
        hk = h[len(h)-(k-1):] if k > 1 else ""
        val, sums, types, d = levels[k]
        if hk not in sums:
            continue
        p = max(val.get(hk+w, 0) - d, 0) / sums[hk] + d * types[hk] / sums[hk] * p
    return p

def bits(levels, n, context, s):
    seq = context + s
    c = len(context)
    return sum(-math.log2(prob(levels, n, seq[max(0, i-(n-1)):i], seq[i])) for i in range(c, len(seq))) / len(s)

vcut = len(train) - len(train) // 10
valid = [bits(fit_all(train[:vcut], n), n, train[:vcut], train[vcut:]) for n in range(1, 13)]
best = min(range(12), key=lambda i: valid[i]) + 1
print("characters", len(text), "distinct", len(V), "train", len(train), "test", len(test))
print("validation", ["%.4f" % b for b in valid])
print("order", best, "test bits %.6f" % bits(fit_all(train, best), best, train, test))
