// Package backing reads the backing array of a gorgonia tensor as the
// float slice it holds, without the reflection that tensor's own
// Float64s/Float32s use to compute the length (which costs more than a
// whole kernel on a scalar). ops, solvers and graph all read tensors this
// way. Those reads are right only for a plain row-major tensor: Check says
// whether a tensor is one (and why not), and Gather copies any view into
// row-major order.
package backing

import "unsafe"

// F64 returns raw as float64s: len(raw)/8 of them, sharing raw's memory.
func F64(raw []byte) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/8)
}

// F32 returns raw as float32s: len(raw)/4 of them, sharing raw's memory.
func F32(raw []byte) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/4)
}
