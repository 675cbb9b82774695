// Command lstm builds two gated recurrent models from the layers package.
//
// First a one-month-ahead forecast of the airline passengers (Box &
// Jenkins, 1949–1960): an LSTM over the last 12 monthly changes and a
// linear output, trained with nets.Train through a nets.Head, against the
// naive forecast "next month equals this month" on the last quarter.
//
// Then a character-level language model of the embedded Opticks:
// Embedding (int inputs) → LSTM with an output at every step → Linear,
// trained with a LabelTrainer to predict the next character at every step
// of 64-character windows, scored in bits per character on the first 5,000
// characters of the held-out last tenth next to the smoothed n-gram model
// fitted to the same training part, and a seeded sample of generated text.
// It trains for one epoch (as many steps as the training part holds
// batches of windows) only, so that `go run ./examples/lstm` takes well
// under a minute of CPU (most of it fitting the n-gram model): give
// -epochs 10 -hidden 256 for a
// better model (chainrule train --net lstm --data opticks is the full
// recipe).
//
//	go run ./examples/lstm [-hidden 64] [-epochs 1] [-sample 200] [-seed 1]
package main

import (
	"flag"
	"fmt"
	"log"
	"math"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/nets"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

func main() {
	hidden := flag.Int("hidden", 64, "the text model's state size")
	epochs := flag.Int("epochs", 1, "the text model's epochs")
	sample := flag.Int("sample", 200, "characters to generate")
	seed := flag.Uint64("seed", 1, "seed of the weights, the shuffling and the sample")
	flag.Parse()
	if err := forecast(*seed); err != nil {
		log.Fatal(err)
	}
	if err := text(*hidden, *epochs, *sample, *seed); err != nil {
		log.Fatal(err)
	}
}

// forecast trains an LSTM on the passengers' month-to-month changes,
// scaled by their training deviation.
func forecast(seed uint64) error {
	const window = 12
	series, err := datasets.AirPassengers()
	if err != nil {
		return err
	}
	diff := make([]float64, len(series)-1)
	for i := range diff {
		diff[i] = series[i+1] - series[i]
	}
	scale := deviation(diff[:len(diff)*3/4])
	for i := range diff {
		diff[i] /= scale
	}
	ds, err := datasets.Windows(diff, window, 1)
	if err != nil {
		return err
	}
	train, test, err := datasets.SplitChronological(ds, 0.75)
	if err != nil {
		return err
	}
	// A window of 12 changes feeds the LSTM as a sequence [B, 12, 1].
	m, err := layers.NewModel(layers.Seq(&layers.LSTM{Hidden: 16}, &layers.Linear{Out: 1}),
		layers.Spec{Dtype: tensor.Float64, Input: []int{-1, window, 1}, Seed: seed})
	if err != nil {
		return err
	}
	net := nets.WithHead(m, nets.Head{Loss: nets.MSE})
	cfg := nets.Config{Epochs: 150, BatchSize: 8, Seed: seed, Quiet: true, Solver: &solvers.Adam{Options: solvers.Options{LR: 0.005}}}
	h, err := nets.Train(net, train, test, cfg)
	if err != nil {
		return err
	}
	ev, err := nets.Evaluate(net, test)
	if err != nil {
		return err
	}
	// Test sample i forecasts month m from month m−1.
	first := train.Len() + window + 1
	var se, seNaive float64
	for i, d := range ev.Outputs {
		mo := first + i
		e, n := series[mo-1]+d*scale-series[mo], series[mo-1]-series[mo]
		se, seNaive = se+e*e, seNaive+n*n
	}
	k := float64(len(ev.Outputs))
	fmt.Printf("AirPassengers, LSTM 16 over %d months, %d epochs in %.1fs: test RMSE %.1f, naive forecast %.1f\n",
		window, h.Epochs, h.Seconds, math.Sqrt(se/k), math.Sqrt(seNaive/k))
	return nil
}

// text trains the character model and samples from it.
func text(hidden, epochs, sample int, seed uint64) error {
	const steps, batch = 64, 32
	c, err := datasets.OpticksCorpus()
	if err != nil {
		return err
	}
	v := c.Vocab.Size()
	m, err := layers.NewModel(layers.Seq(&layers.Embedding{Vocab: v, Dim: 16}, &layers.LSTM{Hidden: hidden, EveryStep: true}, &layers.Linear{Out: v}),
		layers.Spec{Dtype: tensor.Float32, InputDtype: tensor.Int, Input: []int{-1, steps}, Seed: seed})
	if err != nil {
		return err
	}
	// The logits [B, T, V] against the next ids [B, T], every step a sample.
	loss := func(y, t *graph.Node) *graph.Node {
		return ops.SoftmaxCrossEntropy(ops.Reshape(y, -1, v), ops.Reshape(t, -1))
	}
	tr, err := m.LabelTrainer(batch, loss)
	if err != nil {
		return err
	}
	opt := &solvers.Adam{Options: solvers.Options{LR: 0.005, ClipNorm: 5}}
	rng := nets.NewRNG(seed)
	x, t := tensor.New(tensor.WithShape(batch, steps), tensor.Of(tensor.Int)), tensor.New(tensor.WithShape(batch, steps), tensor.Of(tensor.Int))
	perEpoch := len(c.Train) / (steps * batch)
	var last float64
	for step := 0; step < epochs*perEpoch; step++ {
		for b := 0; b < batch; b++ { // windows at random places of the training part
			at := rng.IntN(len(c.Train) - steps - 1)
			copy(x.Ints()[b*steps:], c.Train[at:at+steps])
			copy(t.Ints()[b*steps:], c.Train[at+1:at+steps+1])
		}
		if last, err = tr.Step(x, t, opt); err != nil {
			return err
		}
	}
	// Both models score the same first scored characters of the held-out
	// part (a window of 64 for each character is 64 steps: all 56,703
	// would take a minute).
	scored := c.Test[:min(scoredChars, len(c.Test))]
	bits, err := windowBits(m, c.Train, scored, steps)
	if err != nil {
		return err
	}
	ng, err := datasets.FitNGram(c.Train, v, datasets.NGramOptions{})
	if err != nil {
		return err
	}
	ngBits, err := ng.BitsPerChar(c.Train, scored)
	if err != nil {
		return err
	}
	fmt.Printf("\nOpticks, Embedding 16 → LSTM %d → Linear %d, %d epochs of %d steps (last loss %.3f nats):\n", hidden, v, epochs, perEpoch, last)
	fmt.Printf("first %d characters of the held-out last tenth: %.3f bits per character; smoothed %d-gram model %.3f\n",
		len(scored), bits, ng.Order(), ngBits)
	ids := append(make([]int, 0, steps+sample), c.Train[:steps]...)
	for len(ids) < steps+sample { // the last step's distribution, given the last 64 characters
		p, err := nextProbs(m, ids[len(ids)-steps:])
		if err != nil {
			return err
		}
		ids = append(ids, drawFrom(p, rng.Float64()))
	}
	s, err := c.Vocab.Decode(ids[steps:])
	if err != nil {
		return err
	}
	fmt.Printf("sample (seed %d), after the text's first %d characters:\n%s\n", seed, steps, s)
	return nil
}

// scoredChars is how many held-out characters the example scores.
const scoredChars = 5000

// windowBits scores every character of test given the 64 before it (the
// first ones' context is the end of train), the model run from the zero
// state over each window, in batches of 100 windows.
func windowBits(m *layers.Model, train, test []int, steps int) (float64, error) {
	seq := append(append([]int(nil), train[len(train)-steps:]...), test...)
	total := 0.0
	for lo := 0; lo < len(test); lo += 100 {
		n := min(100, len(test)-lo)
		x := tensor.New(tensor.WithShape(n, steps), tensor.Of(tensor.Int))
		for i := 0; i < n; i++ {
			copy(x.Ints()[i*steps:], seq[lo+i:lo+i+steps])
		}
		y, err := m.Predict(x) // [n, T, V] logits
		if err != nil {
			return 0, err
		}
		v := y.Shape()[2]
		for i := 0; i < n; i++ {
			p := softmax(y.Float32s()[(i*steps+steps-1)*v : (i*steps+steps)*v])
			total -= math.Log2(p[test[lo+i]])
		}
	}
	return total / float64(len(test)), nil
}

// nextProbs returns the model's distribution of the character after ids.
func nextProbs(m *layers.Model, ids []int) ([]float64, error) {
	x := tensor.New(tensor.WithShape(1, len(ids)), tensor.WithBacking(append([]int(nil), ids...)))
	y, err := m.Predict(x)
	if err != nil {
		return nil, err
	}
	v := y.Shape()[2]
	return softmax(y.Float32s()[(len(ids)-1)*v:]), nil
}

// softmax returns the probabilities of logits z.
func softmax(z []float32) []float64 {
	top := float32(math.Inf(-1))
	for _, v := range z {
		top = max(top, v)
	}
	p := make([]float64, len(z))
	sum := 0.0
	for i, v := range z {
		p[i] = math.Exp(float64(v - top))
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// drawFrom returns the index where u in [0, 1) falls in p's cumulative sum.
func drawFrom(p []float64, u float64) int {
	for i, pi := range p {
		if u < pi {
			return i
		}
		u -= pi
	}
	return len(p) - 1
}

// deviation returns the standard deviation of x.
func deviation(x []float64) float64 {
	m, s := 0.0, 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)))
}
