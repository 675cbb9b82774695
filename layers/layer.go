package layers

import "github.com/chainrule/chainrule/graph"

// Layer is a reusable building block. Forward adds the layer's nodes to x's
// graph and returns its output; the layer's params and state are reached
// through s by short names ("W", "b") and created on the model's first
// build. A layer's hyperparameters are its exported fields (saved as JSON);
// a layer holding layers (in fields of type Layer or []Layer) is a
// composition, and gives each child a scope of its own with s.In.
//
// Forward must be deterministic: the same params and state, created in the
// same order, for training and evaluation builds and for every batch size.
// It reports errors by returning a bad node (s.Fail, or any op given a bad
// operand); it never panics on a bad input shape.
type Layer interface {
	Forward(s *Scope, x *graph.Node) *graph.Node
}

// Func is a layer without params or hyperparameters from a function of
// the input node, for quick experiments. It cannot be saved (a function has
// no name to save it by); write a struct type and Register it instead.
type Func func(x *graph.Node) *graph.Node

// Forward returns f(x).
func (f Func) Forward(s *Scope, x *graph.Node) *graph.Node { return f(x) }
