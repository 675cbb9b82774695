package opcheck

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, whereCases, lossCases) }

func whereCases() []Case {
	var cs []Case
	for _, s := range [][3][]int{
		{{3, 4}, {3, 4}, {3, 4}},
		{{3, 1}, {4}, {}},
		{{4}, {2, 1, 4}, {3, 1}},
		{{2, 3, 4}, {3, 4}, {2, 1, 1}},
	} {
		s := s
		name := graph.ShapeString(s[0]) + "," + graph.ShapeString(s[1]) + "," + graph.ShapeString(s[2])
		cs = append(cs, Case{Op: "Where", Name: name, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			n := 1
			for _, d := range s[0] {
				n *= d
			}
			mask := make([]float64, n)
			for i := range mask {
				mask[i] = float64((i*5 + i/3) % 2)
			}
			x, y := b.Param(-1, 1, s[1]...), b.Param(-1, 1, s[2]...)
			return ops.Where(b.Const(mask, s[0]...), x, y), []*graph.Node{x, y}
		}})
	}
	return cs
}

// labels returns a constant int tensor of class indices.
func labels(b *Builder, v ...int) *graph.Node {
	return b.G.Const(tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(v)))
}

func pair(op string, lo, hi, tlo, thi float64, f func(o, t *graph.Node) *graph.Node) Case {
	return Case{Op: op, Name: "(3, 4) wrt both", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
		o, t := b.Param(lo, hi, 3, 4), b.Param(tlo, thi, 3, 4)
		return f(o, t), []*graph.Node{o, t}
	}}
}

func lossCases() []Case {
	return []Case{
		unaryCase("Softplus", ops.Softplus, -3, 3),
		{Op: "OneHot", Name: "mask·w, 4 labels of 3 classes", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			w := b.Param(-1, 1, 4, 3)
			return ops.Mul(ops.OneHot(labels(b, 0, 2, 1, 2), 3, b.Dt), w), []*graph.Node{w}
		}},
		pair("SquaredError", -1, 1, -1, 1, ops.SquaredError),
		pair("MeanSquaredError", -1, 1, -1, 1, ops.MeanSquaredError),
		pair("BinaryCrossEntropy", 0.2, 0.8, 0, 1, ops.BinaryCrossEntropy),
		pair("BinaryCrossEntropyLogits", -3, 3, 0, 1, ops.BinaryCrossEntropyLogits),
		pair("SoftmaxCrossEntropy", -3, 3, 0, 1, ops.SoftmaxCrossEntropy),
		{Op: "SoftmaxCrossEntropy", Name: "int targets", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			z := b.Param(-3, 3, 4, 3)
			return ops.SoftmaxCrossEntropy(z, labels(b, 0, 2, 1, 2)), []*graph.Node{z}
		}},
		{Op: "SoftmaxCrossEntropy", Name: "one-hot targets", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			z := b.Param(-3, 3, 2, 3)
			return ops.SoftmaxCrossEntropy(z, b.Const([]float64{0, 0, 1, 1, 0, 0}, 2, 3)), []*graph.Node{z}
		}},
	}
}
