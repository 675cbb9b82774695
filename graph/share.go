package graph

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/internal/backing"
)

// Buffer sharing. A compiled program keeps a buffer for each output, input,
// param and constant. The results of the other nodes (intermediates) live
// only from the step that writes them to the last step that reads them, so
// Compile hands their buffers out again: a step takes a free buffer of its
// dtype and size if there is one, or writes in place over an operand that
// dies at that step when its op is an InPlacer. This bounds the memory of
// long unrolled graphs (an RNN's 32 steps of forward and backward values)
// and keeps the working set small enough to stay in cache.
//
// Program.Value therefore returns nil for intermediate nodes: compile a node
// as an output to read it after a run.

type bufKey struct {
	dt    tensor.Dtype
	bytes int
}

// share reassigns the result buffers of the steps whose nodes keep does not
// mark (outputs keep theirs).
func (p *Program) share(keep []bool) {
	last := make(map[*tensor.Dense]int) // last step reading each compile-time buffer
	for j := range p.steps {
		for _, t := range p.steps[j].in {
			last[t] = j
		}
	}
	shared := make(map[*tensor.Dense]bool) // intermediate buffers, by compile-time tensor
	for j := range p.steps {
		if s := &p.steps[j]; !keep[s.node.id] && shareable(s.dst) {
			shared[s.dst] = true
		}
	}
	free := make(map[bufKey][][]byte)
	now := make(map[*tensor.Dense]*tensor.Dense) // compile-time tensor → the one that replaced it
	orig := make([]*tensor.Dense, 0, 8)
	for j := range p.steps {
		s := &p.steps[j]
		orig = append(orig[:0], s.in...)
		for k, t := range s.in {
			if r, ok := now[t]; ok {
				s.in[k] = r
			}
		}
		dies := func(k int) bool { return shared[orig[k]] && last[orig[k]] == j }
		if old := s.dst; shared[old] {
			key := keyOf(old)
			var raw []byte
			if ip, ok := s.op.(InPlacer); ok {
				for k := range s.in {
					if dies(k) && ip.InPlace(k) && keyOf(s.in[k]) == key {
						raw = s.in[k].Raw
						last[orig[k]] = -1 // handed on to dst, not freed below
						break
					}
				}
			}
			if l := free[key]; raw == nil && len(l) > 0 {
				raw, free[key] = l[len(l)-1], l[:len(l)-1]
			}
			if raw != nil {
				s.dst = over(old, raw)
				now[old] = s.dst
			}
		}
		for k := range s.in {
			if dies(k) {
				last[orig[k]] = -1 // freed once, even when read twice
				free[keyOf(s.in[k])] = append(free[keyOf(s.in[k])], s.in[k].Raw)
			}
		}
	}
	for j := range p.steps {
		if id := p.steps[j].node.id; shared[p.vals[id]] {
			p.vals[id] = nil
		}
	}
}

func keyOf(t *tensor.Dense) bufKey { return bufKey{t.Dtype(), len(t.Raw)} }

// shareable reports whether t's buffer can be handed out again: float
// tensors, whose typed backing a new tensor header can take over.
func shareable(t *tensor.Dense) bool {
	return t.Dtype() == tensor.Float64 || t.Dtype() == tensor.Float32
}

// over returns a tensor shaped like t over the backing array raw.
func over(t *tensor.Dense, raw []byte) *tensor.Dense {
	shape := t.Shape().Clone()
	var opts []tensor.ConsOpt
	if t.Dtype() == tensor.Float64 {
		opts = append(opts, tensor.WithBacking(backing.F64(raw)))
	} else {
		opts = append(opts, tensor.WithBacking(backing.F32(raw)))
	}
	if len(shape) == 0 {
		// A scalar: tensor.New would make a 1-vector of WithBacking alone.
		return tensor.New(append(opts, tensor.WithShape())...)
	}
	return tensor.New(append(opts, tensor.WithShape(shape...))...)
}
