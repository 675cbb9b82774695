package autodiff_test

// Cross-checks against gorgonia.org/gorgonia, an independent implementation:
// the same networks, weights and inputs must give the same gradients.

import (
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func randVals(rng *rand.Rand, n int, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = scale * (2*rng.Float64() - 1)
	}
	return v
}

// ours holds a chainrule graph's weights and inputs by name.
type ours struct {
	g      *graph.Graph
	params []*graph.Node
	feeds  graph.Feeds
}

func (o *ours) param(name string, v []float64, shape ...int) *graph.Node {
	p := o.g.Param(name, tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), v...))))
	o.params = append(o.params, p)
	return p
}

func (o *ours) input(name string, v []float64, shape ...int) *graph.Node {
	n := o.g.Input(name, tensor.Float64, shape...)
	o.feeds[n] = tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), v...)))
	return n
}

func (o *ours) grads(t *testing.T, loss *graph.Node) (float64, [][]float64) {
	t.Helper()
	d, err := autodiff.Grad(loss, o.params...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := graph.Compile(append([]*graph.Node{loss}, d...)...)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(o.feeds); err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, len(d))
	for i, n := range d {
		out[i] = p.Value(n).Float64s()
	}
	return p.Value(loss).Float64s()[0], out
}

// theirs holds the same for gorgonia.
type theirs struct {
	g      *G.ExprGraph
	params G.Nodes
}

func (o *theirs) node(name string, v []float64, shape ...int) *G.Node {
	t := tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), v...)))
	return G.NewTensor(o.g, tensor.Float64, len(shape), G.WithShape(shape...), G.WithName(name), G.WithValue(t))
}

func (o *theirs) param(name string, v []float64, shape ...int) *G.Node {
	n := o.node(name, v, shape...)
	o.params = append(o.params, n)
	return n
}

func (o *theirs) grads(t *testing.T, loss *G.Node) (float64, [][]float64) {
	t.Helper()
	if _, err := G.Grad(loss, o.params...); err != nil {
		t.Fatal(err)
	}
	m := G.NewTapeMachine(o.g)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, len(o.params))
	for i, p := range o.params {
		gv, err := p.Grad()
		if err != nil {
			t.Fatal(err)
		}
		out[i] = gv.Data().([]float64)
	}
	return loss.Value().Data().(float64), out
}

func compare(t *testing.T, lossA, lossB float64, a, b [][]float64) {
	t.Helper()
	if math.Abs(lossA-lossB) > 1e-9*math.Max(1, math.Abs(lossB)) {
		t.Errorf("loss: chainrule %.15g, gorgonia %.15g", lossA, lossB)
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			t.Fatalf("param %d: %d vs %d gradient elements", i, len(a[i]), len(b[i]))
		}
		for k := range a[i] {
			if d := math.Abs(a[i][k] - b[i][k]); d > 1e-9*math.Max(1, math.Abs(b[i][k])) {
				t.Errorf("param %d [%d]: chainrule %.15g, gorgonia %.15g", i, k, a[i][k], b[i][k])
			}
		}
	}
}

// A two-layer sigmoid MLP under E = ½Σ(t − o)², batch 5, 6-8-3.
func TestGorgoniaMLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const B, I, H, O = 5, 6, 8, 3
	x, tg := randVals(rng, B*I, 1), randVals(rng, B*O, 1)
	w1, b1, w2, b2 := randVals(rng, I*H, 0.5), randVals(rng, H, 0.1), randVals(rng, H*O, 0.5), randVals(rng, O, 0.1)

	c := &ours{g: graph.New(), feeds: graph.Feeds{}}
	X, T := c.input("x", x, B, I), c.input("t", tg, B, O)
	W1, B1, W2, B2 := c.param("W1", w1, I, H), c.param("b1", b1, H), c.param("W2", w2, H, O), c.param("b2", b2, O)
	o := ops.Sigmoid(ops.Add(ops.MatMul(ops.Sigmoid(ops.Add(ops.MatMul(X, W1), B1)), W2), B2))
	E := ops.Mul(c.g.Scalar(0.5), ops.Sum(ops.Square(ops.Sub(T, o))))
	lossA, ga := c.grads(t, E)

	r := &theirs{g: G.NewGraph()}
	gx, gt := r.node("x", x, B, I), r.node("t", tg, B, O)
	gw1, gb1, gw2, gb2 := r.param("W1", w1, I, H), r.param("b1", b1, H), r.param("W2", w2, H, O), r.param("b2", b2, O)
	h := G.Must(G.Sigmoid(G.Must(G.BroadcastAdd(G.Must(G.Mul(gx, gw1)), gb1, nil, []byte{0}))))
	go_ := G.Must(G.Sigmoid(G.Must(G.BroadcastAdd(G.Must(G.Mul(h, gw2)), gb2, nil, []byte{0}))))
	gE := G.Must(G.Mul(G.NewConstant(0.5), G.Must(G.Sum(G.Must(G.Square(G.Must(G.Sub(gt, go_))))))))
	lossB, gb := r.grads(t, gE)
	compare(t, lossA, lossB, ga, gb)
}

// A softmax cross-entropy classifier: logits = xW + b, loss = mean over the
// batch of −Σ_k t_k log softmax(logits)_k with one-hot t, written here from
// elementary ops on both sides (log-sum-exp form).
func TestGorgoniaSoftmaxCrossEntropy(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const B, I, K = 4, 5, 3
	x, w, b := randVals(rng, B*I, 1), randVals(rng, I*K, 1), randVals(rng, K, 0.2)
	onehot := make([]float64, B*K)
	for i := 0; i < B; i++ {
		onehot[i*K+rng.IntN(K)] = 1
	}

	c := &ours{g: graph.New(), feeds: graph.Feeds{}}
	X, T := c.input("x", x, B, I), c.input("t", onehot, B, K)
	W, Bb := c.param("W", w, I, K), c.param("b", b, K)
	z := ops.Add(ops.MatMul(X, W), Bb)
	lse := ops.Log(ops.Sum(ops.Exp(z), 1))               // [B]
	logp := ops.Sub(z, ops.Reshape(lse, B, 1))           // [B, K]
	E := ops.Neg(ops.Mean(ops.Sum(ops.Mul(T, logp), 1))) // scalar
	lossA, ga := c.grads(t, E)

	r := &theirs{g: G.NewGraph()}
	gx, gt := r.node("x", x, B, I), r.node("t", onehot, B, K)
	gw, gbb := r.param("W", w, I, K), r.param("b", b, K)
	gz := G.Must(G.BroadcastAdd(G.Must(G.Mul(gx, gw)), gbb, nil, []byte{0}))
	glse := G.Must(G.Log(G.Must(G.Sum(G.Must(G.Exp(gz)), 1))))
	glogp := G.Must(G.BroadcastSub(gz, G.Must(G.Reshape(glse, tensor.Shape{B, 1})), nil, []byte{1}))
	gE := G.Must(G.Neg(G.Must(G.Mean(G.Must(G.Sum(G.Must(G.HadamardProd(gt, glogp)), 1))))))
	lossB, gb := r.grads(t, gE)
	compare(t, lossA, lossB, ga, gb)
}

// A three-step Elman RNN: h_t = tanh(x_t·Wx + h_{t−1}·Wh + b), h_0 = 0,
// loss = ½Σ(h_3·Wo − y)², batch 2, input 3, hidden 4, output 2.
func TestGorgoniaRNN(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const B, F, H, O, steps = 2, 3, 4, 2, 3
	xs := make([][]float64, steps)
	for i := range xs {
		xs[i] = randVals(rng, B*F, 1)
	}
	y := randVals(rng, B*O, 1)
	wx, wh, b, wo := randVals(rng, F*H, 0.6), randVals(rng, H*H, 0.6), randVals(rng, H, 0.1), randVals(rng, H*O, 0.6)

	c := &ours{g: graph.New(), feeds: graph.Feeds{}}
	Wx, Wh, Bh, Wo := c.param("Wx", wx, F, H), c.param("Wh", wh, H, H), c.param("b", b, H), c.param("Wo", wo, H, O)
	Y := c.input("y", y, B, O)
	var h *graph.Node
	for s := 0; s < steps; s++ {
		pre := ops.Add(ops.MatMul(c.input("x"+string(rune('0'+s)), xs[s], B, F), Wx), Bh)
		if h != nil {
			pre = ops.Add(pre, ops.MatMul(h, Wh))
		}
		h = ops.Tanh(pre)
	}
	E := ops.Mul(c.g.Scalar(0.5), ops.Sum(ops.Square(ops.Sub(ops.MatMul(h, Wo), Y))))
	lossA, ga := c.grads(t, E)

	r := &theirs{g: G.NewGraph()}
	gwx, gwh, gbh, gwo := r.param("Wx", wx, F, H), r.param("Wh", wh, H, H), r.param("b", b, H), r.param("Wo", wo, H, O)
	gy := r.node("y", y, B, O)
	var gh *G.Node
	for s := 0; s < steps; s++ {
		pre := G.Must(G.BroadcastAdd(G.Must(G.Mul(r.node("x"+string(rune('0'+s)), xs[s], B, F), gwx)), gbh, nil, []byte{0}))
		if gh != nil {
			pre = G.Must(G.Add(pre, G.Must(G.Mul(gh, gwh))))
		}
		gh = G.Must(G.Tanh(pre))
	}
	gE := G.Must(G.Mul(G.NewConstant(0.5), G.Must(G.Sum(G.Must(G.Square(G.Must(G.Sub(G.Must(G.Mul(gh, gwo)), gy))))))))
	lossB, gb := r.grads(t, gE)
	compare(t, lossA, lossB, ga, gb)
}
