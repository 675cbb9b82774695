package layers_test

import (
	"math"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
)

func TestConv2D(t *testing.T) {
	checkLayer(t, "Conv2D", layerCase{layer: &layers.Conv2D{Out: 4, Kernel: [2]int{3, 3}, Padding: [2]int{1, 1}},
		in: []int{2, 3, 5, 5}, out: []int{2, 4, 5, 5}, params: 4*3*3*3 + 4})
	// Hout = ⌊(7 − 1·(3−1) − 1)/2 + 1⌋ = 3, Wout = ⌊(6 − 2·(2−1) − 1)/1 + 1⌋ = 4.
	checkLayer(t, "Conv2D grouped", layerCase{layer: &layers.Conv2D{In: 4, Out: 6, Kernel: [2]int{3, 2}, Stride: [2]int{2, 1},
		Dilation: [2]int{1, 2}, Groups: 2, NoBias: true, Init: "he"},
		in: []int{2, 4, 7, 6}, out: []int{2, 6, 3, 4}, params: 6 * 2 * 3 * 2})
}

// TestConv2DValues checks the layer's output against a direct loop over
// the definition, y[b,o,i,j] = b[o] + Σ_c,p,q W[o,c,p,q]·x[b,c,i·s+p−pad,j·s+q−pad].
func TestConv2DValues(t *testing.T) {
	const B, C, H, W, O, K, S, P = 2, 2, 5, 4, 3, 3, 2, 1
	st := newStore(t, dtF64)
	g := graph.New(graph.WithDtype(dtF64))
	xv := make([]float64, B*C*H*W)
	for i := range xv {
		xv[i] = math.Sin(float64(i))
	}
	x := g.Input("x", dtF64, B, C, H, W)
	y := (&layers.Conv2D{Out: O, Kernel: [2]int{K, K}, Stride: [2]int{S, S}, Padding: [2]int{P, P}}).Forward(layers.NewScope(g, st, false), x)
	prog, err := graph.Compile(y)
	if err != nil {
		t.Fatal(err)
	}
	if err := prog.Run(graph.Feeds{x: dense(dtF64, xv, B, C, H, W)}); err != nil {
		t.Fatal(err)
	}
	wv, bv := st.Lookup("W").Value.Float64s(), st.Lookup("b").Value.Float64s()
	ho, wo := (H+2*P-K)/S+1, (W+2*P-K)/S+1
	got := prog.Value(y)
	if !got.Shape().Eq(tensor.Shape{B, O, ho, wo}) {
		t.Fatalf("shape %v", got.Shape())
	}
	for b := 0; b < B; b++ {
		for o := 0; o < O; o++ {
			for i := 0; i < ho; i++ {
				for j := 0; j < wo; j++ {
					want := bv[o]
					for c := 0; c < C; c++ {
						for p := 0; p < K; p++ {
							for q := 0; q < K; q++ {
								r, s := i*S+p-P, j*S+q-P
								if r >= 0 && r < H && s >= 0 && s < W {
									want += wv[((o*C+c)*K+p)*K+q] * xv[((b*C+c)*H+r)*W+s]
								}
							}
						}
					}
					if v := got.Float64s()[((b*O+o)*ho+i)*wo+j]; math.Abs(v-want) > 1e-12 {
						t.Fatalf("y[%d,%d,%d,%d] = %v, want %v", b, o, i, j, v, want)
					}
				}
			}
		}
	}
}

// TestConv2DInit checks the default initialisation against PyTorch's
// definition: W and b uniform in ±1/√fanIn, fanIn = C·kH·kW, so the
// variance of W is bound²/3.
func TestConv2DInit(t *testing.T) {
	st := newStore(t, dtF64)
	buildOn(t, st, &layers.Conv2D{Out: 64, Kernel: [2]int{3, 3}}, 1, 16, 5, 5)
	bound := 1 / math.Sqrt(16*3*3)
	for _, name := range []string{"W", "b"} {
		v := st.Lookup(name).Value.Float64s()
		sum, sq := 0.0, 0.0
		for _, e := range v {
			if math.Abs(e) > bound {
				t.Fatalf("%s: %v outside ±%v", name, e, bound)
			}
			sum += e
			sq += e * e
		}
		if name == "W" {
			n := float64(len(v))
			if vr := sq/n - (sum/n)*(sum/n); math.Abs(vr/(bound*bound/3)-1) > 0.05 {
				t.Fatalf("W variance %v, want %v", vr, bound*bound/3)
			}
		}
	}
	// He for the weights leaves the bias at zero.
	st = newStore(t, dtF64)
	buildOn(t, st, &layers.Conv2D{Out: 2, Kernel: [2]int{1, 1}, Init: "he"}, 1, 3, 2, 2)
	for _, v := range st.Lookup("b").Value.Float64s() {
		if v != 0 {
			t.Fatalf("bias %v with Init he, want 0", v)
		}
	}
}

func TestConv2DErrors(t *testing.T) {
	for _, c := range []struct {
		l    layers.Layer
		in   []int
		want string
	}{
		{&layers.Conv2D{Out: 2, Kernel: [2]int{3, 3}}, []int{2, 3, 5}, "want [B, C, H, W]"},
		{&layers.Conv2D{In: 4, Out: 2, Kernel: [2]int{3, 3}}, []int{2, 3, 5, 5}, "has 3 channels, want In = 4"},
		{&layers.Conv2D{Out: 0, Kernel: [2]int{3, 3}}, []int{2, 3, 5, 5}, "Out = 0"},
		{&layers.Conv2D{Out: 2, Kernel: [2]int{0, 3}}, []int{2, 3, 5, 5}, "Kernel = [0 3]"},
		{&layers.Conv2D{Out: 4, Kernel: [2]int{1, 1}, Groups: 2}, []int{2, 3, 5, 5}, "Groups = 2 must be >= 0 and divide the 3 input and 4 output channels"},
		{&layers.Conv2D{Out: 2, Kernel: [2]int{3, 3}, Init: "bogus"}, []int{2, 3, 5, 5}, `unknown initialiser "bogus"`},
		{&layers.Conv2D{Out: 2, Kernel: [2]int{7, 7}}, []int{2, 3, 5, 5}, "Conv2D"},
		{&layers.MaxPool2D{Kernel: [2]int{0, 2}}, []int{2, 3, 4, 4}, "Kernel = [0 2]"},
		{&layers.AvgPool2D{Kernel: [2]int{2, 2}}, []int{2, 3, 4}, "want [B, C, H, W]"},
		{&layers.MaxPool2D{Kernel: [2]int{2, 2}, Padding: [2]int{2, 0}}, []int{2, 3, 4, 4}, "padding"},
	} {
		st := newStore(t, dtF64)
		g := graph.New(graph.WithDtype(dtF64))
		c.l.Forward(layers.NewScope(g, st, true).In("c"), g.Input("x", dtF64, c.in...))
		if err := g.Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%T %+v: error %v, want %q", c.l, c.l, err, c.want)
		}
	}
}
