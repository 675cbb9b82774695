package nets

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
)

// Compiled is a model's graph for one batch size and mode, compiled once and
// run at every step: inputs X [B, input...] and T [B, K] (and Mask like T
// for a masked MSE), the Output and Loss nodes and, for training, the
// gradient nodes of the params. The graph's params are the layers model's
// own tensors, so several Compiled of one model (say one to train, one to
// evaluate at another batch size) share the weights.
//
// The inputs are bound to buffers owned by the Compiled (XBuf, TBuf,
// MaskBuf): fill them and call Prog.Exec, nothing is allocated per step.
type Compiled struct {
	Batch          int
	Graph          *graph.Graph
	X, T, Mask     *graph.Node   // inputs; Mask is nil unless the head is masked
	Params         []*graph.Node // the params, in the store's (Network.Params') order
	ParamNames     []string      // their names: Network.Params' for a network New made
	Logits, Output *graph.Node   // the model's output and, after the head's activation, [B, K]
	Loss           *graph.Node   // scalar, averaged over the batch
	Grads          []*graph.Node // ∂Loss/∂param, nil unless withGrads
	Prog           *graph.Program

	XBuf, TBuf, MaskBuf *tensor.Dense // bound to X, T and Mask
	ParamVals, GradVals []*tensor.Dense

	// updates are the state tensors (batch norm's running statistics) and
	// their new values in the program, copied after each training step.
	updates [][2]*tensor.Dense
	// carries are the carried states' input buffers (zeros at first) and
	// their final values in the program, copied after each training step
	// (Config.Stateful).
	carries [][2]*tensor.Dense
}

// resetCarries sets the carried states back to zeros.
func (c *Compiled) resetCarries() {
	for _, cr := range c.carries {
		clearDense(cr[0])
	}
}

// Compile builds net's graph for batches of the given size and compiles it:
// with withGrads, a training program (the layers built in training mode,
// the program in training mode for dropout, and the gradient nodes from
// autodiff.Grad of the loss over every param); without, an evaluation
// program. It errors when batch < 1, the model does not fit its head, or
// the graph cannot be built (the error names the op and where it was
// built).
func Compile(net Model, batch int, withGrads bool) (*Compiled, error) {
	sh, err := describe(net)
	if err != nil {
		return nil, errors.Wrap(err, "nets: Compile")
	}
	return compile(net, sh, batch, withGrads, false)
}

// compile is Compile; with carry the build carries the recurrent layers'
// state from run to run (layers.Scope.SetCarry): c.carries pairs each
// carried input's buffer with its final value.
func compile(net Model, sh *shapes, batch int, withGrads, carry bool) (*Compiled, error) {
	if batch < 1 {
		return nil, errors.Errorf("nets: Compile: batch size %d, want >= 1", batch)
	}
	lm := net.Layers()
	st := lm.Store()
	dt := sh.dtype
	g := graph.New(graph.WithDtype(dt))
	c := &Compiled{Batch: batch, Graph: g}
	xs := append([]int{batch}, sh.in...)
	c.X = g.Input("x", dt, xs...)
	c.T = g.Input("t", dt, batch, sh.outW)
	if sh.head.Masked {
		c.Mask = g.Input("mask", dt, batch, sh.outW)
	}
	if err := g.Err(); err != nil {
		return nil, errors.Wrap(err, "nets: Compile")
	}
	n0 := st.Len()
	scope := layers.NewScope(g, st, withGrads)
	scope.SetCarry(carry)
	c.Logits = lm.Root().Forward(scope, c.X)
	if err := g.Err(); err != nil {
		return nil, errors.Wrap(err, "nets: Compile")
	}
	if st.Len() != n0 {
		return nil, errors.Errorf("nets: Compile: building the model created %q, which its first build did not; a layer must create the same tensors at every batch size and in both modes", st.Entries()[n0].Name)
	}
	if c.Logits == nil || !graph.SameShape(c.Logits.Shape(), []int{batch, sh.outW}) {
		return nil, errors.Errorf("nets: Compile: the model's output for a batch of %d is %v, want (%d, %d)", batch, c.Logits, batch, sh.outW)
	}
	for i, e := range st.Params() {
		n := g.ByName(e.Name)
		if n == nil || n.Kind() != graph.KindParam || n.Value() != e.Value {
			return nil, errors.Errorf("nets: Compile: param %q is not used by the model's %s build", e.Name, mode(withGrads))
		}
		c.Params = append(c.Params, n)
		c.ParamVals = append(c.ParamVals, e.Value)
		name := e.Name
		if i < len(sh.names) {
			name = sh.names[i]
		}
		c.ParamNames = append(c.ParamNames, name)
	}
	z, t, m := c.Logits, c.T, c.Mask
	if k := sh.head.Step; k > 0 { // one row per step
		z, t = reshapeRows(z, k), reshapeRows(t, k)
		if m != nil {
			m = reshapeRows(m, k)
		}
	}
	c.Output = output(sh.head.Loss, z)
	if z != c.Logits {
		c.Output = reshapeRows(c.Output, sh.outW)
	}
	c.Loss = lossNode(sh.head.Loss, z, t, m)
	outs := []*graph.Node{c.Loss, c.Output}
	if withGrads {
		grads, err := autodiff.Grad(c.Loss, c.Params...)
		if err != nil {
			return nil, errors.Wrap(err, "nets: Compile")
		}
		c.Grads = grads
		outs = append(outs, grads...)
	}
	ups := scope.Updates()
	for _, u := range ups {
		outs = append(outs, u.Value)
	}
	carries, err := scope.Carries()
	if err != nil {
		return nil, errors.Wrap(err, "nets: Compile")
	}
	for _, cr := range carries {
		outs = append(outs, cr.Final)
	}
	if err := g.Err(); err != nil {
		return nil, errors.Wrap(err, "nets: Compile")
	}
	prog, err := graph.CompileWith(graph.Fast, outs...)
	if err != nil {
		return nil, errors.Wrap(err, "nets: Compile")
	}
	prog.SetTraining(withGrads)
	c.Prog = prog
	for _, gn := range c.Grads {
		c.GradVals = append(c.GradVals, prog.Value(gn))
	}
	for _, u := range ups {
		c.updates = append(c.updates, [2]*tensor.Dense{u.State.Value, prog.Value(u.Value)})
	}
	c.XBuf = tensor.New(tensor.WithShape(xs...), tensor.Of(dt))
	c.TBuf = tensor.New(tensor.WithShape(batch, sh.outW), tensor.Of(dt))
	if err := bindAll(prog, c.X, c.XBuf, c.T, c.TBuf); err != nil {
		return nil, err
	}
	if c.Mask != nil {
		c.MaskBuf = tensor.New(tensor.WithShape(batch, sh.outW), tensor.Of(dt))
		if err := bindAll(prog, c.Mask, c.MaskBuf); err != nil {
			return nil, err
		}
	}
	for _, cr := range carries {
		buf := tensor.New(tensor.WithShape(cr.Init.Shape()...), tensor.Of(dt))
		if err := bindAll(prog, cr.Init, buf); err != nil {
			return nil, err
		}
		c.carries = append(c.carries, [2]*tensor.Dense{buf, prog.Value(cr.Final)})
	}
	return c, nil
}

func mode(training bool) string {
	if training {
		return "training"
	}
	return "evaluation"
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
