package ops

import (
	"fmt"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Transpose permutes x's axes: dimension i of the result is dimension
// perm[i] of x. With no perm the axes are reversed, so a matrix [m, n]
// becomes its transpose [n, m]. It accepts float and int tensors. A perm that
// is not a permutation of 0 … rank−1 gives a bad node.
func Transpose(x *graph.Node, perm ...int) *graph.Node {
	return graph.Apply(&transpose{perm: append([]int{}, perm...)}, x)
}

type transpose struct {
	perm []int
	plan rowPlan
	off  []int // x's offset of each output row
}

func (o *transpose) Name() string   { return "Transpose" }
func (o *transpose) String() string { return fmt.Sprintf("Transpose%v", o.perm) }

func (o *transpose) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameData(in)
	if err != nil {
		return nil, dt, err
	}
	s := in[0].Shape()
	if len(o.perm) == 0 {
		o.perm = make([]int, len(s))
		for i := range o.perm {
			o.perm[i] = len(s) - 1 - i
		}
	}
	if len(o.perm) != len(s) {
		return nil, dt, errors.Errorf("perm %v has %d axes, shape %s has %d", o.perm, len(o.perm), graph.ShapeString(s), len(s))
	}
	// x's row-major strides, permuted to the output's axes.
	xst := make([]int, len(s))
	for i, st := len(s)-1, 1; i >= 0; i-- {
		xst[i], st = st, st*s[i]
	}
	seen := make([]bool, len(s))
	out, st := make(tensor.Shape, len(s)), make([]int, len(s))
	for i, p := range o.perm {
		if p < 0 || p >= len(s) || seen[p] {
			return nil, dt, errors.Errorf("perm %v is not a permutation of the %d axes of %s", o.perm, len(s), graph.ShapeString(s))
		}
		seen[p] = true
		out[i], st[i] = s[p], xst[p]
	}
	o.plan = newRowPlan(out, st)
	o.off = o.plan.offsets()
	return out, dt, nil
}

func (o *transpose) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch dst.Dtype() {
	case tensor.Float64:
		gatherK(o.plan, o.off, f64(dst), f64(in[0]))
	case tensor.Float32:
		gatherK(o.plan, o.off, f32(dst), f32(in[0]))
	case tensor.Int:
		gatherK(o.plan, o.off, dst.Ints(), in[0].Ints())
	default:
		return errDtype("Transpose", dst.Dtype())
	}
	return nil
}

// The adjoint is transposed back by the inverse permutation.
func (o *transpose) VJP(_, dy *graph.Node) ([]*graph.Node, error) {
	inv := make([]int, len(o.perm))
	for i, p := range o.perm {
		inv[p] = i
	}
	return []*graph.Node{Transpose(dy, inv...)}, nil
}

// gatherK fills d row by row: row r is n = p.inner elements of x starting at
// off[r], p.ist apart.
func gatherK[T any](p rowPlan, off []int, d, x []T) {
	n, st := p.inner, p.ist
	for r, o := range off {
		row := d[r*n : (r+1)*n]
		if st == 1 {
			copy(row, x[o:o+n])
			continue
		}
		for j := range row {
			row[j] = x[o+j*st]
		}
	}
}
