package graph

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// ValueOf is Value with a reason: it returns the value of node n after the
// last run, as Value does, or an error naming n and saying why the program
// holds no value for it: n is nil, belongs to no graph or another graph, was added to
// the graph after Compile, is not needed by the program's outputs, or was
// rewritten away by CompileWith's options (fused into the step reading it,
// or its buffer handed on to later steps, as graph.Fast does).
func (p *Program) ValueOf(n *Node) (*tensor.Dense, error) {
	if v := p.Value(n); v != nil {
		return v, nil
	}
	switch {
	case n == nil:
		return nil, errors.New("graph: Value: nil node")
	case n.g == nil:
		return nil, errors.Errorf("graph: Value: %s belongs to no graph", n)
	case n.g != p.g:
		return nil, errors.Errorf("graph: Value: %s belongs to another graph than the program's", n)
	case n.id >= len(p.vals):
		return nil, errors.Errorf("graph: Value: %s was added to the graph after the program was compiled", n)
	case !p.needs(n):
		return nil, errors.Errorf("graph: Value: %s is not part of the program: none of its %d outputs needs it (compile it as an output)", n, len(p.outputs))
	}
	return nil, errors.Errorf("graph: Value: %s is computed but not kept readable: the program was compiled with CompileOptions that fuse it into the step reading it (Fuse) or hand its buffer on (Share), as graph.Fast does; compile with Compile, or list it as an output", n)
}

// needs reports whether some output of p depends on n.
func (p *Program) needs(n *Node) bool {
	need := make([]bool, len(p.vals))
	for _, out := range p.outputs {
		need[out.id] = true
	}
	for i := len(need) - 1; i >= n.id; i-- {
		if need[i] {
			if i == n.id {
				return true
			}
			for _, a := range p.g.nodes[i].in {
				need[a.id] = true
			}
		}
	}
	return false
}
