package autodiff_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// deadNodes returns the nodes from index from on that none of outs depends
// on (nor is): nodes that Grad built for nothing.
func deadNodes(g *graph.Graph, from int, outs ...*graph.Node) []*graph.Node {
	nodes := g.Nodes()
	live := make([]bool, len(nodes))
	for _, o := range outs {
		live[o.ID()] = true
	}
	for i := len(nodes) - 1; i >= 0; i-- {
		if live[i] {
			for _, in := range nodes[i].Inputs() {
				live[in.ID()] = true
			}
		}
	}
	var dead []*graph.Node
	for _, n := range nodes[from:] {
		if !live[n.ID()] {
			dead = append(dead, n)
		}
	}
	return dead
}

// gradLive calls Grad and fails t when it built a node that none of the
// gradients needs. It returns the gradients and how many nodes Grad added.
func gradLive(t *testing.T, y *graph.Node, wrt ...*graph.Node) ([]*graph.Node, int) {
	t.Helper()
	g := y.Graph()
	before := g.Len()
	d, err := autodiff.Grad(y, wrt...)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range deadNodes(g, before, d...) {
		t.Errorf("Grad built %s of shape %v, which no gradient needs", n, n.Shape())
	}
	return d, g.Len() - before
}

// Differentiating an MLP by W1 builds no adjoint of the input x (no [64,
// 784] node), nor any other node that the gradient does not use; a second
// Grad adds the same number of nodes again, none of them dead.
func TestGradBuildsOnlyWhatReachesWrt(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	g := graph.New()
	x := g.Input("x", tensor.Float64, 64, 784)
	tg := g.Input("t", tensor.Float64, 64, 10)
	w1 := g.Param("W1", tensor.New(tensor.WithShape(784, 32), tensor.WithBacking(randVals(rng, 784*32, 0.1))))
	b1 := g.Param("b1", tensor.New(tensor.WithShape(32), tensor.Of(tensor.Float64)))
	w2 := g.Param("W2", tensor.New(tensor.WithShape(32, 10), tensor.WithBacking(randVals(rng, 320, 0.1))))
	b2 := g.Param("b2", tensor.New(tensor.WithShape(10), tensor.Of(tensor.Float64)))
	h := ops.Sigmoid(ops.Add(ops.MatMul(x, w1), b1))
	e := ops.MeanSquaredError(ops.Sigmoid(ops.Add(ops.MatMul(h, w2), b2)), tg)
	before := g.Len()
	_, n1 := gradLive(t, e, w1)
	for _, n := range g.Nodes()[before:] {
		if graph.SameShape(n.Shape(), x.Shape()) {
			t.Errorf("Grad(E, W1) built %s of x's shape %v", n, n.Shape())
		}
	}
	if _, n2 := gradLive(t, e, w1); n2 != n1 {
		t.Errorf("a second Grad(E, W1) added %d nodes, the first %d", n2, n1)
	}
	// By W2 alone nothing flows into the first layer: no node of h's or
	// x's shape.
	before = g.Len()
	gradLive(t, e, w2, b2)
	for _, n := range g.Nodes()[before:] {
		if graph.SameShape(n.Shape(), x.Shape()) || graph.SameShape(n.Shape(), h.Shape()) {
			t.Errorf("Grad(E, W2, b2) built %s of shape %v", n, n.Shape())
		}
	}
	// A y that no wrt reaches gets zeros and nothing else.
	if _, n := gradLive(t, ops.Sum(x), w1); n != 1 {
		t.Errorf("Grad(Sum(x), W1) added %d nodes, want 1 (the zero gradient)", n)
	}
}

// Each op with several operands builds the adjoints of the operands that
// lead to a wrt alone: Mul, Div, Sub, MatMul and its transposed forms,
// Where, Concat, Maximum, Minimum, the losses and the fused activation
// gradients (second order); and nothing is built on the way to an operand
// that gets no gradient (a mask, Pow 0).
func TestGradOfEachOpBuildsNoDeadNodes(t *testing.T) {
	sum := func(x *graph.Node) *graph.Node { return ops.Sum(x) }
	cases := map[string]func(x, w *graph.Node) *graph.Node{
		"Mul":       func(x, w *graph.Node) *graph.Node { return sum(ops.Mul(x, w)) },
		"Mul(w, x)": func(x, w *graph.Node) *graph.Node { return sum(ops.Mul(w, x)) },
		"Div":       func(x, w *graph.Node) *graph.Node { return sum(ops.Div(x, w)) },
		"Div(w, x)": func(x, w *graph.Node) *graph.Node { return sum(ops.Div(w, x)) },
		"Sub":       func(x, w *graph.Node) *graph.Node { return sum(ops.Sub(x, w)) },
		"MatMul":    func(x, w *graph.Node) *graph.Node { return sum(ops.MatMul(x, ops.Transpose(w, 1, 0))) },
		"MatMulT": func(x, w *graph.Node) *graph.Node {
			return sum(ops.Add(sum(ops.MatMulT(x, w, false, true)), sum(ops.MatMulT(x, w, true, false))))
		},
		"MatMulTT": func(x, w *graph.Node) *graph.Node { return sum(ops.MatMulT(w, x, true, true)) },
		"Where": func(x, w *graph.Node) *graph.Node {
			return sum(ops.Where(ops.Greater(x, x.Graph().Scalar(0)), x, w))
		},
		"Concat":    func(x, w *graph.Node) *graph.Node { return sum(ops.Mul(ops.Concat(0, x, w), ops.Concat(0, w, x))) },
		"SoftmaxCE": func(x, w *graph.Node) *graph.Node { return ops.SoftmaxCrossEntropy(ops.Mul(x, w), ops.Softmax(x, 1)) },
		"BCE":       func(x, w *graph.Node) *graph.Node { return ops.BinaryCrossEntropyLogits(ops.Mul(x, w), ops.Sigmoid(x)) },
		"MSE":       func(x, w *graph.Node) *graph.Node { return ops.MeanSquaredError(ops.Mul(x, w), x) },
		// No gradient flows through a mask: nothing is built for it.
		"Greater mask": func(x, w *graph.Node) *graph.Node { return sum(ops.Mul(ops.Greater(w, x), ops.Mul(x, w))) },
		"Where cond": func(x, w *graph.Node) *graph.Node {
			return sum(ops.Where(ops.Mul(ops.Greater(w, x), x), ops.Mul(x, w), x))
		},
		"Max": func(x, w *graph.Node) *graph.Node {
			d, err := autodiff.Grad(sum(ops.Max(ops.Mul(x, w), 1)), w)
			if err != nil {
				t.Fatal(err)
			}
			return sum(ops.Mul(d[0], ops.Mul(x, w)))
		},
		"Maximum": func(x, w *graph.Node) *graph.Node { return sum(ops.Maximum(x, w)) },
		"Minimum": func(x, w *graph.Node) *graph.Node { return sum(ops.Minimum(w, x)) },
		"Pow 0":   func(x, w *graph.Node) *graph.Node { return sum(ops.Mul(ops.Pow(w, 0), ops.Mul(x, w))) },
		// Convolutions as [1, 1, 3, 3] images and kernels: no transposed
		// convolution is built for the image x.
		"Conv2D": func(x, w *graph.Node) *graph.Node {
			return sum(ops.Conv2D(ops.Reshape(x, 1, 1, 3, 3), ops.Reshape(w, 1, 1, 3, 3), ops.Conv2DOptions{Padding: [2]int{1, 1}}))
		},
		"Conv2DTranspose": func(x, w *graph.Node) *graph.Node {
			return sum(ops.Conv2DTranspose(ops.Reshape(x, 1, 1, 3, 3), ops.Reshape(w, 1, 1, 3, 3), ops.Conv2DTransposeOptions{}))
		},
		"MaxPool2D second order": func(x, w *graph.Node) *graph.Node {
			p := ops.Pool2DOptions{Kernel: [2]int{2, 2}, Stride: [2]int{1, 1}}
			pooled := ops.MaxPool2D(ops.Reshape(ops.Mul(x, w), 1, 1, 3, 3), p)
			d, err := autodiff.Grad(sum(ops.Mul(pooled, pooled)), w)
			if err != nil {
				t.Fatal(err)
			}
			return sum(ops.Mul(d[0], d[0]))
		},
	}
	// Second order: the fused sigmoid, tanh and ReLU gradients, by w only
	// (ReLU's passes nothing to its mask, through which w reaches it).
	for name, act := range map[string]func(*graph.Node) *graph.Node{"sigmoid": ops.Sigmoid, "tanh": ops.Tanh, "relu": ops.ReLU} {
		cases["second order "+name] = func(x, w *graph.Node) *graph.Node {
			d, err := autodiff.Grad(sum(ops.Mul(act(ops.Mul(x, w)), x)), w)
			if err != nil {
				t.Fatal(err)
			}
			return sum(ops.Mul(d[0], d[0]))
		}
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			g := graph.New()
			x := g.Input("x", tensor.Float64, 3, 3)
			w := g.Param("w", tensor.New(tensor.WithShape(3, 3), tensor.WithBacking(randVals(rand.New(rand.NewPCG(3, 4)), 9, 1))))
			y := f(x, w)
			if err := g.Err(); err != nil {
				t.Fatal(err)
			}
			gradLive(t, y, w)
		})
	}
}

// broken is a custom op (the identity) whose VJP returns what mode says.
type broken struct{ mode string }

func (o *broken) Name() string { return "Broken" }

func (o *broken) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	return in[0].Shape().Clone(), in[0].Dtype(), nil
}

func (o *broken) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	copy(dst.Float64s(), in[0].Float64s())
	return nil
}

func (o *broken) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	g := y.Graph()
	switch o.mode {
	case "another graph":
		return []*graph.Node{graph.New().Full(dy.Dtype(), 1, dy.Shape()...)}, nil
	case "no graph":
		return []*graph.Node{ops.Add(nil, nil)}, nil
	case "wrong shape":
		return []*graph.Node{g.Full(dy.Dtype(), 1, 5, 4)}, nil
	case "shape that does not sum down":
		return []*graph.Node{g.Full(dy.Dtype(), 1, 1, 4)}, nil
	case "wrong dtype":
		return []*graph.Node{g.Full(tensor.Float32, 1, dy.Shape()...)}, nil
	case "two adjoints":
		return []*graph.Node{dy, dy}, nil
	case "error":
		return nil, errors.New("no rule")
	case "nil":
		return []*graph.Node{nil}, nil
	case "broadcast":
		return []*graph.Node{ops.BroadcastTo(dy, 2, 3, 4)}, nil
	}
	return []*graph.Node{dy}, nil
}

// Grad checks what a VJP returns and names the op when it is wrong: a node
// of another graph or of none, an adjoint whose shape does not sum down to
// the operand's, another dtype, the wrong number of adjoints. A nil adjoint
// (no gradient flows) and one of a broadcast shape are fine.
func TestGradChecksWhatVJPsReturn(t *testing.T) {
	for mode, want := range map[string]string{
		"another graph":                "returned for operand 0 a node of another graph",
		"no graph":                     "returned for operand 0 a node of another graph",
		"wrong shape":                  "adjoint of shape (5, 4), which does not sum down to the operand's (3, 4)",
		"shape that does not sum down": "adjoint of shape (1, 4), which does not sum down to the operand's (3, 4)",
		"wrong dtype":                  "adjoint of dtype float32; the operand is float64",
		"two adjoints":                 "returned 2 adjoints for 1 operands",
		"error":                        "no rule",
		"nil":                          "",
		"broadcast":                    "",
		"":                             "",
	} {
		t.Run(mode, func(t *testing.T) {
			g := graph.New()
			w := g.Param("w", tensor.New(tensor.WithShape(3, 4), tensor.WithBacking(randVals(rand.New(rand.NewPCG(5, 6)), 12, 1))))
			y := ops.Sum(ops.Square(graph.Apply(&broken{mode}, w)))
			d, err := autodiff.Grad(y, w)
			switch {
			case want == "" && err != nil:
				t.Fatalf("Grad: %v", err)
			case want == "":
				p := graph.MustCompile(d[0])
				if err := p.Run(nil); err != nil {
					t.Fatal(err)
				}
				got, wv := p.Value(d[0]).Float64s(), w.Value().Float64s()
				for i := range got {
					// d/dw Σ b(w)² = 2·b(w)·b'(w): b' is 1, 0 (nil) or 2 (the adjoint broadcast over a new axis of 2, summed back).
					f := map[string]float64{"": 2, "nil": 0, "broadcast": 4}[mode]
					if got[i] != f*wv[i] {
						t.Fatalf("gradient[%d] = %v, want %v", i, got[i], f*wv[i])
					}
				}
			case err == nil:
				t.Fatalf("Grad: no error, want %q", want)
			case !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "Broken (node 1, built at autodiff/partial_test.go:"):
				t.Errorf("Grad: %v; want the op, its node, its site and %q", err, want)
			}
		})
	}
}
