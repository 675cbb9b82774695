package nets

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/solvers"
)

// frozen is a solver that leaves the params as they are: training with it
// reports the loss of the initial weights at every step.
type frozen struct{}

func (frozen) Step(params, grads []*tensor.Dense) error { return nil }

// textIDs returns n ids below v drawn with a seeded generator.
func textIDs(n, v int) []int {
	rng := rand.New(rand.NewPCG(3, 5))
	ids := make([]int, n)
	for i := range ids {
		ids[i] = rng.IntN(v)
	}
	return ids
}

// TestStatefulTrainEqualsLongUnroll checks the state carried from batch
// to batch (of one layer, or of each of two stacked ones) against one long
// unroll over the concatenated windows: 7
// windows of 3 steps of a text, read by 2 streams (windows 0–2 and 3–5;
// window 6 fills no stream), give with frozen weights a mean training loss
// equal to that of a network of the same params unrolled over 9 steps on
// each stream's 9 ids (each step's target the next id), in both epochs
// (so the state starts at zero at each). Trained without Stateful, the
// shuffled windows read from the zero state give another loss.
func TestStatefulTrainEqualsLongUnroll(t *testing.T) {
	const v, steps, streams, perStream = 3, 3, 2, 3
	ids := textIDs(7*steps+1, v)
	train, err := datasets.CharSequences(ids, steps, v)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		k      Kind
		hidden []int
	}{{KindLSTM, []int{4}}, {KindGRU, []int{4}}, {KindLSTM, []int{4, 3}}, {KindGRU, []int{3, 4}}} {
		k := c.k
		spec := Spec{Kind: k, Inputs: v, Hidden: c.hidden, Outputs: v, Loss: SoftmaxCE, SeqLen: steps, EveryStep: true}
		net, err := New(spec, 1)
		if err != nil {
			t.Fatal(err)
		}
		spec.SeqLen = steps * perStream
		long, err := New(spec, 2)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range ParamValues(long) {
			copy(p.Float64s(), ParamValues(net)[i].Float64s())
		}
		want := 0.0
		for b := 0; b < streams; b++ {
			at := b * steps * perStream
			ds, err := datasets.CharSequences(ids[at:at+steps*perStream+1], steps*perStream, v)
			if err != nil {
				t.Fatal(err)
			}
			ev, err := Evaluate(long, ds)
			if err != nil {
				t.Fatal(err)
			}
			want += ev.Loss / streams
		}
		hist, err := Train(net, train, nil, Config{Epochs: 2, BatchSize: streams, Solver: frozen{}, Stateful: true, Quiet: true})
		if err != nil {
			t.Fatal(err)
		}
		for e, got := range hist.TrainLoss {
			if math.Abs(got-want) > 1e-12 {
				t.Errorf("%s, epoch %d: stateful training loss %.15g, the long unroll's %.15g", k, e+1, got, want)
			}
		}
		hist, err = Train(net, train, nil, Config{Epochs: 1, BatchSize: streams, Solver: frozen{}, Quiet: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := hist.TrainLoss[0]; math.Abs(got-want) < 1e-6 {
			t.Errorf("%s: training loss from the zero state %.15g is the long unroll's %.15g", k, got, want)
		}
	}
}

// TestStatefulErrors checks that Stateful needs a network that carries
// state, and a stream per sample of a batch.
func TestStatefulErrors(t *testing.T) {
	train, err := datasets.CharSequences(textIDs(31, 3), 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	rnn, err := New(Spec{Kind: KindRNN, Inputs: 3, Hidden: []int{4}, Outputs: 3, Loss: SoftmaxCE, SeqLen: 3, EveryStep: true}, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Train(rnn, train, nil, Config{Epochs: 1, BatchSize: 2, LR: 0.1, Stateful: true, Quiet: true})
	if err == nil || !strings.Contains(err.Error(), "carries no state") {
		t.Errorf("stateful rnn: error %v, want one saying it carries no state", err)
	}
	lstm, err := New(Spec{Kind: KindLSTM, Inputs: 3, Hidden: []int{4}, Outputs: 3, Loss: SoftmaxCE, SeqLen: 3, EveryStep: true}, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Train(lstm, train, nil, Config{Epochs: 1, BatchSize: 11, LR: 0.1, Stateful: true, Quiet: true})
	if err == nil || !strings.Contains(err.Error(), "batch size 11 for 10") {
		t.Errorf("stateful lstm, 11 streams of 10 windows: error %v", err)
	}
}

// TestStatefulTrainingIsDeterministic checks that two stateful runs with
// dropout and Adam end with the same weights, bit for bit, and that they
// differ from a shuffled run's.
func TestStatefulTrainingIsDeterministic(t *testing.T) {
	train, err := datasets.CharSequences(textIDs(201, 5), 4, 5)
	if err != nil {
		t.Fatal(err)
	}
	run := func(stateful bool) []*tensor.Dense {
		net, err := New(Spec{Kind: KindLSTM, Inputs: 5, Hidden: []int{6}, Outputs: 5, Loss: SoftmaxCE, SeqLen: 4, EveryStep: true, Dropout: 0.2, Dtype: Float32}, 1)
		if err != nil {
			t.Fatal(err)
		}
		sol := &solvers.Adam{Options: solvers.Options{LR: 0.01}}
		if _, err := Train(net, train, nil, Config{Epochs: 2, BatchSize: 4, Solver: sol, Seed: 3, Stateful: stateful, Quiet: true}); err != nil {
			t.Fatal(err)
		}
		return ParamValues(net)
	}
	a, b, c := run(true), run(true), run(false)
	same := func(x, y []*tensor.Dense) bool {
		for i := range x {
			for j, v := range x[i].Float32s() {
				if math.Float32bits(v) != math.Float32bits(y[i].Float32s()[j]) {
					return false
				}
			}
		}
		return true
	}
	if !same(a, b) {
		t.Error("two stateful runs with the same seeds: other weights")
	}
	if same(a, c) {
		t.Error("a stateful and a shuffled run: the same weights")
	}
}

// TestStatefulStepAllocatesNothing checks that a training step carrying
// the state (the finals copied into the inputs) allocates nothing.
func TestStatefulStepAllocatesNothing(t *testing.T) {
	train, err := datasets.CharSequences(textIDs(41, 3), 4, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []Kind{KindLSTM, KindGRU} {
		net, err := New(Spec{Kind: k, Inputs: 3, Hidden: []int{4}, Outputs: 3, Loss: SoftmaxCE, SeqLen: 4, EveryStep: true, Dropout: 0.1}, 1)
		if err != nil {
			t.Fatal(err)
		}
		s, err := describe(net)
		if err != nil {
			t.Fatal(err)
		}
		c, err := compile(net, s, 2, true, true)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[Kind]int{KindLSTM: 2, KindGRU: 1}[k]; len(c.carries) != want {
			t.Fatalf("%s: %d carried states, want %d", k, len(c.carries), want)
		}
		it, err := trainBatches(train, c, Config{BatchSize: 2, Stateful: true})
		if err != nil {
			t.Fatal(err)
		}
		sol := &solvers.Adam{Options: solvers.Options{LR: 0.01}}
		if a := testing.AllocsPerRun(20, func() {
			if !it.Next() {
				it.Reset()
				it.Next()
			}
			c.fill(it.X(), it.Y(), it.Mask())
			if _, err := c.step(sol); err != nil {
				t.Fatal(err)
			}
		}); a != 0 {
			t.Errorf("%s: %v allocations per stateful step, want 0", k, a)
		}
		if nz := nonZero(c.carries[0][0].Float64s()); nz == 0 {
			t.Errorf("%s: the carried h is all zeros after the steps", k)
		}
	}
}

func nonZero(s []float64) int {
	n := 0
	for _, v := range s {
		if v != 0 {
			n++
		}
	}
	return n
}

// TestStatefulGradientHoldsTheStateFixed checks that a stateful step's
// gradient is that of its loss with the carried states held fixed (no
// gradient flows back into the batch before): central differences of the
// step's loss over every param of a two-layer LSTM, its carried h and c
// (from a first step) left as they are, agree with the program's
// gradient.
func TestStatefulGradientHoldsTheStateFixed(t *testing.T) {
	train, err := datasets.CharSequences(textIDs(25, 3), 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	net, err := New(Spec{Kind: KindLSTM, Inputs: 3, Hidden: []int{3, 2}, Outputs: 3, Loss: SoftmaxCE, SeqLen: 3, EveryStep: true}, 4)
	if err != nil {
		t.Fatal(err)
	}
	s, err := describe(net)
	if err != nil {
		t.Fatal(err)
	}
	c, err := compile(net, s, 2, true, true)
	if err != nil {
		t.Fatal(err)
	}
	it, err := trainBatches(train, c, Config{BatchSize: 2, Stateful: true})
	if err != nil {
		t.Fatal(err)
	}
	it.Next()
	c.fill(it.X(), it.Y(), it.Mask())
	if _, err := c.step(frozen{}); err != nil { // carries the states into the next step
		t.Fatal(err)
	}
	if len(c.carries) != 4 || nonZero(c.carries[3][0].Float64s()) == 0 {
		t.Fatalf("%d carried states, the last %v: want 4, non-zero", len(c.carries), c.carries[len(c.carries)-1][0])
	}
	it.Next()
	c.fill(it.X(), it.Y(), it.Mask())
	loss := func() float64 {
		if err := c.Prog.Exec(); err != nil {
			t.Fatal(err)
		}
		return scalarValue(c.Prog.Value(c.Loss))
	}
	loss()
	var grads [][]float64
	for _, g := range c.GradVals {
		grads = append(grads, append([]float64(nil), g.Float64s()...))
	}
	const eps = 1e-6
	for i, p := range c.ParamVals {
		w := p.Float64s()
		for j := range w {
			w0 := w[j]
			w[j] = w0 + eps
			up := loss()
			w[j] = w0 - eps
			down := loss()
			w[j] = w0
			fd := (up - down) / (2 * eps)
			if math.Abs(fd-grads[i][j]) > 1e-7*math.Max(1, math.Abs(fd)) {
				t.Errorf("%s[%d]: gradient %.10g, central difference with the states held %.10g", c.ParamNames[i], j, grads[i][j], fd)
			}
		}
	}
}
