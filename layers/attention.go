package layers

import (
	"math"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// MultiHeadAttention is multi-head scaled dot-product attention, PyTorch's
// nn.MultiheadAttention with batch_first=True (no dropout, kdim = vdim =
// E). For a query sequence [B, Tq, E] and a key/value sequence [B, Tk, E],
// with H = Heads heads of D = E/H features each:
//
//	q, k, v = query·Wq + bq, key·Wk + bk, value·Wv + bv   (split into H heads)
//	head_h  = softmax(q_h·k_hᵀ / √D) · v_h                 [B, Tq, D] per head
//	out     = concat(head_1 … head_H)·Wo + bo              [B, Tq, E]
//
// Forward is self-attention (query = key = value = x), with one product
// for the three projections; Attend takes the three apart. With Causal,
// position i attends only to positions j ≤ i (PyTorch's
// attn_mask = triu(ones(Tq, Tk), diagonal=1) as a bool mask).
//
// Params: "Wqkv" [E, 3E] (Glorot, or Init), "bqkv" [3E] (zeros), "Wo"
// [E, E] (Glorot, or Init), "bo" [E] (zeros), in that order; Wq, Wk and Wv
// are Wqkv's columns [0, E), [E, 2E) and [2E, 3E), and bq, bk, bv bqkv's.
// (PyTorch initialises out_proj as nn.Linear does, not by Glorot.)
//
//	from PyTorch: Wqkv = in_proj_weightᵀ, bqkv = in_proj_bias,
//	              Wo = out_proj.weightᵀ,  bo = out_proj.bias
//	to PyTorch:   the same transposes back.
//
// Head h uses columns [h·D, (h+1)·D) of each of q, k and v, as in PyTorch.
type MultiHeadAttention struct {
	Heads  int    // number of heads H, >= 1, dividing the embedding size
	Causal bool   // mask out later positions
	Init   string // Wqkv's and Wo's initialiser (see InitByName)
}

// Forward returns the self-attention of x [B, T, E], [B, T, E].
func (a *MultiHeadAttention) Forward(s *Scope, x *graph.Node) *graph.Node {
	if bad := a.check(s, x, x); bad != nil {
		return bad
	}
	sh := x.Shape()
	b, t, e := sh[0], sh[1], sh[2]
	wqkv, bqkv, wo, bo, bad := a.params(s, e, x)
	if bad != nil {
		return bad
	}
	// One product for q, k and v: [B·T, 3E] → [3, B, H, T, D].
	d := e / a.Heads
	qkv := ops.Add(ops.MatMul(ops.Reshape(x, b*t, e), wqkv), bqkv)
	qkv = ops.Transpose(ops.Reshape(qkv, b, t, 3, a.Heads, d), 2, 0, 3, 1, 4)
	part := func(i int) *graph.Node { return ops.Reshape(ops.Slice(qkv, 0, i, i+1), b, a.Heads, t, d) }
	return a.attend(s, part(0), part(1), part(2), wo, bo)
}

// Attend returns the attention of query [B, Tq, E] over key and value
// [B, Tk, E] (key and value may be the same node), [B, Tq, E]. Its params
// are Forward's: a layer may call both.
func (a *MultiHeadAttention) Attend(s *Scope, query, key, value *graph.Node) *graph.Node {
	if bad := a.check(s, query, key, value); bad != nil {
		return bad
	}
	e := query.Shape()[2]
	wqkv, bqkv, wo, bo, bad := a.params(s, e, query)
	if bad != nil {
		return bad
	}
	proj := func(x *graph.Node, i int) *graph.Node {
		sh := x.Shape()
		w, bias := ops.Slice(wqkv, 1, i*e, (i+1)*e), ops.Slice(bqkv, 0, i*e, (i+1)*e)
		y := ops.Add(ops.MatMul(ops.Reshape(x, sh[0]*sh[1], e), w), bias)
		return ops.Transpose(ops.Reshape(y, sh[0], sh[1], a.Heads, e/a.Heads), 0, 2, 1, 3)
	}
	var k, v *graph.Node
	if value == key {
		// Key and value from one product: [B·Tk, 2E] → [2, B, H, Tk, D].
		sh := key.Shape()
		kv := ops.Add(ops.MatMul(ops.Reshape(key, sh[0]*sh[1], e), ops.Slice(wqkv, 1, e, 3*e)), ops.Slice(bqkv, 0, e, 3*e))
		kv = ops.Transpose(ops.Reshape(kv, sh[0], sh[1], 2, a.Heads, e/a.Heads), 2, 0, 3, 1, 4)
		part := func(i int) *graph.Node {
			return ops.Reshape(ops.Slice(kv, 0, i, i+1), sh[0], a.Heads, sh[1], e/a.Heads)
		}
		k, v = part(0), part(1)
	} else {
		k, v = proj(key, 1), proj(value, 2)
	}
	return a.attend(s, proj(query, 0), k, v, wo, bo)
}

// check checks the operands: sequences [B, T, E] of one B and E (key and
// value of one T), and Heads dividing E.
func (a *MultiHeadAttention) check(s *Scope, xs ...*graph.Node) *graph.Node {
	for _, x := range xs {
		if x == nil {
			return s.Fail("MultiHeadAttention", errors.New("nil input"))
		}
		if x.Bad() {
			return x
		}
	}
	q := xs[0].Shape()
	for i, x := range xs {
		sh := x.Shape()
		if len(sh) != 3 {
			return s.Fail("MultiHeadAttention", errors.Errorf("operand %d is %v, want a sequence [B, T, E]", i, sh), xs...)
		}
		if sh[0] != q[0] || sh[2] != q[2] || i == 2 && sh[1] != xs[1].Shape()[1] {
			return s.Fail("MultiHeadAttention", errors.Errorf("operands %v do not match: want query [B, Tq, E], key and value [B, Tk, E]", shapes(xs)), xs...)
		}
	}
	if a.Heads < 1 || q[2]%a.Heads != 0 {
		return s.Fail("MultiHeadAttention", errors.Errorf("Heads = %d, want >= 1 and dividing the embedding size %d", a.Heads, q[2]), xs...)
	}
	return nil
}

func shapes(xs []*graph.Node) []tensor.Shape {
	out := make([]tensor.Shape, len(xs))
	for i, x := range xs {
		out[i] = x.Shape()
	}
	return out
}

func (a *MultiHeadAttention) params(s *Scope, e int, x *graph.Node) (wqkv, bqkv, wo, bo, bad *graph.Node) {
	init, bad := initOf(s, "MultiHeadAttention", a.Init, x)
	if bad != nil {
		return nil, nil, nil, nil, bad
	}
	wqkv, bqkv = s.Param("Wqkv", init, e, 3*e), s.Param("bqkv", Zeros, 3*e)
	wo, bo = s.Param("Wo", init, e, e), s.Param("bo", Zeros, e)
	return wqkv, bqkv, wo, bo, firstBad(wqkv, bqkv, wo, bo)
}

// attend returns the heads' attention for q [B, H, Tq, D] and k, v
// [B, H, Tk, D], concatenated and projected by Wo, bo: [B, Tq, E].
func (a *MultiHeadAttention) attend(s *Scope, q, k, v, wo, bo *graph.Node) *graph.Node {
	g := s.Graph()
	qs, ks := q.Shape(), k.Shape()
	b, h, tq, d := qs[0], qs[1], qs[2], qs[3]
	tk := ks[2]
	scores := ops.Mul(ops.BatchMatMul(q, k, false, true), g.ScalarOf(q.Dtype(), 1/math.Sqrt(float64(d))))
	if a.Causal {
		scores = ops.Where(g.Const(causalMask(q.Dtype(), tq, tk)), scores, g.ScalarOf(q.Dtype(), lowest(q.Dtype())))
	}
	o := ops.BatchMatMul(ops.Softmax(scores, -1), v, false, false) // [B, H, Tq, D]
	o = ops.Reshape(ops.Transpose(o, 0, 2, 1, 3), b*tq, h*d)
	return ops.Reshape(ops.Add(ops.MatMul(o, wo), bo), b, tq, h*d)
}

// causalMask returns [tq, tk] with 1 where key j may be seen by query i
// (j ≤ i) and 0 elsewhere.
func causalMask(dt tensor.Dtype, tq, tk int) *tensor.Dense {
	m := tensor.New(tensor.WithShape(tq, tk), tensor.Of(dt))
	for i := 0; i < tq; i++ {
		for j := 0; j <= i && j < tk; j++ {
			if dt == tensor.Float32 {
				m.Float32s()[i*tk+j] = 1
			} else {
				m.Float64s()[i*tk+j] = 1
			}
		}
	}
	return m
}

// lowest is the most negative finite value of dt: a masked score, whose
// softmax weight is then exactly 0 with no infinity in the graph.
func lowest(dt tensor.Dtype) float64 {
	if dt == tensor.Float32 {
		return -math.MaxFloat32
	}
	return -math.MaxFloat64
}
