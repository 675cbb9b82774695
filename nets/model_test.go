package nets

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

// irisParts returns iris split 80/20, stratified.
func irisParts(t *testing.T) (train, test *datasets.Dataset) {
	t.Helper()
	iris, err := datasets.Iris()
	if err != nil {
		t.Fatal(err)
	}
	train, test, err = datasets.StratifiedSplit(iris, 0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

// bnNet is a user's own composition with state: Linear, BatchNorm, ReLU,
// Linear, the logits of iris's 3 classes.
func bnNet(t *testing.T, seed uint64) *layers.Model {
	t.Helper()
	m, err := layers.NewModel(layers.Seq(&layers.Linear{Out: 8, Init: "he"}, &layers.BatchNorm{Features: 8}, layers.ReLU{}, &layers.Linear{Out: 3}),
		layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func closeTo(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

// TestTrainLayersModelMatchesTrainer trains a user's composition of layers
// (with batch norm's state) with nets.Train, and the same model by hand
// with layers.Trainer.Step and ops.SoftmaxCrossEntropy on the same
// shuffled batches: the epoch losses, the params and the running
// statistics agree. So nets.Train builds its layers in training mode,
// applies the state updates and hands the solver every param with its
// gradient, as layers does.
func TestTrainLayersModelMatchesTrainer(t *testing.T) {
	train, _ := irisParts(t)
	const epochs, batch, seed = 3, 16, 7
	m1, m2 := bnNet(t, 3), bnNet(t, 3)
	h, err := Train(WithHead(m1, Head{Loss: SoftmaxCE}), train, nil,
		Config{Epochs: epochs, BatchSize: batch, Solver: &solvers.SGD{Options: solvers.Options{LR: 0.1}}, Seed: seed, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := m2.Trainer(batch, ops.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	sgd := &solvers.SGD{Options: solvers.Options{LR: 0.1}}
	it, err := datasets.NewBatches(train, batch, NewRNG(seed), true)
	if err != nil {
		t.Fatal(err)
	}
	for e := 0; e < epochs; e++ {
		sum := 0.0
		for it.Next() {
			loss, err := tr.Step(it.X(), it.OneHot(), sgd)
			if err != nil {
				t.Fatal(err)
			}
			sum += loss
		}
		it.Reset()
		if got, want := h.TrainLoss[e], sum/float64(it.NumBatches()); !closeTo(got, want, 1e-12) {
			t.Errorf("epoch %d: nets.Train's loss %v, layers.Trainer's %v", e+1, got, want)
		}
	}
	for i, e := range m1.Store().Entries() {
		a, b := e.Value.Float64s(), m2.Store().Entries()[i].Value.Float64s()
		for j := range a {
			if !closeTo(a[j], b[j], 1e-10) {
				t.Fatalf("%s[%d] = %v after nets.Train, %v after layers.Trainer", e.Name, j, a[j], b[j])
			}
		}
	}
	if mean := m1.Store().Lookup("1.mean").Value.Float64s(); mean[0] == 0 && mean[1] == 0 {
		t.Error("batch norm's running mean did not move: the training program applied no state update")
	}
}

// TestEvaluateLayersModel checks that Evaluate runs a composition in
// evaluation mode (batch norm's running statistics, which it leaves
// unchanged): its outputs are the softmax of layers' own Predict, its
// accuracy the share of rows whose arg-max is the label; and that early
// stopping restored the best epoch's params and state.
func TestEvaluateLayersModel(t *testing.T) {
	train, test := irisParts(t)
	m := bnNet(t, 4)
	h, err := Train(WithHead(m, Head{Loss: SoftmaxCE}), train, test, Config{Epochs: 40, BatchSize: 8, Solver: &solvers.Adam{Options: solvers.Options{LR: 0.05}}, Seed: 2, Patience: 4, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	if h.BestEpoch == h.Epochs {
		t.Fatalf("the best epoch is the last (%d): the test does not exercise the restore", h.Epochs)
	}
	before, err := layers.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := Evaluate(WithHead(m, Head{Loss: SoftmaxCE}), test)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := layers.Encode(m); !bytes.Equal(before, after) {
		t.Error("Evaluate changed the model's tensors")
	}
	// Early stopping restored the params and batch norm's running
	// statistics of the best epoch: the test loss is that epoch's again.
	if want := h.TestLoss[h.BestEpoch-1]; ev.Loss != want {
		t.Errorf("test loss %v after training, %v at the best epoch %d of %d", ev.Loss, want, h.BestEpoch, h.Epochs)
	}
	y, err := m.Predict(test.X)
	if err != nil {
		t.Fatal(err)
	}
	logits, labels := y.Float64s(), test.Y.Ints()
	right := 0
	for i, l := range labels {
		row := logits[3*i : 3*i+3]
		mx := math.Max(row[0], math.Max(row[1], row[2]))
		sum := 0.0
		for _, v := range row {
			sum += math.Exp(v - mx)
		}
		best := 0
		for k, v := range row {
			if p := math.Exp(v-mx) / sum; !closeTo(ev.Outputs[3*i+k], p, 1e-12) {
				t.Fatalf("row %d: output %d is %v, softmax of Predict's logits %v", i, k, ev.Outputs[3*i+k], p)
			}
			if v > row[best] {
				best = k
			}
		}
		if best == l {
			right++
		}
	}
	if want := float64(right) / float64(len(labels)); ev.Accuracy != want || want < 0.8 {
		t.Errorf("accuracy %v, by hand %v (want it above 0.8 after training)", ev.Accuracy, want)
	}
}

// TestCompileModes checks that a training program is in training mode and
// an evaluation program is not, so that dropout drops only in training.
func TestCompileModes(t *testing.T) {
	drop := layers.Func(func(x *graph.Node) *graph.Node { return ops.Dropout(x, 0.5, 1) })
	m, err := layers.NewModel(layers.Seq(&layers.Linear{Out: 50}, drop), layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	model := WithHead(m, Head{Loss: MSE})
	trainC, err := Compile(model, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	evalC, err := Compile(model, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	if !trainC.Prog.Training() || evalC.Prog.Training() {
		t.Fatalf("training program in training mode: %v, evaluation program: %v", trainC.Prog.Training(), evalC.Prog.Training())
	}
	for _, c := range []*Compiled{trainC, evalC} {
		copy(c.XBuf.Float64s(), []float64{1, 2, 3, 4, 5, 6, 7, 8})
		if err := c.Prog.Exec(); err != nil {
			t.Fatal(err)
		}
	}
	zeros := func(c *Compiled) int {
		n := 0
		for _, v := range c.Prog.Value(c.Logits).Float64s() {
			if v == 0 {
				n++
			}
		}
		return n
	}
	if zt, ze := zeros(trainC), zeros(evalC); zt < 20 || ze != 0 {
		t.Errorf("dropout zeroed %d of 100 in training, %d in evaluation; want about half and none", zt, ze)
	}
	if got := trainC.ParamNames; len(got) != 2 || got[0] != "0.W" || got[1] != "0.b" {
		t.Errorf("param names %v, want the store's [0.W 0.b]", got)
	}
}

// TestModelErrors checks that a model Train and Evaluate cannot run is an
// error saying why, never a panic.
func TestModelErrors(t *testing.T) {
	train, _ := irisParts(t)
	mk := func(root layers.Layer, input ...int) *layers.Model {
		m, err := layers.NewModel(root, layers.Spec{Dtype: tensor.Float64, Input: input, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	seq3 := layers.Func(func(x *graph.Node) *graph.Node { return ops.Reshape(x, -1, 1, 3) })
	var nilFF *FF
	for _, tc := range []struct {
		name  string
		model Model
		want  string
	}{
		{"nil", nil, "nil network"},
		{"nil FF", nilFF, "nil network"},
		{"zero FF", &FF{}, "has no layers model"},
		{"nil layers", WithHead(nil, Head{Loss: MSE}), "has no layers model"},
		{"fixed batch", WithHead(mk(&layers.Linear{Out: 3}, 4, 4), Head{Loss: SoftmaxCE}), "fixes the batch size to 4"},
		{"rank-3 output", WithHead(mk(layers.Seq(&layers.Linear{Out: 3}, seq3), -1, 4), Head{Loss: SoftmaxCE}), "want [1, K]"},
		{"no loss", WithHead(mk(&layers.Linear{Out: 3}, -1, 4), Head{}), `loss ""`},
		{"masked bce", WithHead(mk(&layers.Linear{Out: 3}, -1, 4), Head{Loss: BCE, Masked: true}), "a mask needs loss mse"},
		{"step", WithHead(mk(&layers.Linear{Out: 3}, -1, 4), Head{Loss: MSE, Step: 2}), "do not divide the 3 outputs"},
		{"softmax of 1", WithHead(mk(&layers.Linear{Out: 1}, -1, 4), Head{Loss: SoftmaxCE}), "at least 2 outputs"},
		{"classes", WithHead(mk(&layers.Linear{Out: 4}, -1, 4), Head{Loss: SoftmaxCE}), "has 3 classes, the network has 4 outputs"},
		{"features", WithHead(mk(&layers.Linear{Out: 3}, -1, 5), Head{Loss: SoftmaxCE}), "has 4 features per sample, the model network takes 5"},
	} {
		_, err := Train(tc.model, train, nil, Config{Epochs: 1, Quiet: true})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Train: %v, want an error saying %q", tc.name, err, tc.want)
		}
		_, err = Evaluate(tc.model, train)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Evaluate: %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
}

// TestNetworksAreLayersModels saves each of the four networks' layers
// models with layers.Save, loads them back with layers.Load (no nets code
// but the registered nets.RNN) and checks that layers' own Predict gives
// the logits nets' evaluation program computes, bit for bit.
func TestNetworksAreLayersModels(t *testing.T) {
	for _, spec := range []Spec{
		{Kind: KindPerceptron, Inputs: 3, Outputs: 1},
		{Kind: KindFF, Inputs: 3, Hidden: []int{4}, Outputs: 2, Loss: SoftmaxCE},
		{Kind: KindDFF, Inputs: 3, Hidden: []int{5, 4}, Outputs: 2, Dtype: Float32},
		{Kind: KindRNN, Inputs: 1, Hidden: []int{4}, Outputs: 1, SeqLen: 3},
		{Kind: KindRNN, Inputs: 1, Hidden: []int{4}, Outputs: 1, SeqLen: 3, EveryStep: true},
	} {
		net, err := New(spec, 5)
		if err != nil {
			t.Fatal(err)
		}
		data, err := layers.Encode(net.Layers())
		if err != nil {
			t.Fatalf("%s: layers.Encode: %v", spec.Kind, err)
		}
		back, err := layers.Decode(data)
		if err != nil {
			t.Fatalf("%s: layers.Decode: %v", spec.Kind, err)
		}
		s := net.Spec()
		// The MSE head's output is the identity of the logits.
		c, err := Compile(WithHead(net.Layers(), Head{Loss: MSE}), 3, false)
		if err != nil {
			t.Fatal(err)
		}
		x := tensor.New(tensor.WithShape(3, s.InputWidth()), tensor.Of(s.Dtype.Tensor()))
		for i := 0; i < x.Size(); i++ {
			v := math.Sin(float64(i))
			if s.Dtype == Float32 {
				x.Float32s()[i] = float32(v)
				c.XBuf.Float32s()[i] = float32(v)
			} else {
				x.Float64s()[i] = v
				c.XBuf.Float64s()[i] = v
			}
		}
		if err := c.Prog.Exec(); err != nil {
			t.Fatal(err)
		}
		y, err := back.Predict(x)
		if err != nil {
			t.Fatalf("%s: Predict: %v", spec.Kind, err)
		}
		if !bytes.Equal(rawBytes(y), rawBytes(c.Prog.Value(c.Output))) {
			t.Errorf("%s: the loaded layers model's logits differ from nets'", spec.Kind)
		}
	}
}

func rawBytes(t *tensor.Dense) []byte {
	var b []byte
	if t.Dtype() == tensor.Float32 {
		for _, v := range t.Float32s() {
			u := math.Float32bits(v)
			b = append(b, byte(u), byte(u>>8), byte(u>>16), byte(u>>24))
		}
		return b
	}
	for _, v := range t.Float64s() {
		b = append(b, binaryBits(v)...)
	}
	return b
}

// TestLayersModelStepAllocatesNothing checks that Train's step (fill the
// batch, run, check the loss and gradients, copy batch norm's state in,
// step the solver) allocates nothing for a composition with state, in both
// dtypes.
func TestLayersModelStepAllocatesNothing(t *testing.T) {
	train, _ := irisParts(t)
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		m, err := layers.NewModel(layers.Seq(&layers.Linear{Out: 8}, &layers.BatchNorm{Features: 8}, layers.Tanh{}, &layers.Linear{Out: 3}),
			layers.Spec{Dtype: dt, Input: []int{-1, 4}, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		c, err := Compile(WithHead(m, Head{Loss: SoftmaxCE}), 16, true)
		if err != nil {
			t.Fatal(err)
		}
		it, err := datasets.NewBatches(train, 16, NewRNG(1), true)
		if err != nil {
			t.Fatal(err)
		}
		sol := &solvers.Adam{Options: solvers.Options{LR: 0.01}}
		it.Next()
		x, y := it.X(), it.Y()
		if _, err := c.step(sol); err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(20, func() {
			c.fill(x, y, nil)
			if _, err := c.step(sol); err != nil {
				t.Fatal(err)
			}
		}); a != 0 {
			t.Errorf("%v: %v allocations per step, want 0", dt, a)
		}
	}
}

// TestTrainNamesTheNodeOfANaNInAModel checks that the NaN check names the
// node for a composition of layers as for the four networks, and leaves
// the tensors unchanged.
func TestTrainNamesTheNodeOfANaNInAModel(t *testing.T) {
	train, _ := irisParts(t)
	m := bnNet(t, 1)
	m.Store().Lookup("3.W").Value.Float64s()[4] = math.Inf(1)
	before := append([]float64(nil), m.Store().Lookup("0.W").Value.Float64s()...)
	_, err := Train(WithHead(m, Head{Loss: SoftmaxCE}), train, nil, Config{Epochs: 1, BatchSize: 8, Quiet: true})
	if err == nil || !strings.Contains(err.Error(), "non-finite loss") || !strings.Contains(err.Error(), "graph: ") {
		t.Fatalf("Train: %v, want a non-finite loss naming the node", err)
	}
	t.Log(err)
	for i, v := range m.Store().Lookup("0.W").Value.Float64s() {
		if v != before[i] {
			t.Fatalf("0.W[%d] changed by the failing step", i)
		}
	}
}
