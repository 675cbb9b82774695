package graph

import (
	"math"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/internal/backing"
)

// Buffer sharing. A compiled program keeps a buffer for each output, input,
// param and constant. The results of the other nodes (intermediates) live
// only from the step that writes them to the last step that reads them, so
// Compile hands their buffers out again: a step takes a free buffer of its
// dtype and size if there is one, or writes in place over an operand that
// dies at that step when its op is an InPlacer. Compile plans the buffers
// from the steps alone, adds up their bytes (see CompileOptions.MemoryLimit)
// and only then allocates them: a shared intermediate's buffer is allocated
// once, by the first step that writes it. This bounds the memory of
// long unrolled graphs (an RNN's 32 steps of forward and backward values)
// and keeps the working set small enough to stay in cache.
//
// Program.Value therefore returns nil for intermediate nodes: compile a node
// as an output to read it after a run.

type bufKey struct {
	dt    tensor.Dtype
	bytes int
}

// sharing is the plan of the shared buffers: which buffer each shared
// intermediate writes, and each buffer's size.
type sharing struct {
	buf   []int // by node id: index into bytes, or -1 for a buffer of its own
	bytes []int // by shared buffer: its size in bytes
}

// of returns the shared buffer of node id, or -1 (also when sh is nil).
func (sh *sharing) of(id int) int {
	if sh == nil {
		return -1
	}
	return sh.buf[id]
}

// planSharing assigns buffers to the results of the steps whose nodes keep
// does not mark (outputs keep theirs), from the steps' operand ids alone,
// so that Compile can add up the bytes before allocating any.
func (p *Program) planSharing(keep []bool) *sharing {
	nodes := p.g.nodes
	sh := &sharing{buf: make([]int, len(nodes))}
	shared := make([]bool, len(nodes)) // intermediates, by node id
	last := make([]int, len(nodes))    // last step reading each node
	for i := range nodes {
		sh.buf[i], last[i] = -1, -1
	}
	for j, s := range p.steps {
		if !s.fold && !keep[s.node.id] && shareable(s.node.dtype) {
			shared[s.node.id] = true
		}
		for _, a := range s.args {
			last[a] = j
		}
	}
	key := func(id int) bufKey {
		_, b, _ := sizeOf(nodes[id].shape, nodes[id].dtype)
		return bufKey{nodes[id].dtype, b}
	}
	free := make(map[bufKey][]int)
	for j, s := range p.steps {
		dies := func(k int) bool { return shared[s.args[k]] && last[s.args[k]] == j }
		if id := s.node.id; shared[id] {
			k0, b := key(id), -1
			if ip, ok := s.op.(InPlacer); ok {
				for k, a := range s.args {
					if dies(k) && ip.InPlace(k) && key(a) == k0 {
						b = sh.buf[a]
						last[a] = -1 // handed on to id, not freed below
						break
					}
				}
			}
			if l := free[k0]; b < 0 && len(l) > 0 {
				b, free[k0] = l[len(l)-1], l[:len(l)-1]
			}
			if b < 0 {
				b = len(sh.bytes)
				sh.bytes = append(sh.bytes, k0.bytes)
			}
			sh.buf[id] = b
		}
		for k, a := range s.args {
			if dies(k) {
				last[a] = -1 // freed once, even when read twice
				free[key(a)] = append(free[key(a)], sh.buf[a])
			}
		}
	}
	return sh
}

// plannedBuffers returns how many buffers allocate will make for the
// inputs and steps, and their bytes in all (math.MaxInt if they overflow).
func (p *Program) plannedBuffers(sh *sharing) (count, total int) {
	add := func(b int, ok bool) {
		count++
		if !ok || b > math.MaxInt-total {
			total = math.MaxInt
		} else {
			total += b
		}
	}
	for _, n := range p.inputs {
		_, b, ok := sizeOf(n.shape, n.dtype)
		add(b, ok)
	}
	for _, s := range p.steps {
		if sh.of(s.node.id) < 0 {
			_, b, ok := sizeOf(s.node.shape, s.node.dtype)
			add(b, ok)
		}
	}
	if sh != nil {
		for _, b := range sh.bytes {
			add(b, true)
		}
	}
	return count, total
}

// shareable reports whether a buffer of dtype dt can be handed out again:
// float tensors, whose typed backing a new tensor header can take over.
func shareable(dt tensor.Dtype) bool {
	return dt == tensor.Float64 || dt == tensor.Float32
}

// over returns a tensor of the given shape and dtype (float64 or float32)
// over the backing array raw.
func over(shape tensor.Shape, dt tensor.Dtype, raw []byte) *tensor.Dense {
	var opts []tensor.ConsOpt
	if dt == tensor.Float64 {
		opts = append(opts, tensor.WithBacking(backing.F64(raw)))
	} else {
		opts = append(opts, tensor.WithBacking(backing.F32(raw)))
	}
	if len(shape) == 0 {
		// A scalar: tensor.New would make a 1-vector of WithBacking alone.
		return tensor.New(append(opts, tensor.WithShape())...)
	}
	return tensor.New(append(opts, tensor.WithShape(shape.Clone()...))...)
}
