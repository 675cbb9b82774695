package nets

import (
	"strconv"

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
	prog   *graph.Program
	xBuf   *tensor.Dense
	states [][2]*tensor.Dense // every layer's h (and an LSTM's c): the input buffer and the step's new value
	y      *graph.Node
	out    []float64
	inputs int
}

// NewStepper compiles one step of net, a recurrent network New built, at
// batch 1, from the zero state. It errors for any other kind of network.
func NewStepper(net Network) (*Stepper, error) {
	if isNil(net) {
		return nil, errors.New("nets: NewStepper: nil network")
	}
	s := net.Spec()
	if !s.Kind.Recurrent() || len(s.Hidden) < 1 || (s.Kind == KindRNN && len(s.Hidden) != 1) || net.Layers() == nil {
		return nil, errors.Errorf("nets: NewStepper: a %s network; want rnn, lstm or gru", s.Kind)
	}
	st := net.Layers().Store()
	dt := s.Dtype.Tensor()
	g := graph.New(graph.WithDtype(dt))
	f := s.Inputs
	x := g.Input("x", dt, 1, f)
	sc := layers.NewScope(g, st, false)
	n0 := st.Len()
	p := &Stepper{inputs: f, out: make([]float64, 0, s.Outputs)}
	pairs := []any{x}
	var news []*graph.Node
	state := func(name string, hid int) *graph.Node {
		n := g.Input(name, dt, 1, hid)
		pairs = append(pairs, n)
		return n
	}
	in, top := x, (*graph.Node)(nil)
	for k, hid := range s.Hidden {
		lk, name := layerScope(sc, k), strconv.Itoa(k+1)
		var h2, c2 *graph.Node
		switch s.Kind {
		case KindLSTM:
			h, c := state("h"+name, hid), state("c"+name, hid)
			h2, c2 = (&layers.LSTMCell{In: in.Shape()[1], Hidden: hid, Init: "glorot"}).Step(lk, in, h, c)
		case KindGRU:
			h2 = (&layers.GRUCell{In: in.Shape()[1], Hidden: hid, Init: "glorot"}).Step(lk, in, state("h"+name, hid))
		default:
			h2 = (&layers.ElmanCell{In: f, Hidden: hid, Activation: string(s.Activation), Init: "glorot"}).Step(lk, in, state("h"+name, hid))
		}
		news = append(news, h2)
		if c2 != nil {
			news = append(news, c2)
		}
		in, top = h2, h2
	}
	p.y = output(s.Loss, affine(top, sc.Param("Wy", layers.Glorot, top.Shape()[1], s.Outputs), sc.Param("by", layers.Zeros, s.Outputs)))
	if err := g.Err(); err != nil {
		return nil, errors.Wrap(err, "nets: NewStepper")
	}
	if st.Len() != n0 {
		return nil, errors.Errorf("nets: NewStepper: the step created %q, which the network does not have", st.Entries()[n0].Name)
	}
	prog, err := graph.Compile(append([]*graph.Node{p.y}, news...)...)
	if err != nil {
		return nil, errors.Wrap(err, "nets: NewStepper")
	}
	p.prog = prog
	p.xBuf = tensor.New(tensor.WithShape(1, f), tensor.Of(dt))
	binds := []any{x, p.xBuf}
	for i, n := range pairs[1:] {
		buf := tensor.New(tensor.WithShape(n.(*graph.Node).Shape()...), tensor.Of(dt))
		binds = append(binds, n, buf)
		p.states = append(p.states, [2]*tensor.Dense{buf, prog.Value(news[i])})
	}
	if err := bindAll(prog, binds...); err != nil {
		return nil, err
	}
	return p, nil
}

// Reset sets the state back to zeros, as before the first step.
func (p *Stepper) Reset() {
	for _, s := range p.states {
		clearDense(s[0])
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
	for _, s := range p.states {
		copy(s[0].Raw, s[1].Raw)
	}
	p.out = rowValues(p.out[:0], p.prog.Value(p.y), 0)
	return p.out, nil
}

// clearDense sets every element of t to zero.
func clearDense(t *tensor.Dense) { clear(t.Raw) }
