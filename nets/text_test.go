package nets

import (
	"math"
	"testing"
)

// charModel returns an LSTM over a vocabulary of 2 whose output ignores
// its state: Wy = 0, by = (ln 3, 0), so P = (¾, ¼) at every step.
func charModel(t *testing.T, kind Kind) Network {
	t.Helper()
	net, err := New(Spec{Kind: kind, Inputs: 2, Hidden: []int{3}, Outputs: 2, Loss: SoftmaxCE, SeqLen: 4, EveryStep: true}, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range net.Params() {
		switch p.Name {
		case "Wy":
			clear(p.Value.Float64s())
		case "by":
			copy(p.Value.Float64s(), []float64{math.Log(3), 0})
		}
	}
	return net
}

// TestCharBitsByHand scores ids 0, 1, 0, 0 under P = (¾, ¼): bits per
// character (3·log2(4/3) + log2 4)/4 = 0.8112781; without context the
// first id counts log2 2 = 1 bit (uniform), (1 + 2·log2(4/3) + 2)/4 =
// 0.9575187.
func TestCharBitsByHand(t *testing.T) {
	for _, k := range []Kind{KindLSTM, KindGRU, KindRNN} {
		net := charModel(t, k)
		got, err := CharBits(net, []int{1}, []int{0, 1, 0, 0})
		if err != nil {
			t.Fatal(err)
		}
		if want := (3*math.Log2(4.0/3) + 2) / 4; math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: %v bits per character, want %v", k, got, want)
		}
		got, err = CharBits(net, nil, []int{0, 1, 0, 0})
		if err != nil {
			t.Fatal(err)
		}
		if want := (1 + 2*math.Log2(4.0/3) + 2) / 4; math.Abs(got-want) > 1e-12 {
			t.Errorf("%s without context: %v bits per character, want %v", k, got, want)
		}
	}
	net := charModel(t, KindLSTM)
	for _, c := range []struct {
		ctx, ids []int
	}{{nil, nil}, {nil, []int{2}}, {[]int{-1}, []int{0}}} {
		if _, err := CharBits(net, c.ctx, c.ids); err == nil {
			t.Errorf("CharBits(%v, %v): no error", c.ctx, c.ids)
		}
	}
	ff, err := New(Spec{Kind: KindFF, Inputs: 2, Hidden: []int{2}, Outputs: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CharBits(ff, nil, []int{0}); err == nil {
		t.Error("CharBits on an ff network: no error")
	}
}

// TestSampleCharsSeeded checks that sampling is a function of the seed,
// and that P = (¾, ¼) sampled 4,000 times gives about 3,000 zeros
// (binomial deviation 27), and a temperature of 0.01 (P ∝ (¾)^100, (¼)^100)
// only zeros.
func TestSampleCharsSeeded(t *testing.T) {
	net := charModel(t, KindLSTM)
	a, err := SampleChars(net, []int{0}, 4000, 1, NewRNG(5))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SampleChars(net, []int{0}, 4000, 1, NewRNG(5))
	c, _ := SampleChars(net, []int{0}, 4000, 1, NewRNG(6))
	zeros, same, other := 0, true, true
	for i := range a {
		if a[i] == 0 {
			zeros++
		}
		same = same && a[i] == b[i]
		other = other && a[i] == c[i]
	}
	if !same || other {
		t.Errorf("seed 5 twice the same: %v; seeds 5 and 6 the same: %v", same, other)
	}
	if zeros < 3000-150 || zeros > 3000+150 {
		t.Errorf("%d zeros in 4000 draws at P(0) = ¾", zeros)
	}
	cold, err := SampleChars(net, []int{1}, 200, 0.01, NewRNG(5))
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range cold {
		if id != 0 {
			t.Fatalf("temperature 0.01: id %d at %d", id, i)
		}
	}
	for _, bad := range []struct {
		prime []int
		n     int
		temp  float64
	}{{nil, 1, 1}, {[]int{0}, -1, 1}, {[]int{0}, 1, 0}, {[]int{0}, 1, math.Inf(1)}, {[]int{5}, 1, 1}} {
		if _, err := SampleChars(net, bad.prime, bad.n, bad.temp, NewRNG(1)); err == nil {
			t.Errorf("SampleChars(%v, %d, %v): no error", bad.prime, bad.n, bad.temp)
		}
	}
}
