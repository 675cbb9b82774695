package nets

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Compiled is a network's graph for one batch size, compiled once and run at
// every step: inputs X [B, InputWidth] and T [B, OutputWidth] (and Mask like
// T for a masked MSE), the Output and Loss nodes and, if asked for, the
// gradient nodes of the params. The graph's params are the network's own
// tensors, so several Compiled of one network (say one to train, one to
// evaluate at another batch size) share the weights.
//
// The inputs are bound to buffers owned by the Compiled (XBuf, TBuf,
// MaskBuf): fill them and call Prog.Exec, nothing is allocated per step.
type Compiled struct {
	Batch          int
	Graph          *graph.Graph
	X, T, Mask     *graph.Node   // inputs; Mask is nil unless Spec.Masked
	Params         []*graph.Node // the params, in Network.Params order
	Logits, Output *graph.Node   // pre-activation and output [B, OutputWidth]
	Loss           *graph.Node   // scalar, averaged over the batch
	Grads          []*graph.Node // ∂Loss/∂param, nil unless withGrads
	Prog           *graph.Program

	XBuf, TBuf, MaskBuf *tensor.Dense // bound to X, T and Mask
	ParamVals, GradVals []*tensor.Dense
}

// Compile builds net's graph for batches of the given size and compiles it,
// with the gradient nodes (autodiff.Grad of the loss over every param) when
// withGrads is set. It errors when batch < 1 or the graph cannot be built
// (the error names the op and where it was built).
func Compile(net Network, batch int, withGrads bool) (*Compiled, error) {
	if net == nil {
		return nil, errors.New("nets: Compile: nil network")
	}
	if batch < 1 {
		return nil, errors.Errorf("nets: Compile: batch size %d, want >= 1", batch)
	}
	s := net.Spec()
	dt := s.Dtype.Tensor()
	g := graph.New(graph.WithDtype(dt))
	c := &Compiled{Batch: batch, Graph: g}
	c.X = g.Input("x", dt, batch, s.InputWidth())
	c.T = g.Input("t", dt, batch, s.OutputWidth())
	if s.Masked {
		c.Mask = g.Input("mask", dt, batch, s.OutputWidth())
	}
	for _, p := range net.Params() {
		c.Params = append(c.Params, g.Param(p.Name, p.Value))
		c.ParamVals = append(c.ParamVals, p.Value)
	}
	if err := g.Err(); err != nil {
		return nil, errors.Wrap(err, "nets: Compile")
	}
	c.Logits = net.Logits(c.X, c.Params)
	z, t, m := c.Logits, c.T, c.Mask
	if s.Kind == KindRNN && s.EveryStep { // one row per step
		z, t = reshapeRows(z, s.Outputs), reshapeRows(t, s.Outputs)
		if m != nil {
			m = reshapeRows(m, s.Outputs)
		}
	}
	c.Output = output(s.Loss, z)
	if z != c.Logits {
		c.Output = reshapeRows(c.Output, s.OutputWidth())
	}
	c.Loss = lossNode(s.Loss, z, t, m)
	outs := []*graph.Node{c.Loss, c.Output}
	if withGrads {
		grads, err := autodiff.Grad(c.Loss, c.Params...)
		if err != nil {
			return nil, errors.Wrap(err, "nets: Compile")
		}
		c.Grads = grads
		outs = append(outs, grads...)
	}
	if err := g.Err(); err != nil {
		return nil, errors.Wrap(err, "nets: Compile")
	}
	prog, err := graph.CompileWith(graph.Fast, outs...)
	if err != nil {
		return nil, errors.Wrap(err, "nets: Compile")
	}
	c.Prog = prog
	for _, gn := range c.Grads {
		c.GradVals = append(c.GradVals, prog.Value(gn))
	}
	c.XBuf = tensor.New(tensor.WithShape(batch, s.InputWidth()), tensor.Of(dt))
	c.TBuf = tensor.New(tensor.WithShape(batch, s.OutputWidth()), tensor.Of(dt))
	if err := bindAll(prog, c.X, c.XBuf, c.T, c.TBuf); err != nil {
		return nil, err
	}
	if c.Mask != nil {
		c.MaskBuf = tensor.New(tensor.WithShape(batch, s.OutputWidth()), tensor.Of(dt))
		if err := bindAll(prog, c.Mask, c.MaskBuf); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// reshapeRows views x [B, T·k] as [B·T, k].
func reshapeRows(x *graph.Node, k int) *graph.Node {
	return ops.Reshape(x, -1, k)
}

func bindAll(p *graph.Program, pairs ...any) error {
	for i := 0; i < len(pairs); i += 2 {
		n, v := pairs[i].(*graph.Node), pairs[i+1].(*tensor.Dense)
		if err := p.Bind(n, v); err != nil {
			return errors.Wrap(err, "nets: Compile")
		}
	}
	return nil
}
