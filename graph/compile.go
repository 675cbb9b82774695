package graph

import (
	"unsafe"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// Program is a compiled, runnable selection of a graph: the nodes that some
// outputs need, in order, each with its buffer allocated once.
//
// A Program is not safe for concurrent use: use one Program per goroutine.
// Several programs may share param values as long as none of them is being
// updated by a solver while another runs.
type Program struct {
	g       *Graph
	vals    []*tensor.Dense // by node id; nil where not needed
	steps   []step
	inputs  []*Node
	fed     []bool // by node id
	outputs []*Node
	check   bool
	mode    Mode // see SetTraining and SetCounter
}

type step struct {
	node *Node
	op   Op
	dst  *tensor.Dense
	in   []*tensor.Dense
	run  func() // the op's prepared kernel (see Preparer), or nil to call Forward
	args []int  // the ids of the nodes whose values in holds
	fold bool   // every operand is constant: computed once at Compile if it can be
	// runMode is a ModeOp's kernel, called with the program's Mode (and
	// then run is nil).
	runMode func(Mode) error
}

// prepare binds s's kernel to its buffers if its op is a Preparer.
func (s *step) prepare() {
	s.run, s.runMode = nil, nil
	if mo, ok := s.op.(ModeOp); ok {
		s.runMode = mo.PrepareMode(s.dst, s.in)
		return
	}
	if pr, ok := s.op.(Preparer); ok {
		s.run = pr.Prepare(s.dst, s.in)
	}
}

// CompileOptions choose the rewrites Compile makes. The zero value makes
// none, so that after a run Program.Value can read every node the outputs
// need, as when stepping through the lecture's forward pass.
type CompileOptions struct {
	// Fuse runs an activation and the elementwise op feeding it (a layer's
	// bias add) as one step, when nothing else reads that op's result (see
	// Fuser), with the op feeding that one too where the fused op takes it
	// (a layer's matrix product; see OperandFuser). Value returns nil for
	// the nodes fused away.
	Fuse bool
	// Share hands the buffers of intermediate nodes (neither outputs,
	// inputs, params nor constants) out again once nothing reads them, and
	// lets elementwise ops write over a dying operand (see InPlacer). Value
	// returns nil for every intermediate node.
	Share bool
	// MemoryLimit bounds, in bytes, the buffers Compile allocates for
	// inputs and op results (counted before sharing, since Compile
	// allocates them all before it shares them): above it Compile returns
	// an error wrapping ErrMemoryLimit and allocates nothing. Zero means
	// MemoryLimit(). Each node is also checked against MemoryLimit() when
	// it is built, whatever this field says.
	MemoryLimit int
}

// Fast makes every rewrite: for training loops and benchmarks, which read
// only a program's outputs.
var Fast = CompileOptions{Fuse: true, Share: true}

// Compile returns a Program computing outputs with every node's value kept
// readable: CompileWith(CompileOptions{}, outputs...).
func Compile(outputs ...*Node) (*Program, error) { return CompileWith(CompileOptions{}, outputs...) }

// CompileWith returns a Program computing outputs, rewritten as o says. It
// returns the graph's build error if there is one, an error for nil or bad
// outputs or outputs from different graphs, and an error wrapping
// ErrMemoryLimit, before allocating anything, when the program's buffers
// would take more than the memory limit (see CompileOptions.MemoryLimit).
func CompileWith(o CompileOptions, outputs ...*Node) (*Program, error) {
	if len(outputs) == 0 {
		return nil, errors.New("graph: Compile: no outputs")
	}
	var g *Graph
	for i, out := range outputs {
		if out == nil {
			return nil, errors.Errorf("graph: Compile: output %d is nil", i)
		}
		if out.g == nil {
			return nil, errors.Errorf("graph: Compile: output %d (%s) belongs to no graph", i, out.name)
		}
		if g == nil {
			g = out.g
		} else if out.g != g {
			return nil, errors.Errorf("graph: Compile: output %d belongs to another graph than output 0", i)
		}
	}
	if g.err != nil {
		return nil, g.err
	}
	need := make([]bool, len(g.nodes))
	for _, out := range outputs {
		need[out.id] = true
	}
	for i := len(need) - 1; i >= 0; i-- {
		if need[i] {
			for _, in := range g.nodes[i].in {
				need[in.id] = true
			}
		}
	}
	p := &Program{g: g, vals: make([]*tensor.Dense, len(g.nodes)), fed: make([]bool, len(g.nodes)),
		outputs: append([]*Node(nil), outputs...)}
	// uses counts the readers of each node within the program; outputs
	// count as one more, so that they are never fused away.
	uses := make([]int, len(g.nodes))
	for i, n := range g.nodes {
		if need[i] {
			for _, a := range n.in {
				uses[a.id]++
			}
		}
	}
	for _, out := range outputs {
		uses[out.id]++
	}
	// Plan the steps and the buffers, add up their bytes, and only then
	// allocate them.
	p.planSteps(o.Fuse, need, uses)
	var sh *sharing
	if o.Share {
		keep := make([]bool, len(g.nodes))
		for _, out := range outputs {
			keep[out.id] = true
		}
		sh = p.planSharing(keep)
	}
	count, total := p.plannedBuffers(sh)
	if err := checkProgramSize(o.MemoryLimit, count, total); err != nil {
		return nil, err
	}
	p.allocate(sh)
	for i := range p.steps {
		p.steps[i].prepare()
	}
	return p, nil
}

// planSteps lists the steps of the needed op nodes, in order, with the ids
// of the nodes they read, without allocating any buffer: a step whose
// operands are all constant is marked to be folded, and an activation
// absorbs the step feeding it when fuse is set (see fusion).
func (p *Program) planSteps(fuse bool, need []bool, uses []int) {
	g := p.g
	foldable := make([]bool, len(g.nodes)) // constants and ops over them
	stepOf := make([]int, len(g.nodes))    // index into p.steps, or -1
	for i, n := range g.nodes {
		stepOf[i] = -1
		if !need[i] {
			continue
		}
		switch n.kind {
		case KindParam:
			p.vals[i] = n.value
		case KindConst:
			p.vals[i] = n.value
			foldable[i] = true
		case KindInput:
			p.inputs = append(p.inputs, n)
		case KindOp:
			args := make([]int, len(n.in))
			for j, a := range n.in {
				args[j] = a.id
			}
			if _, moded := n.op.(ModeOp); !moded && constIn(n, foldable) {
				foldable[i] = true
				p.steps = append(p.steps, step{node: n, op: n.op, args: args, fold: true})
				continue
			}
			op := n.op
			if q, fop := p.fusion(fuse, n, uses, stepOf); fop != nil {
				// q's step is dropped (compacted below) and n reads q's operands.
				p.steps[stepOf[q.id]].op = nil
				op, args = fop, p.steps[stepOf[q.id]].args
				op, args = p.operandFusion(op, args, uses, stepOf)
			} else if fuse {
				op, args = p.operandFusion(op, args, uses, stepOf)
			}
			stepOf[i] = len(p.steps)
			p.steps = append(p.steps, step{node: n, op: op, args: args})
		}
	}
	p.compact()
}

// compact drops the steps whose op was cleared (fused away or folded).
func (p *Program) compact() {
	live := p.steps[:0]
	for _, s := range p.steps {
		if s.op != nil {
			live = append(live, s)
		}
	}
	p.steps = live
}

// allocate gives every input and step its buffer, as planned by
// planSharing when sh is not nil, fills in each step's operands, and runs
// the steps to be folded whose operands are constant.
func (p *Program) allocate(sh *sharing) {
	for _, n := range p.inputs {
		p.vals[n.id] = tensor.New(tensor.WithShape(n.shape...), tensor.Of(n.dtype))
	}
	var raws [][]byte // by shared buffer: its bytes, once the first step has them
	if sh != nil {
		raws = make([][]byte, len(sh.bytes))
	}
	folded := make([]bool, len(p.g.nodes))
	for j := range p.steps {
		s := &p.steps[j]
		n := s.node
		s.in = make([]*tensor.Dense, len(s.args))
		for k, a := range s.args {
			s.in[k] = p.vals[a]
		}
		if b := sh.of(n.id); b >= 0 && raws[b] != nil {
			s.dst = over(n.shape, n.dtype, raws[b])
		} else {
			s.dst = tensor.New(tensor.WithShape(n.shape...), tensor.Of(n.dtype))
			if b >= 0 {
				raws[b] = s.dst.Raw
			}
		}
		p.vals[n.id] = s.dst
		if s.fold && p.constArgs(s.args, folded) && fold(s.op, s.dst, s.in) {
			folded[n.id] = true
			s.op = nil
		}
	}
	p.compact()
	if sh != nil {
		for id, b := range sh.buf {
			if b >= 0 {
				p.vals[id] = nil // Value returns nil for shared intermediates
			}
		}
	}
}

// constArgs reports whether every node in args is a constant or was folded.
func (p *Program) constArgs(args []int, folded []bool) bool {
	for _, a := range args {
		if p.g.nodes[a].kind != KindConst && !folded[a] {
			return false
		}
	}
	return true
}

// fusion returns the producer of n's operand and the op computing n and it
// in one pass, when n's op is a Fuser, the producer is a step of this
// program whose result nothing else reads, and the Fuser accepts it.
func (p *Program) fusion(on bool, n *Node, uses, stepOf []int) (*Node, Op) {
	f, ok := n.op.(Fuser)
	if !on || !ok || len(n.in) != 1 {
		return nil, nil
	}
	q := n.in[0]
	if q.kind != KindOp || uses[q.id] != 1 || stepOf[q.id] < 0 || p.steps[stepOf[q.id]].op != q.op {
		return nil, nil // not a step of its own op (folded away, or itself fused)
	}
	if fop := f.Fuse(q); fop != nil {
		return q, fop
	}
	return nil, nil
}

// operandFusion lets a fused op absorb the producer of one of its operands
// (graph.OperandFuser) under fusion's conditions: a step of this program,
// not folded, whose result nothing else reads. It returns the op and
// operands to run, dropping the producer's step, or op and args unchanged.
func (p *Program) operandFusion(op Op, args []int, uses, stepOf []int) (Op, []int) {
	f, ok := op.(OperandFuser)
	if !ok {
		return op, args
	}
	for k, a := range args {
		r := p.g.nodes[a]
		if r.kind != KindOp || uses[r.id] != 1 || stepOf[r.id] < 0 {
			continue
		}
		st := &p.steps[stepOf[r.id]]
		if st.op != r.op || st.fold { // dropped, folded, or itself fused
			continue
		}
		fop := f.FuseOperand(k, r)
		if fop == nil {
			continue
		}
		st.op = nil
		fargs := append(append([]int(nil), st.args...), args[:k]...)
		return fop, append(fargs, args[k+1:]...)
	}
	return op, args
}

// constIn reports whether every operand of n is a constant or foldable.
func constIn(n *Node, folded []bool) bool {
	for _, a := range n.in {
		if !folded[a.id] {
			return false
		}
	}
	return true
}

// fold runs op once at Compile for an op whose operands are all constant, so
// that Run skips it (constant folding: the VJPs of scalar expressions make
// several, such as 1·14 or −1·27). It reports false, leaving the op to run
// (and report its error) at Run time, if the kernel fails or panics.
func fold(op Op, dst *tensor.Dense, in []*tensor.Dense) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return op.Forward(dst, in) == nil
}

// MustCompile is like Compile but panics on error. Use it only where the
// graph is known to be good (tests, examples).
func MustCompile(outputs ...*Node) *Program {
	p, err := Compile(outputs...)
	if err != nil {
		panic(err)
	}
	return p
}

// Graph returns the graph the program was compiled from.
func (p *Program) Graph() *Graph { return p.g }

// Inputs returns the inputs the program needs, in graph order.
func (p *Program) Inputs() []*Node { return p.inputs }

// Outputs returns the nodes the program was compiled for.
func (p *Program) Outputs() []*Node { return p.outputs }

// Steps returns the number of op nodes the program runs.
func (p *Program) Steps() int { return len(p.steps) }

// Value returns the value of node n after the last run: the program's own
// buffer (valid until the next run), or the param's or constant's tensor. It
// returns nil if n is not part of the program, or if the program was
// compiled with CompileOptions that fused n away (Fuse) or share its buffer
// (Share: every node but outputs, inputs, params and constants). Check for
// nil before using the result, or call ValueOf, which says why.
func (p *Program) Value(n *Node) *tensor.Dense {
	if n == nil || n.g != p.g || n.id >= len(p.vals) {
		return nil
	}
	return p.vals[n.id]
}

// SetCheck turns the numeric check on or off. When on, Run returns an error
// naming the first node whose output holds a NaN or an infinity, with the op
// and the place it was built (like PyTorch's anomaly detection). When off it
// costs nothing.
func (p *Program) SetCheck(on bool) { p.check = on }

// Bytes returns the size of the buffers the program holds for its inputs
// and op results (params' and constants' values belong to the graph), each
// shared buffer counted once.
func (p *Program) Bytes() int {
	seen := make(map[unsafe.Pointer]bool)
	n := 0
	add := func(t *tensor.Dense) {
		if t != nil && len(t.Raw) > 0 && !seen[unsafe.Pointer(unsafe.SliceData(t.Raw))] {
			seen[unsafe.Pointer(unsafe.SliceData(t.Raw))] = true
			n += len(t.Raw)
		}
	}
	for _, in := range p.inputs {
		add(p.vals[in.id])
	}
	for i := range p.steps {
		add(p.steps[i].dst)
	}
	return n
}
