// Package ops holds chainrule's operations, one file each: a constructor that
// builds a graph node, a shape rule, a forward kernel generic over float32 and
// float64 that writes into a preallocated destination, and a vector-Jacobian
// product (VJP) built from other ops, so that gradients are graph nodes too
// and can be differentiated again.
//
// # Broadcasting
//
// Elementwise binary ops follow NumPy's rules: shapes are aligned from the
// right and each pair of dimensions must be equal or one of them 1, so
// [B, H] + [H] adds a bias to every row. A VJP returns adjoints of the
// broadcast shape; autodiff sums them back to each operand's shape in one
// place (SumTo).
//
// # Composites
//
// Ops that need no kernel of their own are written from others and get their
// gradients for free: Sum and Mean are SumTo followed by Reshape, the losses
// are sums of elementwise ops, Softmax is Exp(LogSoftmax(x)), Stack is Concat
// of reshapes, and the keepdims reductions and Variance are SumTo and
// elementwise ops. The smooth activations' first derivatives (GELU's, say)
// are one-pass ops of their own whose VJPs are again written in ops, so
// second derivatives work.
//
// # Errors
//
// Constructors never panic. An op that cannot be built (shapes that do not
// broadcast, a bad axis, mixed dtypes) returns a bad node and the graph
// records the error with the op, the operand shapes and the caller's
// file:line; see package graph.
package ops
