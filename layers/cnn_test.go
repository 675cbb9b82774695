package layers_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

// bars returns n noisy 8×8 images, [n, 1, 8, 8], of three classes: a
// horizontal bar (class 0), a vertical bar (1) or both, a cross (2), at
// random rows and columns; and their one-hot classes.
func bars(n int, seed uint64) (x, t []float64) {
	r := rand.New(rand.NewPCG(seed, seed))
	for i := 0; i < n; i++ {
		c, row, col := i%3, 1+r.IntN(6), 1+r.IntN(6)
		for p := 0; p < 8; p++ {
			for q := 0; q < 8; q++ {
				v := 0.3 * r.NormFloat64()
				if c != 1 && p == row || c != 0 && q == col {
					v += 1
				}
				x = append(x, v)
			}
		}
		t = append(t, b2f(c == 0), b2f(c == 1), b2f(c == 2))
	}
	return x, t
}

// cnn is Conv2D→ReLU→MaxPool→Conv2D→ReLU→MaxPool→Flatten→Linear→ReLU→
// Dropout→Linear over [B, 1, 8, 8], with batch norm after each convolution
// when bn is set. Its params: 4·1·3·3 + 4 = 40, 8·4·3·3 + 8 = 296,
// 8·2·2·16 + 16 = 528, 16·3 + 3 = 51: 915; batch norm adds 2·4 + 2·8 = 24
// params and as many state scalars.
func cnn(bn bool) layers.Layer {
	block := func(out int) []layers.Layer {
		ls := []layers.Layer{&layers.Conv2D{Out: out, Kernel: [2]int{3, 3}, Padding: [2]int{1, 1}}}
		if bn {
			ls = append(ls, &layers.BatchNorm{})
		}
		return append(ls, layers.ReLU{}, &layers.MaxPool2D{Kernel: [2]int{2, 2}})
	}
	ls := append(block(4), block(8)...)
	return layers.Seq(append(ls, layers.Flatten{}, &layers.Linear{Out: 16, Init: "he"}, layers.ReLU{}, &layers.Dropout{P: 0.2}, &layers.Linear{Out: 3})...)
}

// A CNN, with and without batch norm, trains at batch 64 and predicts 1,000
// images at batch 1,000 and at batch 1 with the same values per row:
// bit-identical with chainrule's GEMM (each image's convolution is its own
// product, and GoBLAS sums each row alike whatever the number of rows);
// with OpenBLAS, to the tolerances TestModelAnyBatchSize explains (the
// dense layers' rows past the last full micro-tile).
func TestCNNAnyBatchSize(t *testing.T) {
	defer func(g ops.Gemm) { ops.BLAS = g }(ops.BLAS)
	for _, gemm := range []ops.Gemm{ops.GoBLAS{}, ops.BLAS} {
		ops.BLAS = gemm
		for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
			for _, bn := range []bool{false, true} {
				cnnAnyBatch(t, dt, bn, ops.BLASName())
			}
		}
	}
}

func cnnAnyBatch(t *testing.T, dt tensor.Dtype, bn bool, gemm string) {
	exact := strings.HasPrefix(gemm, "go")
	tol := 1e-14
	if dt == tensor.Float32 {
		tol = 1e-6
	}
	m, err := layers.NewModel(cnn(bn), layers.Spec{Dtype: dt, Input: []int{-1, 1, 8, 8}, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	want := 915
	if bn {
		want += 24
	}
	if n := m.Store().NumParams(); n != want {
		t.Fatalf("%d params, want %d", n, want)
	}
	const train, test, epochs = 1536, 1000, 6
	xs, ts := bars(train, 1)
	tr, err := m.Trainer(64, ops.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	opt := &solvers.Adam{Options: solvers.Options{LR: 0.01}}
	var first, last float64
	for epoch := 0; epoch < epochs; epoch++ {
		for i := 0; i < train; i += 64 {
			l, err := tr.Step(dense(dt, xs[i*64:(i+64)*64], 64, 1, 8, 8), dense(dt, ts[i*3:(i+64)*3], 64, 3), opt)
			if err != nil {
				t.Fatal(err)
			}
			if epoch == 0 && i == 0 {
				first = l
			}
			last = l
		}
	}
	if !(last < first/4) {
		t.Fatalf("%s %v bn %v: loss %v → %v, did not train", gemm, dt, bn, first, last)
	}
	if m.Counter() != epochs*train/64 {
		t.Fatalf("counter %d after %d steps", m.Counter(), epochs*train/64)
	}
	qx, qt := bars(test, 2)
	all, err := m.Predict(dense(dt, qx, test, 1, 8, 8))
	if err != nil {
		t.Fatal(err)
	}
	big := f64s(all)
	correct, worst := 0, 0.0
	for i := 0; i < test; i++ {
		one, err := m.Predict(dense(dt, qx[i*64:(i+1)*64], 1, 1, 8, 8))
		if err != nil {
			t.Fatal(err)
		}
		o := f64s(one)
		for k := 0; k < 3; k++ {
			v, w := o[k], big[i*3+k]
			worst = max(worst, math.Abs(v-w)/max(1e-300, math.Abs(w)))
			if exact && v != w || math.Abs(v-w) > tol*max(1, math.Abs(w)) {
				t.Fatalf("%s %v bn %v: image %d class %d: %v at batch 1, %v at batch %d", gemm, dt, bn, i, k, v, w, test)
			}
		}
		c := argmax(o)
		if c != argmax(big[i*3:i*3+3]) {
			t.Fatalf("%s %v bn %v: image %d: class %d at batch 1, another at batch %d", gemm, dt, bn, i, c, test)
		}
		if qt[i*3+c] == 1 {
			correct++
		}
	}
	t.Logf("%s %v bn %v: loss %.3f → %.3f, %d of %d correct, worst relative difference %g", gemm, dt, bn, first, last, correct, test, worst)
	if correct < 950 {
		t.Fatalf("%s %v bn %v: %d of %d correct", gemm, dt, bn, correct, test)
	}
}

// A training step of the CNN (dropout and batch norm included) and a
// prediction, at batch sizes seen before, allocate nothing.
func TestCNNStepAllocatesNothing(t *testing.T) {
	m, err := layers.NewModel(cnn(true), layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 1, 8, 8}, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	xs, ts := bars(64, 1)
	x, y := dense(tensor.Float32, xs, 64, 1, 8, 8), dense(tensor.Float32, ts, 64, 3)
	x1 := dense(tensor.Float32, xs[:64], 1, 1, 8, 8)
	tr, err := m.Trainer(64, ops.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	opt := &solvers.Adam{Options: solvers.Options{LR: 0.01}}
	step := func() {
		if _, err := tr.Step(x, y, opt); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Predict(x1); err != nil {
			t.Fatal(err)
		}
	}
	step()
	if a := testing.AllocsPerRun(10, step); a != 0 && allocsUncountable() == "" {
		t.Fatalf("%v allocations per cached step and predict, want 0", a)
	}
}

// argmax returns the index of v's largest element.
func argmax(v []float64) int {
	best := 0
	for i := range v {
		if v[i] > v[best] {
			best = i
		}
	}
	return best
}
