// Package autodiff derives gradients of chainrule graphs by reverse-mode
// automatic differentiation, and checks them by finite differences.
//
// # Grad
//
// Grad(y, wrt...) walks the graph's tape backwards from the scalar y, asks
// each op for its vector-Jacobian product (built from other ops), sums the
// contributions where a node feeds several others, and sums broadcast
// adjoints back to each operand's shape in one place. The gradients are
// ordinary graph nodes: print them, compile them, or call Grad on them again
// for second derivatives.
//
// # CheckGrad
//
// CheckGrad compares the gradients Grad derives with central differences,
// element by element for small tensors and along a random direction (the
// dot-product test) for large ones, and reports the worst relative error and
// where it occurred.
package autodiff
