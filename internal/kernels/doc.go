// Package kernels holds the numerics behind package ops, with no graph and
// no op: the matrix products (the Gemm interface; GoBLAS, chainrule's own
// AVX2+FMA micro-kernels in Go assembly; OpenBLAS loaded at run time;
// gonum; their tiling over the workers of internal/parallel and the choice
// between them), the elementwise loops with AVX2 twins (ReLU and its
// gradient, add/sub/mul rows, fused add+ReLU, accumulation, the sigmoid and
// tanh gradients), the float32 exp, sigmoid and tanh, and the im2col/col2im
// of the convolution.
//
// Every kernel with an assembly twin has a pure-Go reference (name suffix
// Go) that gives the same bits for every input; the tests here prove it.
// The kernels work on slices the caller owns and allocate nothing once
// warm.
package kernels

import "unsafe"

// Float is the element type of float tensors.
type Float interface{ ~float32 | ~float64 }

// Is32 reports whether T is 4 bytes wide (float32); the test is a constant
// in each instantiation, so the branch costs nothing.
func Is32[T Float]() bool {
	var z T
	return unsafe.Sizeof(z) == 4
}

// As32 and As64 view a []T as the float slice of its width, to call the
// vector kernels from generic code without converting to an interface
// (which would allocate).
func As32[T Float](s []T) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// As64 is As32 for float64.
func As64[T Float](s []T) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}
