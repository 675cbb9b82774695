package onnx

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// batchDim returns the dimension of n's result that scales with the
// symbolic batch (-1 for none), or an error when n's op would tie the
// exported model to the build batch size. Without SymbolicBatch every
// dimension is fixed.
func (e *exporter) batchDim(n *graph.Node, a ops.Attrs) (int, error) {
	if !e.opts.SymbolicBatch {
		return -1, nil
	}
	in := n.Inputs()
	if ls := softmaxOf(n); ls != nil { // Softmax keeps its operand's dimensions
		in = ls.Inputs()
	}
	d := -1
	var x *graph.Node // the operand carrying the batch
	for _, v := range in {
		if e.batch[v] >= 0 {
			d, x = e.batch[v], v
			break
		}
	}
	if d < 0 {
		return -1, nil
	}
	out := n.Shape()
	xs := x.Shape()
	switch a.Op {
	case "MatMul":
		return matMulBatch(e.batch[in[0]], e.batch[in[1]], a)
	case "BatchMatMul":
		return e.batchMatMulBatch(n, a)
	case "Gather":
		if x != in[1] {
			return -1, errors.New("the table (operand 0) carries the symbolic batch; only the indices may")
		}
		return d, nil
	case "Reshape":
		return reshapeBatch(xs, out, d)
	case "Transpose":
		for i, p := range a.Perm {
			if p == d {
				return i, nil
			}
		}
	case "Slice":
		if a.Axis == d {
			return -1, errors.Errorf("it slices the symbolic batch dimension %d", d)
		}
		return d, nil
	case "Concat":
		for i, v := range in {
			if e.batch[v] != d {
				return -1, errors.Errorf("operand %d does not have the batch at dimension %d as operand %d has", i, d, indexOf(in, x))
			}
		}
		if a.Axis == d {
			return -1, errors.Errorf("it concatenates along the symbolic batch dimension %d", d)
		}
		return d, nil
	case "SumTo":
		lead := len(xs) - len(out)
		if d < lead || out[d-lead] != xs[d] {
			return -1, errors.Errorf("it sums over the symbolic batch dimension %d (a mean over the batch would keep the build batch's count): export with a fixed batch", d)
		}
		return d - lead, nil
	case "Max", "ArgMax":
		switch {
		case a.Axis == d:
			return -1, errors.Errorf("it reduces the symbolic batch dimension %d", d)
		case a.Axis < d:
			return d - 1, nil
		}
		return d, nil
	case "Pad":
		if w := a.Widths[d]; w != [2]int{} {
			return -1, errors.Errorf("it pads the symbolic batch dimension %d by %v", d, w)
		}
		return d, nil
	case "OneHot":
		return d, nil
	case "Conv2D", "MaxPool2D", "AvgPool2D":
		if x != in[0] || d != 0 {
			return -1, errors.Errorf("the batch must be dimension 0 of the image operand, not dimension %d of operand %d", d, indexOf(in, x))
		}
		return 0, nil
	}
	// Elementwise (with broadcasting), BroadcastTo, LogSoftmax and the like:
	// dimensions align from the right.
	od := d + len(out) - len(xs)
	if out[od] != xs[d] {
		return -1, errors.Errorf("it broadcasts the symbolic batch dimension (size %d at build) to size %d", xs[d], out[od])
	}
	for i, v := range in {
		vd := e.batch[v]
		if vd < 0 {
			continue
		}
		if vd+len(out)-len(v.Shape()) != od {
			return -1, errors.Errorf("operands %d and %d have the batch at different dimensions", indexOf(in, x), i)
		}
	}
	return od, nil
}

func indexOf(in []*graph.Node, x *graph.Node) int {
	for i, v := range in {
		if v == x {
			return i
		}
	}
	return -1
}

// matMulBatch returns the batch dimension of a matrix product whose
// operands have theirs at da and db (-1 for none).
func matMulBatch(da, db int, a ops.Attrs) (int, error) {
	d := -1
	if da >= 0 {
		if (da == 0) == a.TransA { // the batch is the contracted dimension
			return -1, errors.New("the product contracts the symbolic batch dimension of operand 0")
		}
		d = 0
	}
	if db >= 0 {
		if (db == 1) == a.TransB {
			return -1, errors.New("the product contracts the symbolic batch dimension of operand 1")
		}
		if d >= 0 {
			return -1, errors.New("both operands carry the symbolic batch")
		}
		d = 1
	}
	return d, nil
}

// reshapeBatch returns the dimension of a reshape's result out that takes
// the batch from dimension d of the operand's shape xs: the dimension that
// starts where the batch dimension starts.
func reshapeBatch(xs, out []int, d int) (int, error) {
	if len(out) == 0 {
		return -1, errors.Errorf("it reshapes the symbolic batch away (to a scalar)")
	}
	pre := 1
	for _, v := range xs[:d] {
		pre *= v
	}
	p := 1
	for j, v := range out {
		if p == pre {
			return j, nil
		}
		p *= v
	}
	return -1, errors.Errorf("no dimension of the target shape %s starts where the symbolic batch dimension %d of %s does",
		graph.ShapeString(out), d, graph.ShapeString(xs))
}

// batchMatMulBatch is matMulBatch for batched products: the batch is one
// of an operand's batch dimensions (aligned from the right with the
// result's, not stretched) or its row (a) or column (b) dimension.
func (e *exporter) batchMatMulBatch(n *graph.Node, a ops.Attrs) (int, error) {
	in, out := n.Inputs(), n.Shape()
	ro, od := len(out), -1
	for i, v := range in {
		d := e.batch[v]
		if d < 0 {
			continue
		}
		s := v.Shape()
		r := len(s)
		var o int
		switch {
		case d < r-2:
			o = d + ro - r
			if out[o] != s[d] {
				return -1, errors.Errorf("it broadcasts the symbolic batch dimension (size %d at build) to size %d", s[d], out[o])
			}
		case i == 0 && (d == r-2) != a.TransA, i == 1 && (d == r-1) != a.TransB:
			o = ro - 2 + i
		default:
			return -1, errors.Errorf("the product contracts the symbolic batch dimension of operand %d", i)
		}
		if od >= 0 && o != od {
			return -1, errors.New("the operands carry the symbolic batch at different dimensions of the result")
		}
		od = o
	}
	return od, nil
}
