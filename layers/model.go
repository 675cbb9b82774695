package layers

import (
	"fmt"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
)

// Spec describes a model's input and how its tensors are made.
type Spec struct {
	// Dtype of every param (and of the input, unless InputDtype says
	// otherwise): tensor.Float64 or tensor.Float32.
	Dtype tensor.Dtype
	// InputDtype is the input's dtype when it is not Dtype: tensor.Int for
	// a model fed integer indices (an Embedding's tokens). The zero value
	// means Dtype.
	InputDtype tensor.Dtype
	// Input is the shape of one batch of input; Input[0] = -1 leaves the
	// batch dimension open, so the model runs at any batch size. Every other
	// dimension is fixed and >= 1.
	Input []int
	// Seed seeds the one generator every initialiser draws from.
	Seed uint64
	// Programs is how many compiled programs (one per batch size, mode and
	// trainer) the model keeps; the least recently used is dropped when a
	// new one is needed. 0 means 8.
	Programs int
}

// firstBatch is the batch size of the first build when the batch is open:
// 2, not 1, so that a training build of batch norm over [N, C] (whose
// unbiased variance divides by N−1) can be made.
const firstBatch = 2

// Model is a root layer with its Store, runnable at any batch size: each
// (batch size, mode, trainer) is compiled once, with graph.Fast, into a
// program that holds the store's very tensors, and kept in a small cache, so
// a step at a size seen before allocates nothing.
//
// A Model is not safe for concurrent use.
type Model struct {
	root  Layer
	spec  Spec
	store *Store
	cache []*program // most recently used first
	built bool       // the first build is done: later builds must not create tensors
	runs  uint64     // training runs so far: the run counter of the next one
}

// key identifies a compiled program.
type key struct {
	batch    int
	training bool
	trainer  *Trainer // nil for a forward program
}

// program is one compiled graph of the model.
type program struct {
	key
	g       *graph.Graph
	x, y, t *graph.Node
	mask    *graph.Node // nil unless the trainer's loss is masked
	loss    *graph.Node
	prog    *graph.Program
	params  []*tensor.Dense // trainable tensors, store order
	grads   []*tensor.Dense // their gradients, same order
	updates [][2]*tensor.Dense
}

// NewModel makes a model of root over spec: it builds root once (training,
// at batch 2 when the batch is open, else at Input[0]) so that every param
// and state tensor exists, drawn from spec.Seed's generator. It errors on a
// bad spec, a nil root, or a layer that cannot be built (the error names the
// op, the layer's scope and where it was built).
func NewModel(root Layer, spec Spec) (*Model, error) { return newModel(root, spec, nil, nil) }

// newModel is NewModel with the store's tensors and seeds taken from preset
// and seeds (see Store.preset) when preset is not nil.
func newModel(root Layer, spec Spec, preset []*Entry, seeds []fileSeed) (*Model, error) {
	if root == nil {
		return nil, errors.New("layers: NewModel: nil root layer")
	}
	if err := spec.check(); err != nil {
		return nil, err
	}
	spec.Input = append([]int(nil), spec.Input...)
	st, err := NewStore(spec.Dtype, spec.Seed)
	if err != nil {
		return nil, err
	}
	if preset != nil || seeds != nil {
		st.preset = map[string]*Entry{}
		for _, e := range preset {
			st.preset[e.Name] = e
		}
		st.presetSeeds = map[string]uint64{}
		for _, sd := range seeds {
			st.presetSeeds[sd.Name] = sd.Value
		}
		defer func() { st.preset, st.presetSeeds = nil, nil }()
	}
	m := &Model{root: root, spec: spec, store: st}
	b := spec.Input[0]
	if b < 0 {
		b = firstBatch
	}
	if _, err := m.build(key{batch: b, training: true}, false); err != nil {
		return nil, err
	}
	return m, nil
}

func (s *Spec) check() error {
	if s.Dtype != tensor.Float64 && s.Dtype != tensor.Float32 {
		return errors.Errorf("layers: Spec.Dtype %v, want float64 or float32", s.Dtype)
	}
	if len(s.Input) == 0 {
		return errors.New("layers: Spec.Input is empty, want the shape of a batch such as [-1, 784]")
	}
	for i, d := range s.Input {
		if d < 1 && !(i == 0 && d == -1) {
			return errors.Errorf("layers: Spec.Input %v: dimension %d is %d, want >= 1 (or -1 for an open batch dimension 0)", s.Input, i, d)
		}
	}
	switch s.InputDtype {
	case tensor.Dtype{}, s.Dtype, tensor.Int:
	default:
		return errors.Errorf("layers: Spec.InputDtype %v, want int, %v or unset", s.InputDtype, s.Dtype)
	}
	if s.Programs < 0 {
		return errors.Errorf("layers: Spec.Programs %d, want >= 0", s.Programs)
	}
	return nil
}

// Root returns the model's root layer.
func (m *Model) Root() Layer { return m.root }

// Spec returns the model's spec.
func (m *Model) Spec() Spec {
	s := m.spec
	s.Input = append([]int(nil), s.Input...)
	return s
}

// inputDtype returns the dtype of the model's input.
func (s *Spec) inputDtype() tensor.Dtype {
	if s.InputDtype == (tensor.Dtype{}) {
		return s.Dtype
	}
	return s.InputDtype
}

// Store returns the model's params and state.
func (m *Model) Store() *Store { return m.store }

// inputShape returns the input shape at batch b, or an error when the
// batch is fixed to another size.
func (m *Model) inputShape(b int) ([]int, error) {
	if b < 1 {
		return nil, errors.Errorf("layers: batch size %d, want >= 1", b)
	}
	if f := m.spec.Input[0]; f > 0 && f != b {
		return nil, errors.Errorf("layers: batch size %d, but the model's input %v fixes it to %d (use -1 for an open batch)", b, m.spec.Input, f)
	}
	return append([]int{b}, m.spec.Input[1:]...), nil
}

// build builds and, if compile is set, compiles the program for k. A build
// after the first must not create tensors: that would make params depend on
// the batch size or mode.
func (m *Model) build(k key, compile bool) (*program, error) {
	shape, err := m.inputShape(k.batch)
	if err != nil {
		return nil, err
	}
	where := fmt.Sprintf("batch %d, %s", k.batch, mode(k.training))
	dt := m.spec.Dtype
	g := graph.New(graph.WithDtype(dt))
	p := &program{key: k, g: g}
	p.x = g.Input("input", m.spec.inputDtype(), shape...)
	n0, k0 := m.store.Len(), len(m.store.seeds)
	s := NewScope(g, m.store, k.training)
	p.y = m.root.Forward(s, p.x)
	if n, ns := m.store.Len(), len(m.store.seeds); m.built && (n > n0 || ns > k0) {
		var name string
		if n > n0 {
			name = m.store.entries[n0].Name
		} else {
			name = m.store.seeds[k0].Name
		}
		m.store.truncate(n0, k0)
		return nil, errors.Errorf("layers: building the model (%s): %q was created by this build but not by the first; a layer must create the same tensors and seeds at every batch size and in both modes", where, name)
	}
	if err := g.Err(); err != nil {
		return nil, errors.Wrapf(err, "layers: building the model (%s)", where)
	}
	if p.y == nil {
		return nil, errors.Errorf("layers: building the model (%s): the root layer %T returned a nil node", where, m.root)
	}
	m.built = true
	if !compile {
		return p, nil
	}
	outs := []*graph.Node{p.y}
	var grads []*graph.Node
	if k.trainer != nil {
		if k.trainer.labels {
			// Int class labels: the output's shape without its last axis.
			ys := p.y.Shape()
			if len(ys) < 2 {
				return nil, errors.Errorf("layers: building the loss (%s): int labels need an output of rank 2 or more, got %v", where, ys)
			}
			p.t = g.Input("target", tensor.Int, ys[:len(ys)-1]...)
		} else {
			p.t = g.Input("target", p.y.Dtype(), p.y.Shape()...)
		}
		if ml := k.trainer.masked; ml != nil {
			p.mask = g.Input("mask", p.y.Dtype(), p.y.Shape()...)
			p.loss = ml(p.y, p.t, p.mask)
		} else {
			p.loss = k.trainer.loss(p.y, p.t)
		}
		if err := g.Err(); err != nil {
			return nil, errors.Wrapf(err, "layers: building the loss (%s)", where)
		}
		if p.loss == nil || p.loss.Size() != 1 {
			return nil, errors.Errorf("layers: building the loss (%s): the loss must be a scalar, got %v", where, p.loss)
		}
		var wrt []*graph.Node
		for _, e := range m.store.Params() {
			n := s.b.nodes[e.Name]
			if n == nil {
				return nil, errors.Errorf("layers: building the model (%s): param %q is not used", where, e.Name)
			}
			wrt = append(wrt, n)
			p.params = append(p.params, e.Value)
		}
		if grads, err = autodiff.Grad(p.loss, wrt...); err != nil {
			return nil, errors.Wrapf(err, "layers: differentiating the loss (%s)", where)
		}
		outs = append(outs, p.loss)
		outs = append(outs, grads...)
	}
	for _, u := range s.Updates() {
		outs = append(outs, u.Value)
	}
	prog, err := graph.CompileWith(graph.Fast, outs...)
	if err != nil {
		return nil, errors.Wrapf(err, "layers: compiling the model (%s)", where)
	}
	p.prog = prog
	// Graph programs start in evaluation mode; a training program draws
	// dropout's masks (ModeOps read the mode at every run).
	prog.SetTraining(k.training)
	for _, gn := range grads {
		p.grads = append(p.grads, prog.Value(gn))
	}
	for _, u := range s.Updates() {
		p.updates = append(p.updates, [2]*tensor.Dense{u.State.Value, prog.Value(u.Value)})
	}
	return p, nil
}

func mode(training bool) string {
	if training {
		return "training"
	}
	return "evaluation"
}

// get returns the cached program for k, compiling it on a miss.
func (m *Model) get(k key) (*program, error) {
	for i, p := range m.cache {
		if p.key == k {
			copy(m.cache[1:i+1], m.cache[:i])
			m.cache[0] = p
			return p, nil
		}
	}
	p, err := m.build(k, true)
	if err != nil {
		return nil, err
	}
	limit := m.spec.Programs
	if limit == 0 {
		limit = 8
	}
	if len(m.cache) < limit {
		m.cache = append(m.cache, nil)
	}
	copy(m.cache[1:], m.cache)
	m.cache[0] = p
	return p, nil
}

// Cached returns how many compiled programs the model keeps now.
func (m *Model) Cached() int { return len(m.cache) }

// Counter returns the model's training-run counter: the number of training
// runs (Trainer steps and Computes, Run with training set) made so far,
// across every batch size, unless SetCounter set it. A training run passes it
// to the program as graph.Program.SetCounter does, so dropout's masks are a
// pure function of the layer's seed, the counter and the element: the same
// seeds and the same sequence of steps draw the same masks. Save records it.
func (m *Model) Counter() uint64 { return m.runs }

// SetCounter sets the counter the next training run uses (each training run
// then advances it by one): set it back to repeat a step's masks.
func (m *Model) SetCounter(n uint64) { m.runs = n }

// run feeds x (and t and mask) to p, runs it and applies its state
// updates. A training program runs with the model's counter.
func (m *Model) run(p *program, x, t, mask *tensor.Dense) error {
	if err := p.prog.Set(p.x, x); err != nil {
		return err
	}
	if t != nil {
		if err := p.prog.Set(p.t, t); err != nil {
			return err
		}
	}
	if mask != nil {
		if err := p.prog.Set(p.mask, mask); err != nil {
			return err
		}
	}
	if p.training {
		p.prog.SetCounter(m.runs)
	}
	err := p.prog.Exec()
	if p.training {
		m.runs = p.prog.Counter()
	}
	if err != nil {
		return err
	}
	for _, u := range p.updates {
		copy(u[0].Raw, u[1].Raw)
	}
	return nil
}

// batchOf returns x's batch size, checking x's rank and dtype against the
// spec.
func (m *Model) batchOf(what string, x *tensor.Dense) (int, error) {
	if x == nil {
		return 0, errors.Errorf("layers: %s: nil input", what)
	}
	s := x.Shape()
	ok := len(s) == len(m.spec.Input) && x.Dtype() == m.spec.inputDtype()
	for i := 1; ok && i < len(s); i++ {
		ok = s[i] == m.spec.Input[i]
	}
	if !ok || len(s) == 0 {
		return 0, errors.Errorf("layers: %s: input is %v %v, want %v %v", what, x.Dtype(), s, m.spec.inputDtype(), m.spec.Input)
	}
	return s[0], nil
}

// Predict runs the model in evaluation mode on the batch x (shape
// Spec.Input with any batch size) and returns its output. The output is the
// program's own buffer, valid until the next run at the same batch size;
// Clone it to keep it. A batch size seen recently reuses its program and
// allocates nothing.
func (m *Model) Predict(x *tensor.Dense) (*tensor.Dense, error) { return m.Run(x, false) }

// Run runs the model on x in training or evaluation mode and returns its
// output, as Predict. A training run also updates the state (batch norm's
// running statistics), as a forward pass in PyTorch's train mode does.
func (m *Model) Run(x *tensor.Dense, training bool) (*tensor.Dense, error) {
	b, err := m.batchOf("Run", x)
	if err != nil {
		return nil, err
	}
	p, err := m.get(key{batch: b, training: training})
	if err != nil {
		return nil, err
	}
	if err := m.run(p, x, nil, nil); err != nil {
		return nil, errors.Wrap(err, "layers: Run")
	}
	return p.prog.Value(p.y), nil
}
