package onnx

import (
	"math/rand/v2"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/nets"
	"github.com/chainrule/chainrule/ops"
)

// A runCase is a model gonnx can run: the exported file must compute what
// chainrule computes.
type runCase struct {
	name  string
	build builder
	shape []int // one sample's input shape (the batch dimension left out)
	// input, when set, draws a batch of b inputs (default: uniform floats).
	input func(r *rand.Rand, b int) *tensor.Dense
}

// netCase exports a network of the lecture as the CLI does: nets.Compile at
// the given batch, its Output node.
func netCase(name string, spec nets.Spec, seed uint64) runCase {
	spec.Dtype = nets.Float32
	net, err := nets.New(spec, seed)
	if err != nil {
		panic(err)
	}
	s := net.Spec()
	return runCase{name: name, shape: []int{s.InputWidth()}, build: func(b int) model {
		c, err := nets.Compile(net, b, false)
		if err != nil {
			panic(err)
		}
		return model{g: c.Graph, inputs: []*graph.Node{c.X}, outputs: []*graph.Node{c.Output}, names: paramNames(c)}
	}}
}

// paramNames maps c's param nodes to the network's own names (W1, b1, …),
// as the CLI's export does.
func paramNames(c *nets.Compiled) map[string]string {
	m := map[string]string{}
	for i, p := range c.Params {
		m[p.Name()] = c.ParamNames[i]
	}
	return m
}

// runCases are the models gonnx runs: the lecture's four networks as nets
// builds them, an LSTM and a GRU unrolled from ops, a small CNN, and the
// remaining ops gonnx has.
func runCases() []runCase {
	return []runCase{
		netCase("perceptron", nets.Spec{Kind: nets.KindPerceptron, Inputs: 4, Outputs: 2}, 1),
		netCase("ff", nets.Spec{Kind: nets.KindFF, Inputs: 4, Hidden: []int{6}, Outputs: 3}, 2),
		netCase("ff-bce-tanh", nets.Spec{Kind: nets.KindFF, Inputs: 5, Hidden: []int{7}, Outputs: 2, Activation: nets.Tanh, Loss: nets.BCE}, 3),
		netCase("dff", nets.Spec{Kind: nets.KindDFF, Inputs: 8, Hidden: []int{16, 8}, Outputs: 5}, 4),
		netCase("rnn", nets.Spec{Kind: nets.KindRNN, Inputs: 3, Hidden: []int{5}, Outputs: 2, SeqLen: 4}, 5),
		netCase("rnn-every-step", nets.Spec{Kind: nets.KindRNN, Inputs: 2, Hidden: []int{4}, Outputs: 3, SeqLen: 3,
			EveryStep: true, Loss: nets.SoftmaxCE}, 6),
		{name: "lstm", build: lstm(7), shape: []int{lstmT * lstmF}},
		{name: "gru", build: gru(8), shape: []int{lstmT * lstmF}},
		{name: "cnn", build: cnn(9), shape: []int{1, 6, 6}},
		{name: "misc", build: misc(10), shape: []int{6}},
		{name: "attention", build: attention(11), input: tokens},
	}
}

const (
	lstmT = 4 // steps
	lstmF = 3 // features per step
	lstmH = 5 // state size
	lstmK = 2 // outputs
)

// lstm is an LSTM over lstmT steps (PyTorch's gate order i, f, g, o, one
// fused gate product per step, h₀ = c₀ = 0) and a dense layer on h_T.
func lstm(seed uint64) builder {
	r := rand.New(rand.NewPCG(seed, seed))
	wx, wh, bias := randTensor(r, lstmF, 4*lstmH), randTensor(r, lstmH, 4*lstmH), randTensor(r, 4*lstmH)
	wy, by := randTensor(r, lstmH, lstmK), randTensor(r, lstmK)
	return func(b int) model {
		g := graph.New(graph.WithDtype(tensor.Float32))
		x := g.Input("x", tensor.Float32, b, lstmT*lstmF)
		Wx, Wh, B := g.Param("Wx", wx), g.Param("Wh", wh), g.Param("b", bias)
		var h, c *graph.Node
		for t := 0; t < lstmT; t++ {
			z := ops.Add(ops.MatMul(ops.Slice(x, 1, t*lstmF, (t+1)*lstmF), Wx), B)
			if h != nil {
				z = ops.Add(z, ops.MatMul(h, Wh))
			}
			gate := func(k int) *graph.Node { return ops.Slice(z, 1, k*lstmH, (k+1)*lstmH) }
			i, f, gg, o := ops.Sigmoid(gate(0)), ops.Sigmoid(gate(1)), ops.Tanh(gate(2)), ops.Sigmoid(gate(3))
			if c == nil {
				c = ops.Mul(i, gg)
			} else {
				c = ops.Add(ops.Mul(f, c), ops.Mul(i, gg))
			}
			h = ops.Mul(o, ops.Tanh(c))
		}
		y := ops.Add(ops.MatMul(h, g.Param("Wy", wy)), g.Param("by", by))
		return model{g: g, inputs: []*graph.Node{x}, outputs: []*graph.Node{y}}
	}
}

// gru is a GRU over lstmT steps (PyTorch's equations, h₀ = 0) and a dense
// layer on h_T; 1 − z uses a scalar constant.
func gru(seed uint64) builder {
	r := rand.New(rand.NewPCG(seed, seed))
	wx, wh := randTensor(r, lstmF, 3*lstmH), randTensor(r, lstmH, 3*lstmH)
	bx, bh := randTensor(r, 3*lstmH), randTensor(r, 3*lstmH)
	wy, by := randTensor(r, lstmH, lstmK), randTensor(r, lstmK)
	return func(b int) model {
		g := graph.New(graph.WithDtype(tensor.Float32))
		x := g.Input("x", tensor.Float32, b, lstmT*lstmF)
		Wx, Wh, Bx, Bh := g.Param("Wx", wx), g.Param("Wh", wh), g.Param("bx", bx), g.Param("bh", bh)
		one := g.Scalar(1)
		part := func(z *graph.Node, k int) *graph.Node { return ops.Slice(z, -1, k*lstmH, (k+1)*lstmH) }
		var h *graph.Node
		for t := 0; t < lstmT; t++ {
			zx := ops.Add(ops.MatMul(ops.Slice(x, 1, t*lstmF, (t+1)*lstmF), Wx), Bx)
			if h == nil {
				zh := Bh // h₀ = 0: h·Wh + bh is bh
				rg, zg := ops.Sigmoid(ops.Add(part(zx, 0), part(zh, 0))), ops.Sigmoid(ops.Add(part(zx, 1), part(zh, 1)))
				n := ops.Tanh(ops.Add(part(zx, 2), ops.Mul(rg, part(zh, 2))))
				h = ops.Mul(ops.Sub(one, zg), n)
				continue
			}
			zh := ops.Add(ops.MatMul(h, Wh), Bh)
			rg, zg := ops.Sigmoid(ops.Add(part(zx, 0), part(zh, 0))), ops.Sigmoid(ops.Add(part(zx, 1), part(zh, 1)))
			n := ops.Tanh(ops.Add(part(zx, 2), ops.Mul(rg, part(zh, 2))))
			h = ops.Add(ops.Mul(ops.Sub(one, zg), n), ops.Mul(zg, h))
		}
		y := ops.Add(ops.MatMul(h, g.Param("Wy", wy)), g.Param("by", by))
		return model{g: g, inputs: []*graph.Node{x}, outputs: []*graph.Node{y}}
	}
}

// cnn is two convolutions (the second strided) with per-channel biases and
// ReLU, flattened into a softmax layer.
func cnn(seed uint64) builder {
	r := rand.New(rand.NewPCG(seed, seed))
	w1, b1 := randTensor(r, 4, 1, 3, 3), randTensor(r, 4, 1, 1)
	w2, b2 := randTensor(r, 3, 4, 3, 3), randTensor(r, 3, 1, 1)
	wd, bd := randTensor(r, 27, 5), randTensor(r, 5)
	return func(b int) model {
		g := graph.New(graph.WithDtype(tensor.Float32))
		x := g.Input("image", tensor.Float32, b, 1, 6, 6)
		h := ops.ReLU(ops.Add(ops.Conv2D(x, g.Param("conv1.weight", w1), ops.Conv2DOptions{Padding: [2]int{1, 1}}), g.Param("conv1.bias", b1)))
		h = ops.ReLU(ops.Add(ops.Conv2D(h, g.Param("conv2.weight", w2), ops.Conv2DOptions{Stride: [2]int{2, 2}, Padding: [2]int{1, 1}}), g.Param("conv2.bias", b2)))
		y := ops.Softmax(ops.Add(ops.MatMul(ops.Flatten(h), g.Param("fc.weight", wd)), g.Param("fc.bias", bd)), 1)
		return model{g: g, inputs: []*graph.Node{x}, outputs: []*graph.Node{y}}
	}
}

// misc exercises the other ops gonnx runs: Abs, Sub, Div, Transpose,
// products with transposed operands (Gemm), Concat, Reshape, a second
// output. (gonnx's Cast takes no bool, so
// Greater, which ONNX makes bool, is checked by structure.)
func misc(seed uint64) builder {
	r := rand.New(rand.NewPCG(seed, seed))
	w, v := randTensor(r, 4, 6), randTensor(r, 6, 3)
	return func(b int) model {
		g := graph.New(graph.WithDtype(tensor.Float32))
		x := g.Input("x", tensor.Float32, b, 6)
		W, V := g.Param("W", w), g.Param("V", v)
		a := ops.MatMulT(x, W, false, true)                                                // x·Wᵀ [B, 4]
		p := ops.Div(ops.Abs(a), ops.Add(ops.Abs(ops.Sub(a, g.Scalar(0.5))), g.Scalar(1))) // [B, 4]
		q := ops.MatMulT(ops.Transpose(ops.MatMul(x, V), 1, 0), V, true, true)             // ((x·V)ᵀ)ᵀ·Vᵀ [B, 6]
		cat := ops.Concat(1, p, ops.Tanh(q))                                               // [B, 10]
		y := ops.Reshape(ops.ReLU(cat), b, 2, 5)
		return model{g: g, inputs: []*graph.Node{x}, outputs: []*graph.Node{y, ops.Slice(q, 1, 2, 5)}}
	}
}

const (
	vocab  = 7 // attention: token ids 0 … vocab−1
	seqLen = 5
	dModel = 4
)

// tokens draws b rows of seqLen token ids.
func tokens(r *rand.Rand, b int) *tensor.Dense {
	v := make([]int, b*seqLen)
	for i := range v {
		v[i] = r.IntN(vocab)
	}
	return tensor.New(tensor.WithShape(b, seqLen), tensor.WithBacking(v))
}

// attention embeds token ids (Gather), runs one head of scaled dot-product
// self-attention (batched products, one of them with a transposed operand,
// softmax over the keys), a dropout (exported in evaluation mode, as
// nothing) and a rank-3 product with a matrix.
func attention(seed uint64) builder {
	r := rand.New(rand.NewPCG(seed, seed))
	emb, wq, wk, wv, wo := randTensor(r, vocab, dModel), randTensor(r, dModel, dModel), randTensor(r, dModel, dModel), randTensor(r, dModel, dModel), randTensor(r, dModel, 3)
	return func(b int) model {
		g := graph.New(graph.WithDtype(tensor.Float32))
		ids := g.Input("ids", tensor.Int, b, seqLen)
		x := ops.Gather(g.Param("emb", emb), ids) // [B, T, D]
		q, k, v := ops.MatMul(x, g.Param("Wq", wq)), ops.MatMul(x, g.Param("Wk", wk)), ops.MatMul(x, g.Param("Wv", wv))
		s := ops.Mul(ops.BatchMatMul(q, k, false, true), g.Scalar(0.5)) // [B, T, T]
		h := ops.BatchMatMul(ops.Dropout(ops.Softmax(s, -1), 0.1, 1), v, false, false)
		y := ops.MatMul(ops.Tanh(h), g.Param("Wo", wo)) // [B, T, 3]
		return model{g: g, inputs: []*graph.Node{ids}, outputs: []*graph.Node{y}}
	}
}
