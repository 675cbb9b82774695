package graph

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// Op is an operation that a node applies to its operands.
//
// An Op value is stateless once built (attributes such as axes are fields set
// by its constructor) and may be shared by many nodes.
type Op interface {
	// Name returns the op's name, e.g. "Add".
	Name() string
	// Infer returns the output's shape and dtype for the given operands, or an
	// error saying why they are unfit. It is called once, when the node is built.
	Infer(in []*Node) (tensor.Shape, tensor.Dtype, error)
	// Forward computes the output into dst, which has the inferred shape and
	// dtype, from the operands' values. It must not keep dst or in.
	Forward(dst *tensor.Dense, in []*tensor.Dense) error
	// VJP returns, for each operand, the contribution to its adjoint given the
	// node y built by this op and y's adjoint dy, built from other ops. An
	// entry may have the output's (broadcast) shape; autodiff sums it down to
	// the operand's shape. A nil entry means no gradient flows to that operand.
	VJP(y, dy *Node) ([]*Node, error)
}

// Apply adds a node computing op over the operands. It never panics: when an
// operand is nil, bad or from another graph, op.Infer rejects the operands
// or the inferred shape is too large (see CheckSize), it returns a bad node
// and records the first error in the graph, naming the op, the operand
// shapes and the caller's file:line.
func Apply(op Op, in ...*Node) *Node {
	var g *Graph
	for _, n := range in {
		if n != nil && n.g != nil {
			g = n.g
			break
		}
	}
	if g == nil {
		// Nothing to attach to: there is no graph to record in.
		return &Node{kind: KindOp, name: op.Name(), bad: true}
	}
	for i, n := range in {
		switch {
		case n == nil:
			return g.bad(op.Name(), newBuildError(op.Name(), in, errors.Errorf("operand %d is nil", i)))
		case n.g != g:
			return g.bad(op.Name(), newBuildError(op.Name(), in, errors.Errorf("operand %d belongs to another graph", i)))
		case n.bad:
			return g.add(&Node{kind: KindOp, name: op.Name(), bad: true})
		}
	}
	shape, dt, err := op.Infer(in)
	if err == nil {
		err = CheckSize("result", shape, dt)
	}
	if err != nil {
		return g.bad(op.Name(), newBuildError(op.Name(), in, err))
	}
	ins := make([]*Node, len(in))
	copy(ins, in)
	n := &Node{kind: KindOp, name: op.Name(), op: op, in: ins, shape: shape, dtype: dt}
	n.pc = caller()
	return g.add(n)
}

// Preparer is an optional interface of an Op whose kernel can be bound to
// its buffers once, when a Program is compiled (and again when Bind swaps an
// operand's tensor), so that a run skips the per-call work of Forward:
// reading backing slices, switching on the dtype, choosing a loop. For
// scalar graphs such as the lecture's e(w) that work is most of the step.
//
// Prepare returns a function that computes exactly what Forward(dst, in)
// would for these tensors, or nil when the op cannot prepare them, in which
// case the program calls Forward. The function may panic on bad data, like
// Forward; the program turns panics into a RunError.
type Preparer interface {
	Prepare(dst *tensor.Dense, in []*tensor.Dense) func()
}

// Fuser is an optional interface of a one-operand Op (an activation, say)
// that can absorb the op producing its operand (a bias add, say): Fuse
// returns one op computing both in a single pass over the producer's own
// operands, or nil when it cannot fuse with that producer.
//
// Compile fuses when nothing else in the program reads the producer's
// result and it is not an output: the producer's step disappears and its
// buffer is never written, so Program.Value returns nil for it. The fused op
// is only run (Forward, and Prepare when it is a Preparer); it is never
// differentiated or inferred.
type Fuser interface {
	Fuse(producer *Node) Op
}

// OperandFuser is an optional interface of an op (or of an op a Fuser
// returned) that can absorb the producer of one of its operands (a bias add
// and activation absorbing the matrix product they add the bias to, or a
// gradient sum the product it adds):
// FuseOperand returns one op reading the producer's operands followed by
// the fused op's own operands but k, in order, or nil when it cannot fuse
// with that producer. Compile offers it each operand in turn, under the
// same conditions as Fuser's, and fuses the first it accepts.
type OperandFuser interface {
	FuseOperand(k int, producer *Node) Op
}

// InPlacer is an optional interface of an elementwise Op that can write its
// result over operand k's buffer: it reads each element before writing the
// same element, and operand k has the output's size and dtype (its shape,
// for an elementwise op; another shape for a reshape, which leaves the
// elements where they are). Compile uses it when nothing reads operand k
// after this op, e.g. to accumulate a gradient Add(acc, c) in acc's own
// buffer.
type InPlacer interface {
	InPlace(k int) bool
}

// PartialVJPer is an optional interface of an Op with several operands whose
// VJP can build the adjoints of some of them alone. autodiff.Grad calls
// PartialVJP instead of VJP, with needs[i] true for each operand i whose
// adjoint leads to a requested gradient, so that differentiating by W adds
// no node for the adjoint of the input x. The result has an entry per
// operand, as VJP's does; the op builds nothing for an operand whose needs
// entry is false and leaves that entry nil (Grad ignores it either way).
// VJP(y, dy) must equal PartialVJP(y, dy, needs) with every entry true.
type PartialVJPer interface {
	PartialVJP(y, dy *Node, needs []bool) ([]*Node, error)
}

// NoGrader is an optional interface of an Op that passes no gradient to some
// of its operands whatever the adjoint: a step function such as Greater, the
// condition of Where, a mask. NoGrad(i) reports it for operand i, whose VJP
// entry is then always nil; autodiff.Grad treats the node as not depending on
// that operand, so it builds nothing on the way to it.
type NoGrader interface {
	NoGrad(i int) bool
}
