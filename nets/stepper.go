package nets

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
)

// Stepper runs a recurrent network (rnn, lstm or gru) one step at a time
// on one sample, carrying its state from step to step, however many steps:
// what a language model needs to score a long text with all the context
// before each character, or to generate one character after another. It
// computes a step as the unrolled network does, with the same params (the
// network's own tensors: training the network changes what the Stepper
// computes).
type Stepper struct {
	prog        *graph.Program
	xBuf, hBuf  *tensor.Dense
	cBuf        *tensor.Dense // the LSTM's memory; nil for rnn and gru
	y, h2, c2   *graph.Node
	out         []float64
	inputs, hid int
}

// NewStepper compiles one step of net, a recurrent network New built, at
// batch 1, from the zero state. It errors for any other kind of network.
func NewStepper(net Network) (*Stepper, error) {
	if isNil(net) {
		return nil, errors.New("nets: NewStepper: nil network")
	}
	s := net.Spec()
	if !s.Kind.Recurrent() || len(s.Hidden) != 1 || net.Layers() == nil {
		return nil, errors.Errorf("nets: NewStepper: a %s network; want rnn, lstm or gru", s.Kind)
	}
	st := net.Layers().Store()
	dt := s.Dtype.Tensor()
	g := graph.New(graph.WithDtype(dt))
	f, hid := s.Inputs, s.Hidden[0]
	x, h := g.Input("x", dt, 1, f), g.Input("h", dt, 1, hid)
	sc := layers.NewScope(g, st, false)
	n0 := st.Len()
	p := &Stepper{inputs: f, hid: hid, out: make([]float64, 0, s.Outputs)}
	var c *graph.Node
	switch s.Kind {
	case KindLSTM:
		c = g.Input("c", dt, 1, hid)
		p.h2, p.c2 = (&layers.LSTMCell{In: f, Hidden: hid, Init: "glorot"}).Step(sc, x, h, c)
	case KindGRU:
		p.h2 = (&layers.GRUCell{In: f, Hidden: hid, Init: "glorot"}).Step(sc, x, h)
	default:
		p.h2 = (&layers.ElmanCell{In: f, Hidden: hid, Activation: string(s.Activation), Init: "glorot"}).Step(sc, x, h)
	}
	p.y = output(s.Loss, affine(p.h2, sc.Param("Wy", layers.Glorot, hid, s.Outputs), sc.Param("by", layers.Zeros, s.Outputs)))
	if err := g.Err(); err != nil {
		return nil, errors.Wrap(err, "nets: NewStepper")
	}
	if st.Len() != n0 {
		return nil, errors.Errorf("nets: NewStepper: the step created %q, which the network does not have", st.Entries()[n0].Name)
	}
	outs := []*graph.Node{p.y, p.h2}
	if p.c2 != nil {
		outs = append(outs, p.c2)
	}
	prog, err := graph.Compile(outs...)
	if err != nil {
		return nil, errors.Wrap(err, "nets: NewStepper")
	}
	p.prog = prog
	p.xBuf = tensor.New(tensor.WithShape(1, f), tensor.Of(dt))
	p.hBuf = tensor.New(tensor.WithShape(1, hid), tensor.Of(dt))
	pairs := []any{x, p.xBuf, h, p.hBuf}
	if c != nil {
		p.cBuf = tensor.New(tensor.WithShape(1, hid), tensor.Of(dt))
		pairs = append(pairs, c, p.cBuf)
	}
	if err := bindAll(prog, pairs...); err != nil {
		return nil, err
	}
	return p, nil
}

// Reset sets the state back to zeros, as before the first step.
func (p *Stepper) Reset() {
	clearDense(p.hBuf)
	if p.cBuf != nil {
		clearDense(p.cBuf)
	}
}

// Step feeds one step's inputs x (Spec.Inputs values), advances the state
// and returns the step's outputs after the output activation (softmax
// probabilities for softmax-ce). The slice is the Stepper's own,
// overwritten by the next Step.
func (p *Stepper) Step(x []float64) ([]float64, error) {
	if len(x) != p.inputs {
		return nil, errors.Errorf("nets: Stepper.Step: %d inputs, the network takes %d a step", len(x), p.inputs)
	}
	copyConv(p.xBuf, x)
	if err := p.prog.Exec(); err != nil {
		return nil, errors.Wrap(err, "nets: Stepper.Step")
	}
	copy(p.hBuf.Raw, p.prog.Value(p.h2).Raw)
	if p.cBuf != nil {
		copy(p.cBuf.Raw, p.prog.Value(p.c2).Raw)
	}
	p.out = rowValues(p.out[:0], p.prog.Value(p.y), 0)
	return p.out, nil
}

// clearDense sets every element of t to zero.
func clearDense(t *tensor.Dense) { clear(t.Raw) }
