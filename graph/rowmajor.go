package graph

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/internal/backing"
)

// RowMajor returns v itself when its backing array holds its elements in
// row-major order, and otherwise a new tensor of v's shape and dtype holding
// v's elements in their logical order: the form Param and Bind need for a
// view (after T(), or a Slice that skips elements). It reads v by its
// strides, so it is right also for a Slice of a transposed tensor, which
// tensor's own Materialize copies in memory order (gorgonia.org/tensor
// v0.9.24). It errors for a nil or masked v.
func RowMajor(v *tensor.Dense) (*tensor.Dense, error) {
	if v == nil {
		return nil, errors.New("graph: RowMajor: nil value")
	}
	c, err := rowMajor(v)
	if err != nil {
		return nil, errors.Errorf("graph: RowMajor: value %v", err)
	}
	return c, nil
}

// rowMajor is RowMajor with the bare reason as its error.
func rowMajor(v *tensor.Dense) (*tensor.Dense, error) {
	if backing.Plain(v) {
		return v, nil
	}
	c := tensor.New(tensor.WithShape(v.Shape().Clone()...), tensor.Of(v.Dtype()))
	if err := backing.Gather(c.Raw, v); err != nil {
		return nil, err
	}
	return c, nil
}
