# Interpolated Kneser-Ney from the definitions (Chen & Goodman eq. 26), brute
# force, for TestNGramOrder3AgainstPython. Prints the bits per character of
# the test text after the training text, the discounts, P(r|ab), P(b|xa).
import math
train, test, V = "abracadabra", "cadabrx", "abcdrx"
n = 3
def grams(s, k): return [s[i:i+k] for i in range(len(s)-k+1)]
def val(k, g):  # count at the top order, continuation count below
    if k == n: return grams(train, k).count(g)
    return len({x for x in grams(train, k+1) if x[1:] == g})
def disc(k):
    gs = set(grams(train, k)) if k == n else {x[1:] for x in grams(train, k+1)}
    vs = [val(k, g) for g in gs]
    n1, n2 = vs.count(1), vs.count(2)
    return n1/(n1+2*n2) if n1 > 0 else 0.5
def P(h, w):
    p = 1/len(V)
    for k in range(1, len(h)+2):
        hk = h[len(h)-(k-1):] if k > 1 else ""
        s = sum(val(k, hk+x) for x in V); t = sum(1 for x in V if val(k, hk+x) > 0)
        if s == 0: continue
        D = disc(k)
        p = max(val(k, hk+w)-D, 0)/s + D*t/s*p
    return p
seq = train + test
bits = [-math.log2(P(seq[max(0,i-(n-1)):i], seq[i])) for i in range(len(train), len(seq))]
print(repr(sum(bits)/len(bits)), [disc(k) for k in (1,2,3)], repr(P("ab","r")), repr(P("xa","b")))
