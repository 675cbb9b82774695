package layers_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

// blobs returns n points of 4 features in 3 Gaussian clusters, one-hot.
func blobs(n int, seed uint64) (x, t []float64) {
	r := rand.New(rand.NewPCG(seed, seed))
	for i := 0; i < n; i++ {
		c := i % 3
		for j := 0; j < 4; j++ {
			centre := 0.0
			if j == c {
				centre = 2
			}
			x = append(x, centre+0.5*r.NormFloat64())
		}
		for k := 0; k < 3; k++ {
			t = append(t, b2f(k == c))
		}
	}
	return x, t
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func mlp() layers.Layer {
	return layers.Seq(&layers.Linear{Out: 16, Init: "he"}, layers.ReLU{}, &layers.Linear{Out: 3})
}

func dense(dt tensor.Dtype, v []float64, shape ...int) *tensor.Dense {
	if dt == tensor.Float32 {
		s := make([]float32, len(v))
		for i := range v {
			s[i] = float32(v[i])
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(s))
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), v...)))
}

// rows of x [n, 4] from i to j.
func rows(dt tensor.Dtype, x []float64, i, j int) *tensor.Dense {
	return dense(dt, x[i*4:j*4], j-i, 4)
}

// A model trained at batch 32 predicts at batch 1, 7 and 2,000 with the same
// values per row. With chainrule's own GEMM (GoBLAS) they are bit-identical:
// every op is row-wise and the kernels sum each row's dot products in the
// same order whatever the number of rows. OpenBLAS's dgemm computes rows past
// the last full micro-tile of 4 rows (a batch of 1, 2, 3, 7) with its edge
// kernels, which accumulate in another order: those rows differ from the
// batch-2,000 ones in the last bits (measured on a Haswell-class CPU: a
// worst relative difference of 7e-14, on an output near 0; sgemm's rows were
// bit-identical), and the predicted classes are the same. So under OpenBLAS
// the test asserts agreement to 1e-14·max(1, |v|) for float64 and
// 1e-6·max(1, |v|) for float32, and equal argmax.
func TestModelAnyBatchSize(t *testing.T) {
	defer func(g ops.Gemm) { ops.BLAS = g }(ops.BLAS)
	for _, gemm := range []ops.Gemm{ops.GoBLAS{}, ops.BLAS} {
		ops.BLAS = gemm
		for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
			anyBatch(t, dt, ops.BLASName())
		}
	}
}

func anyBatch(t *testing.T, dt tensor.Dtype, gemm string) {
	exact := strings.HasPrefix(gemm, "go")
	tol := 1e-14
	if dt == tensor.Float32 {
		tol = 1e-6
	}
	{
		m, err := layers.NewModel(mlp(), layers.Spec{Dtype: dt, Input: []int{-1, 4}, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if n := m.Store().NumParams(); n != 4*16+16+16*3+3 {
			t.Fatalf("%d params", n)
		}
		xs, ts := blobs(2000, 5)
		tr, err := m.Trainer(32, ops.SoftmaxCrossEntropy)
		if err != nil {
			t.Fatal(err)
		}
		opt := &solvers.SGD{Options: solvers.Options{LR: 0.1}}
		var first, last float64
		for epoch := 0; epoch < 3; epoch++ {
			for i := 0; i+32 <= 2000; i += 32 {
				l, err := tr.Step(rows(dt, xs, i, i+32), dense(dt, ts[i*3:(i+32)*3], 32, 3), opt)
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
			t.Fatalf("%v: loss %v → %v, did not train", dt, first, last)
		}
		all, err := m.Predict(rows(dt, xs, 0, 2000))
		if err != nil {
			t.Fatal(err)
		}
		big := f64s(all)
		for _, b := range []int{1, 7} {
			correct, worst := 0, 0.0
			for i := 0; i+b <= 2000; i += b {
				out, err := m.Predict(rows(dt, xs, i, i+b))
				if err != nil {
					t.Fatal(err)
				}
				o := f64s(out)
				for r := 0; r < b; r++ {
					best, bigBest := 0, 0
					for k := 0; k < 3; k++ {
						v, w := o[r*3+k], big[(i+r)*3+k]
						if d := math.Abs(v-w) / max(1e-300, math.Abs(w)); d > worst {
							worst = d
						}
						if exact && v != w || math.Abs(v-w) > tol*max(1, math.Abs(w)) {
							t.Fatalf("%s %v: row %d class %d: %v at batch %d, %v at batch 2000", gemm, dt, i+r, k, v, b, w)
						}
						if v > o[r*3+best] {
							best = k
						}
						if w > big[(i+r)*3+bigBest] {
							bigBest = k
						}
					}
					if best != bigBest {
						t.Fatalf("%s %v: row %d: class %d at batch %d, %d at batch 2000", gemm, dt, i+r, best, b, bigBest)
					}
					if ts[(i+r)*3+best] == 1 {
						correct++
					}
				}
			}
			t.Logf("%s %v batch %d: worst relative difference %g", gemm, dt, b, worst)
			if correct < 1900 {
				t.Fatalf("%v: %d of 2000 correct", dt, correct)
			}
		}
		// The trainer and the batch 1, 7 and 2000 evaluation programs are cached.
		if m.Cached() != 4 {
			t.Fatalf("%d programs cached, want 4", m.Cached())
		}
	}
}

func TestModelStepAllocatesNothing(t *testing.T) {
	m, err := layers.NewModel(mlp(), layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 4}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	xs, ts := blobs(64, 1)
	tr, err := m.Trainer(32, ops.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	x, y := rows(tensor.Float32, xs, 0, 32), dense(tensor.Float32, ts[:96], 32, 3)
	x7 := rows(tensor.Float32, xs, 0, 7)
	opt := &solvers.Adam{Options: solvers.Options{LR: 0.01}}
	if _, err := tr.Step(x, y, opt); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(x7); err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(20, func() {
		if _, err := tr.Step(x, y, opt); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Predict(x7); err != nil {
			t.Fatal(err)
		}
	}); a != 0 && allocsUncountable() == "" {
		t.Fatalf("%v allocations per cached step and predict, want 0", a)
	}
}

func TestModelCacheEvicts(t *testing.T) {
	m, err := layers.NewModel(mlp(), layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}, Seed: 1, Programs: 2})
	if err != nil {
		t.Fatal(err)
	}
	xs, _ := blobs(8, 1)
	var want []float64
	for _, b := range []int{1, 2, 3, 1} {
		y, err := m.Predict(rows(tensor.Float64, xs, 0, b))
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = f64s(y)
		} else if got := f64s(y)[:3]; got[0] != want[0] || got[2] != want[2] {
			t.Fatalf("batch %d row 0 %v, want %v", b, got, want)
		}
	}
	if m.Cached() != 2 {
		t.Fatalf("%d cached, want 2", m.Cached())
	}
}

func TestModelErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		root layers.Layer
		spec layers.Spec
		want string
	}{
		{"nil", nil, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}}, "nil root"},
		{"dtype", mlp(), layers.Spec{Dtype: tensor.Int, Input: []int{-1, 4}}, "Spec.Dtype int"},
		{"input", mlp(), layers.Spec{Dtype: tensor.Float64}, "Spec.Input is empty"},
		{"dim", mlp(), layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 0}}, "dimension 1 is 0"},
		{"in", &layers.Linear{In: 5, Out: 2}, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}}, "has 4 features, want In = 5"},
		{"out", layers.Seq(&layers.Linear{Out: 2}, &layers.Linear{}), layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}}, `in layer "1" (linear.go:35): Out = 0, want >= 1`},
	} {
		_, err := layers.NewModel(c.root, c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	m, err := layers.NewModel(mlp(), layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(dense(tensor.Float64, make([]float64, 10), 2, 5)); err == nil || !strings.Contains(err.Error(), "input is float64 (2, 5), want float64 [-1 4]") {
		t.Errorf("wrong width: %v", err)
	}
	if _, err := m.Predict(dense(tensor.Float32, make([]float64, 8), 2, 4)); err == nil || !strings.Contains(err.Error(), "want float64") {
		t.Errorf("wrong dtype: %v", err)
	}
	tr, err := m.Trainer(2, ops.MeanSquaredError)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Compute(dense(tensor.Float64, make([]float64, 8), 2, 4), dense(tensor.Float64, make([]float64, 4), 2, 2)); err == nil || !strings.Contains(err.Error(), "target is (2, 2), want float64 (2, 3)") {
		t.Errorf("wrong target: %v", err)
	}
	if _, err := m.Trainer(2, func(y, t *graph.Node) *graph.Node { return ops.Sub(y, t) }); err == nil {
		t.Error("non-scalar loss accepted")
	}
	fixed, err := layers.NewModel(mlp(), layers.Spec{Dtype: tensor.Float64, Input: []int{5, 4}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fixed.Predict(dense(tensor.Float64, make([]float64, 8), 2, 4)); err == nil || !strings.Contains(err.Error(), "fixes it to 5") {
		t.Errorf("fixed batch: %v", err)
	}
}

// modal creates a param only in evaluation builds: a bug the model reports.
type modal struct{}

func (modal) Forward(s *layers.Scope, x *graph.Node) *graph.Node {
	if !s.Training() {
		return ops.Mul(x, s.Param("k", layers.Ones))
	}
	return x
}

func TestModelRefusesModeDependentParams(t *testing.T) {
	m, err := layers.NewModel(modal{}, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Predict(dense(tensor.Float64, []float64{1, 2}, 1, 2))
	if err == nil || !strings.Contains(err.Error(), `"k" was created by this build but not by the first`) {
		t.Fatalf("error %v", err)
	}
	if m.Store().Len() != 0 {
		t.Fatal("the refused build left a tensor in the store")
	}
}
