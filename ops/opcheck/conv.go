package opcheck

import (
	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, convCases) }

// convShape is one convolution geometry: input x, weights w.
type convShape struct {
	name string
	x, w []int
	opt  ops.Conv2DOptions
}

// convShapes exercise stride, padding, dilation and groups (depthwise
// included), non-square kernels and the 1×1 shortcut.
var convShapes = []convShape{
	{"defaults", []int{2, 3, 5, 5}, []int{4, 3, 3, 3}, ops.Conv2DOptions{}},
	{"stride 2 padding 1", []int{2, 2, 6, 5}, []int{3, 2, 3, 3}, ops.Conv2DOptions{Stride: [2]int{2, 2}, Padding: [2]int{1, 1}}},
	{"dilation (2,1) padding (1,0) 2×3 kernel", []int{1, 2, 7, 6}, []int{2, 2, 2, 3}, ops.Conv2DOptions{Dilation: [2]int{2, 1}, Padding: [2]int{1, 0}}},
	{"groups 2 padding 1", []int{1, 4, 5, 5}, []int{4, 2, 3, 3}, ops.Conv2DOptions{Groups: 2, Padding: [2]int{1, 1}}},
	{"depthwise stride 2 padding 1", []int{2, 3, 5, 5}, []int{3, 1, 3, 3}, ops.Conv2DOptions{Groups: 3, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}}},
	{"1×1", []int{2, 3, 4, 4}, []int{2, 3, 1, 1}, ops.Conv2DOptions{}},
	{"stride 3 drops rows", []int{1, 2, 7, 8}, []int{2, 2, 2, 2}, ops.Conv2DOptions{Stride: [2]int{3, 2}}},
}

// convTShapes are Conv2DTranspose geometries: input x, weights w.
var convTShapes = []struct {
	name string
	x, w []int
	opt  ops.Conv2DTransposeOptions
}{
	{"defaults", []int{2, 3, 3, 4}, []int{3, 2, 3, 3}, ops.Conv2DTransposeOptions{}},
	{"stride 2 padding 1 output padding 1", []int{1, 3, 3, 3}, []int{3, 2, 3, 3},
		ops.Conv2DTransposeOptions{Stride: [2]int{2, 2}, Padding: [2]int{1, 1}, OutputPadding: [2]int{1, 1}}},
	{"groups 2 dilation 2 output padding below dilation", []int{2, 4, 3, 3}, []int{4, 1, 2, 3},
		ops.Conv2DTransposeOptions{Groups: 2, Dilation: [2]int{2, 2}, OutputPadding: [2]int{1, 0}}},
}

func convCases() []Case {
	var cs []Case
	for _, s := range convShapes {
		s := s
		cs = append(cs, Case{Op: "Conv2D", Name: s.name, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x, w := b.Param(-1, 1, s.x...), b.Param(-1, 1, s.w...)
			return ops.Conv2D(x, w, s.opt), []*graph.Node{x, w}
		}})
		// The weight gradient with the output's gradient as a param.
		cs = append(cs, Case{Op: "Conv2DWeightGrad", Name: s.name, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, s.x...)
			y := ops.Conv2D(b.G.Const(b.Random(-1, 1, s.x...)), b.G.Const(b.Random(-1, 1, s.w...)), s.opt)
			dy := b.Param(-1, 1, y.Shape()...)
			return ops.Conv2DWeightGrad(x, dy, [2]int{s.w[2], s.w[3]}, s.opt), []*graph.Node{x, dy}
		}})
	}
	for _, i := range []int{1, 3, 4} {
		s := convShapes[i]
		cs = append(cs, convSecondOrder(s, 0), convSecondOrder(s, 1))
	}
	for _, s := range convTShapes {
		s := s
		cs = append(cs, Case{Op: "Conv2DTranspose", Name: s.name, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x, w := b.Param(-1, 1, s.x...), b.Param(-1, 1, s.w...)
			return ops.Conv2DTranspose(x, w, s.opt), []*graph.Node{x, w}
		}})
		cs = append(cs, Case{Op: "Conv2DTranspose", Name: s.name + " second order", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x, w := b.Param(-1, 1, s.x...), b.Param(-1, 1, s.w...)
			return squareGrad(b, ops.Conv2DTranspose(x, w, s.opt), x, w)
		}})
	}
	return cs
}

// convSecondOrder checks the gradient of Conv2D's gradient with respect to
// x (k = 0: a Conv2DTranspose) or w (k = 1: a Conv2DWeightGrad), each
// differentiated with respect to both x and w.
func convSecondOrder(s convShape, k int) Case {
	name := s.name + " second order ∂x"
	if k == 1 {
		name = s.name + " second order ∂w"
	}
	return Case{Op: "Conv2D", Name: name, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
		x, w := b.Param(-1, 1, s.x...), b.Param(-1, 1, s.w...)
		out, wrt := squareGrad(b, ops.Conv2D(x, w, s.opt), x, w)
		if k == 1 {
			g, err := autodiff.Grad(squareSum(b, ops.Conv2D(x, w, s.opt)), w)
			if err != nil {
				return b.G.Fail("Grad", err, w), wrt
			}
			out = g[0]
		}
		return out, wrt
	}}
}

// squareSum is Σ R ⊙ y² for a random R: its gradient depends on y, so
// differentiating it again exercises the VJPs of y's VJP.
func squareSum(b *Builder, y *graph.Node) *graph.Node {
	return ops.Sum(ops.Mul(ops.Square(y), b.G.Const(b.Random(-1, 1, y.Shape()...))))
}

// squareGrad returns ∂(Σ R ⊙ y²)/∂x, to be checked against x and w.
func squareGrad(b *Builder, y, x, w *graph.Node) (*graph.Node, []*graph.Node) {
	g, err := autodiff.Grad(squareSum(b, y), x)
	if err != nil {
		return b.G.Fail("Grad", err, x), []*graph.Node{x, w}
	}
	return g[0], []*graph.Node{x, w}
}
