package layers_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

func TestEmbedding(t *testing.T) {
	// Indices repeat (8 of them from 7 rows), so the table's gradient adds
	// up the places a row was picked.
	checkLayer(t, "Embedding", layerCase{layer: &layers.Embedding{Vocab: 7, Dim: 3}, in: []int{2, 4}, out: []int{2, 4, 3}, params: 21, vocab: 7})
	checkLayer(t, "Embedding 1-D", layerCase{layer: &layers.Embedding{Vocab: 5, Dim: 2, Init: "glorot"}, in: []int{6}, out: []int{6, 2}, params: 10, vocab: 5})
}

// Each output row is the table's row of its index.
func TestEmbeddingValues(t *testing.T) {
	st := newStore(t, dtF64)
	g := graph.New(graph.WithDtype(dtF64))
	idx := []int{3, 0, 3, 1}
	y := (&layers.Embedding{Vocab: 4, Dim: 2}).Forward(layers.NewScope(g, st, false), g.Const(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking(idx))))
	prog, err := graph.Compile(y)
	if err != nil {
		t.Fatal(err)
	}
	if err := prog.Exec(); err != nil {
		t.Fatal(err)
	}
	w, got := st.Lookup("W").Value.Float64s(), f64s(prog.Value(y))
	for i, k := range idx {
		if got[2*i] != w[2*k] || got[2*i+1] != w[2*k+1] {
			t.Fatalf("row %d is %v, want W[%d] = %v", i, got[2*i:2*i+2], k, w[2*k:2*k+2])
		}
	}
}

func TestEmbeddingErrors(t *testing.T) {
	_, err := layers.NewModel(&layers.Embedding{Vocab: 4, Dim: 2}, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 3}})
	if err == nil || !strings.Contains(err.Error(), "want int indices (set Spec.InputDtype to tensor.Int)") {
		t.Fatalf("float input: %v", err)
	}
	spec := layers.Spec{Dtype: tensor.Float64, InputDtype: tensor.Int, Input: []int{-1, 3}}
	if _, err := layers.NewModel(&layers.Embedding{Vocab: 0, Dim: 2}, spec); err == nil || !strings.Contains(err.Error(), "Vocab = 0") {
		t.Fatalf("Vocab 0: %v", err)
	}
	if _, err := layers.NewModel(&layers.Embedding{Vocab: 4, Dim: 2}, layers.Spec{Dtype: tensor.Float64, InputDtype: tensor.Float32, Input: []int{-1, 3}}); err == nil || !strings.Contains(err.Error(), "Spec.InputDtype float32, want int, float64 or unset") {
		t.Fatalf("InputDtype float32: %v", err)
	}
	m, err := layers.NewModel(&layers.Embedding{Vocab: 4, Dim: 2}, spec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(dense(tensor.Float64, []float64{1, 2, 3}, 1, 3)); err == nil || !strings.Contains(err.Error(), "want int [-1 3]") {
		t.Fatalf("float batch: %v", err)
	}
	bad := tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]int{1, 4, 0}))
	if _, err := m.Predict(bad); err == nil || !strings.Contains(err.Error(), "index 4 at position [0 1] of the indices (1, 3) is outside 0 … 3") {
		t.Fatalf("index 4 of 4 rows: %v", err)
	}
}

// tokens returns n sequences of 3 tokens in 0 … 9 and their class: 1 when
// token 7 occurs in the sequence, else 0.
func tokens(n int, seed uint64) (x, labels []int, onehot []float64) {
	r := rand.New(rand.NewPCG(seed, seed))
	for i := 0; i < n; i++ {
		c := 0
		for j := 0; j < 3; j++ {
			k := r.IntN(10)
			if k == 7 {
				c = 1
			}
			x = append(x, k)
		}
		labels = append(labels, c)
		onehot = append(onehot, b2f(c == 0), b2f(c == 1))
	}
	return x, labels, onehot
}

// A bag-of-embeddings classifier trains on int tokens with int labels
// (LabelTrainer), whose loss equals the one-hot Trainer's, and learns.
func TestEmbeddingModelWithLabels(t *testing.T) {
	root := layers.Seq(&layers.Embedding{Vocab: 10, Dim: 4}, layers.Flatten{}, &layers.Linear{Out: 8}, layers.Tanh{}, &layers.Linear{Out: 2})
	m, err := layers.NewModel(root, layers.Spec{Dtype: tensor.Float64, InputDtype: tensor.Int, Input: []int{-1, 3}, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if n := m.Store().NumParams(); n != 10*4+12*8+8+8*2+2 {
		t.Fatalf("%d params", n)
	}
	xs, ls, oh := tokens(512, 1)
	batch := func(i, j int) (*tensor.Dense, *tensor.Dense, *tensor.Dense) {
		return tensor.New(tensor.WithShape(j-i, 3), tensor.WithBacking(append([]int(nil), xs[3*i:3*j]...))),
			tensor.New(tensor.WithShape(j-i), tensor.WithBacking(append([]int(nil), ls[i:j]...))),
			dense(tensor.Float64, oh[2*i:2*j], j-i, 2)
	}
	lt, err := m.LabelTrainer(32, ops.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	ot, err := m.Trainer(32, ops.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	x, l, o := batch(0, 32)
	a, err1 := lt.Compute(x, l)
	b, err2 := ot.Compute(x, o)
	if err1 != nil || err2 != nil || a != b {
		t.Fatalf("label loss %v (%v), one-hot loss %v (%v): want equal", a, err1, b, err2)
	}
	if _, err := lt.Compute(x, o); err == nil || !strings.Contains(err.Error(), "want int (32)") {
		t.Fatalf("one-hot target to a LabelTrainer: %v", err)
	}
	opt := &solvers.Adam{Options: solvers.Options{LR: 0.05}}
	for epoch := 0; epoch < 10; epoch++ {
		for i := 0; i < 512; i += 32 {
			x, l, _ := batch(i, i+32)
			if _, err := lt.Step(x, l, opt); err != nil {
				t.Fatal(err)
			}
		}
	}
	tx, tl, _ := tokens(500, 2)
	y, err := m.Predict(tensor.New(tensor.WithShape(500, 3), tensor.WithBacking(tx)))
	if err != nil {
		t.Fatal(err)
	}
	correct := 0
	for i, c := range argmaxRows(y) {
		if c == tl[i] {
			correct++
		}
	}
	if correct < 480 {
		t.Fatalf("%d of 500 correct", correct)
	}
}
