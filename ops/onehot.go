package ops

import (
	"fmt"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// OneHot turns int class labels of any shape S into a float mask of shape
// [S…, k] and dtype dt (float64 or float32): element [i…, c] is 1 where
// labels[i…] = c and 0 elsewhere. No gradient flows through it. Labels that
// are not ints, k < 1 or another dtype give a bad node; a label outside
// 0 … k−1 makes Program.Run fail, naming the label.
func OneHot(labels *graph.Node, k int, dt tensor.Dtype) *graph.Node {
	return graph.Apply(&oneHot{k: k, dt: dt}, labels)
}

type oneHot struct {
	k  int
	dt tensor.Dtype
}

func (o *oneHot) Name() string   { return "OneHot" }
func (o *oneHot) String() string { return fmt.Sprintf("OneHot(%d, %v)", o.k, o.dt) }

func (o *oneHot) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	switch {
	case in[0].Dtype() != tensor.Int:
		return nil, o.dt, errors.Errorf("labels have dtype %v, want int", in[0].Dtype())
	case o.k < 1:
		return nil, o.dt, errors.Errorf("%d classes, want at least 1", o.k)
	case o.dt != tensor.Float64 && o.dt != tensor.Float32:
		return nil, o.dt, errors.Errorf("dtype %v, want float64 or float32", o.dt)
	}
	return append(in[0].Shape().Clone(), o.k), o.dt, nil
}

func (o *oneHot) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch dst.Dtype() {
	case tensor.Float64:
		return oneHotK(o.k, f64(dst), in[0].Ints())
	case tensor.Float32:
		return oneHotK(o.k, f32(dst), in[0].Ints())
	}
	return errDtype("OneHot", dst.Dtype())
}

func (o *oneHot) VJP(_, _ *graph.Node) ([]*graph.Node, error) { return []*graph.Node{nil}, nil }

// NoGrad reports that no gradient flows to the labels.
func (o *oneHot) NoGrad(int) bool { return true }

func oneHotK[T Float](k int, d []T, labels []int) error {
	clear(d)
	for i, c := range labels {
		if c < 0 || c >= k {
			return errors.Errorf("label %d at index %d is outside 0 … %d", c, i, k-1)
		}
		d[i*k+c] = 1
	}
	return nil
}
