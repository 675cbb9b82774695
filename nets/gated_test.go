package nets

import (
	"math"
	"path/filepath"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/solvers"
)

// TestGatedParamsByHand checks the LSTM's and GRU's params, names, shapes
// and counts against counts made by hand for F = 3 inputs, H = 4 units and
// 2 outputs: LSTM 3·16 + 4·16 + 16 + 4·2 + 2 = 138, GRU 3·12 + 4·12 + 12 +
// 12 + 4·2 + 2 = 118.
func TestGatedParamsByHand(t *testing.T) {
	for _, c := range []struct {
		kind  Kind
		names []string
		sizes []int
		total int
	}{
		{KindLSTM, []string{"Wx", "Wh", "b", "Wy", "by"}, []int{48, 64, 16, 8, 2}, 138},
		{KindGRU, []string{"Wx", "Wh", "bx", "bh", "Wy", "by"}, []int{36, 48, 12, 12, 8, 2}, 118},
	} {
		t.Run(string(c.kind), func(t *testing.T) {
			s := Spec{Kind: c.kind, Inputs: 3, Hidden: []int{4}, Outputs: 2, SeqLen: 5}
			net, err := New(s, 1)
			if err != nil {
				t.Fatal(err)
			}
			ps := net.Params()
			if len(ps) != len(c.names) {
				t.Fatalf("%d params, want %d", len(ps), len(c.names))
			}
			total := 0
			for i, p := range ps {
				if p.Name != c.names[i] || p.Value.Size() != c.sizes[i] {
					t.Errorf("param %d is %s of %d, want %s of %d", i, p.Name, p.Value.Size(), c.names[i], c.sizes[i])
				}
				total += p.Value.Size()
			}
			n, ok := net.Spec().weightCount()
			if total != c.total || n != c.total || !ok {
				t.Errorf("%d weights (weightCount %d, %v), want %d", total, n, ok, c.total)
			}
			if got := net.Spec().Activation; got != Tanh {
				t.Errorf("activation %q, want tanh", got)
			}
			if err := builtByNew(net); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestLSTMForgetBiasStartsAtOne checks b's forget block (columns H..2H−1)
// is 1 and the rest 0.
func TestLSTMForgetBiasStartsAtOne(t *testing.T) {
	net, err := New(Spec{Kind: KindLSTM, Inputs: 2, Hidden: []int{3}, Outputs: 1}, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}
	got := net.Params()[2].Value.Float64s()
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("b = %v, want %v", got, want)
		}
	}
}

// setParams overwrites net's params by name.
func setParams(t *testing.T, net Network, vals map[string][]float64) {
	t.Helper()
	for _, p := range net.Params() {
		if v, ok := vals[p.Name]; ok {
			copy(p.Value.Float64s(), v)
		} else {
			clear(p.Value.Float64s())
		}
	}
}

// TestGatedForwardByHand runs one-unit cells over x = (ln 3, ln 2) with
// weights chosen so that every gate is a number worked out by hand.
//
// LSTM: Wx = (0, 0, 1, 0) (gates i, f, g, o), Wh = 0, b = (0, ln 3, 0, 0):
// i = o = ½, f = ¾, g_t = tanh(x_t) = 0.8, 0.6; c₁ = 0.4, h₁ = ½ tanh 0.4
// = 0.1899741; c₂ = ¾·0.4 + ½·0.6 = 0.6, h₂ = ½ tanh 0.6 = 0.2685248.
//
// GRU: Wx = (0, 0, 1) (gates r, z, n), Wh = 0, bx = (0, ln 3, 0), bh = 0:
// z = ¾, n_t = tanh(x_t) = 0.8, 0.6; h₁ = ¼·0.8 = 0.2, h₂ = ¼·0.6 + ¾·0.2
// = 0.3.
//
// With Wy = 2, by = 1 the outputs are 2h + 1, at every step or the last.
func TestGatedForwardByHand(t *testing.T) {
	x := tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{math.Log(3), math.Log(2)}))
	for _, c := range []struct {
		kind Kind
		vals map[string][]float64
		h    []float64
	}{
		{KindLSTM, map[string][]float64{"Wx": {0, 0, 1, 0}, "b": {0, math.Log(3), 0, 0}}, []float64{0.5 * math.Tanh(0.4), 0.5 * math.Tanh(0.6)}},
		{KindGRU, map[string][]float64{"Wx": {0, 0, 1}, "bx": {0, math.Log(3), 0}}, []float64{0.2, 0.3}},
	} {
		for _, every := range []bool{false, true} {
			net, err := New(Spec{Kind: c.kind, Inputs: 1, Hidden: []int{1}, Outputs: 1, SeqLen: 2, EveryStep: every}, 1)
			if err != nil {
				t.Fatal(err)
			}
			c.vals["Wy"], c.vals["by"] = []float64{2}, []float64{1}
			setParams(t, net, c.vals)
			ds := &datasets.Dataset{X: x, Y: tensor.New(tensor.WithShape(1, net.Spec().OutputWidth()), tensor.Of(tensor.Float64))}
			ev, err := Evaluate(net, ds)
			if err != nil {
				t.Fatal(err)
			}
			want := []float64{2*c.h[1] + 1}
			if every {
				want = []float64{2*c.h[0] + 1, 2*c.h[1] + 1}
			}
			for i := range want {
				if math.Abs(ev.Outputs[i]-want[i]) > 1e-12 {
					t.Errorf("%s every step %v: outputs %v, want %v", c.kind, every, ev.Outputs, want)
				}
			}
			// The Stepper computes the same steps one at a time.
			st, err := NewStepper(net)
			if err != nil {
				t.Fatal(err)
			}
			for i, xv := range x.Float64s() {
				y, err := st.Step([]float64{xv})
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(y[0]-(2*c.h[i]+1)) > 1e-12 {
					t.Errorf("%s Stepper step %d: %v, want %v", c.kind, i, y[0], 2*c.h[i]+1)
				}
			}
		}
	}
}

// TestGatedSaveLoadSamePredictions saves trained-from-seed LSTM and GRU
// networks and checks that Load rebuilds them with the same outputs.
func TestGatedSaveLoadSamePredictions(t *testing.T) {
	ds, err := datasets.NoisySine(20, 6, 0.05, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []Kind{KindLSTM, KindGRU} {
		for _, dt := range []Dtype{Float64, Float32} {
			net, err := New(Spec{Kind: k, Inputs: 1, Hidden: []int{5}, Outputs: 1, SeqLen: 6, Dtype: dt}, 9)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "m.crn")
			if err := Save(net, path); err != nil {
				t.Fatal(err)
			}
			back, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if back.Spec().Kind != k {
				t.Fatalf("loaded a %s, want %s", back.Spec().Kind, k)
			}
			a, err := Evaluate(net, ds)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Evaluate(back, ds)
			if err != nil {
				t.Fatal(err)
			}
			for i := range a.Outputs {
				if a.Outputs[i] != b.Outputs[i] {
					t.Fatalf("%s %s: output %d is %v after Load, %v before", k, dt, i, b.Outputs[i], a.Outputs[i])
				}
			}
		}
	}
}

// TestGatedBeatNaiveForecast trains small LSTM and GRU networks on noisy
// sine windows: their forecasts beat repeating the last value.
func TestGatedBeatNaiveForecast(t *testing.T) {
	const steps = 10
	ds, err := datasets.NoisySine(300, steps, 0.05, 1)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := datasets.Split(ds, 0.25, 1)
	if err != nil {
		t.Fatal(err)
	}
	naive := naiveRMSE(test)
	for _, k := range []Kind{KindLSTM, KindGRU} {
		net, err := New(Spec{Kind: k, Inputs: 1, Hidden: []int{8}, Outputs: 1, SeqLen: steps}, 1)
		if err != nil {
			t.Fatal(err)
		}
		sol := &solvers.Adam{Options: solvers.Options{LR: 0.02}}
		if _, err := Train(net, train, test, Config{Epochs: 20, BatchSize: 16, Solver: sol, Seed: 1, Quiet: true}); err != nil {
			t.Fatal(err)
		}
		ev, err := Evaluate(net, test)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s RMSE %.4f, last-value RMSE %.4f", k, ev.RMSE, naive)
		if !(ev.RMSE < naive) {
			t.Errorf("%s RMSE %.4f does not beat the last-value forecast's %.4f", k, ev.RMSE, naive)
		}
	}
}
