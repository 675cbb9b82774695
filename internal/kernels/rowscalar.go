package kernels

// Row-and-scalar kernels: d[i] = a[i] op s (AddScalar, SubScalar,
// MulScalar) or d[i] = s − a[i] (ScalarSub), as a bias of shape [O, 1, 1]
// is added over a convolution's [O, H, W] rows. s + a[i] and s × a[i] are
// AddScalar and MulScalar: the operations commute bit for bit but for
// which NaN's payload survives when both are NaN, which Go's compiler does
// not fix either (it keeps the row element's, as these kernels do).
// RowScalar32 and RowScalar64 check the lengths (a must have at least
// len(d) elements) and call the AVX2 kernels of rowscalar_amd64.s when
// useAVX2 is set, else the Go loops below; both give the same bits (one
// IEEE operation per element, the operands in the order named, as simd.go
// explains). d may be a, in place.

// ScalarOp names one row-and-scalar kernel.
type ScalarOp int

// The row-and-scalar kernels.
const (
	AddScalar ScalarOp = iota // d[i] = a[i] + s
	SubScalar                 // d[i] = a[i] − s
	MulScalar                 // d[i] = a[i] × s
	ScalarSub                 // d[i] = s − a[i]
)

// RowScalar32 sets d[i] to a[i] op s or s − a[i] as op names, for i <
// len(d).
func RowScalar32(op ScalarOp, d, a []float32, s float32) {
	if len(a) < len(d) {
		panicSIMDLen()
	}
	a = a[:len(d)]
	if !useAVX2 {
		rowScalar32Go(op, d, a, s)
		return
	}
	sv := [1]float32{s}
	switch op {
	case AddScalar:
		addScalar32AVX2(d, a, sv[:])
	case SubScalar:
		subScalar32AVX2(d, a, sv[:])
	case MulScalar:
		mulScalar32AVX2(d, a, sv[:])
	default:
		scalarSub32AVX2(d, a, sv[:])
	}
}

// rowScalar32Go is the pure-Go RowScalar32.
func rowScalar32Go(op ScalarOp, d, a []float32, s float32) {
	a = a[:len(d)]
	switch op {
	case AddScalar:
		for i, x := range a {
			d[i] = x + s
		}
	case SubScalar:
		for i, x := range a {
			d[i] = x - s
		}
	case MulScalar:
		for i, x := range a {
			d[i] = x * s
		}
	default:
		for i, x := range a {
			d[i] = s - x
		}
	}
}

// RowScalar64 sets d[i] to a[i] op s or s − a[i] as op names, for i <
// len(d).
func RowScalar64(op ScalarOp, d, a []float64, s float64) {
	if len(a) < len(d) {
		panicSIMDLen()
	}
	a = a[:len(d)]
	if !useAVX2 {
		rowScalar64Go(op, d, a, s)
		return
	}
	sv := [1]float64{s}
	switch op {
	case AddScalar:
		addScalar64AVX2(d, a, sv[:])
	case SubScalar:
		subScalar64AVX2(d, a, sv[:])
	case MulScalar:
		mulScalar64AVX2(d, a, sv[:])
	default:
		scalarSub64AVX2(d, a, sv[:])
	}
}

// rowScalar64Go is the pure-Go RowScalar64.
func rowScalar64Go(op ScalarOp, d, a []float64, s float64) {
	a = a[:len(d)]
	switch op {
	case AddScalar:
		for i, x := range a {
			d[i] = x + s
		}
	case SubScalar:
		for i, x := range a {
			d[i] = x - s
		}
	case MulScalar:
		for i, x := range a {
			d[i] = x * s
		}
	default:
		for i, x := range a {
			d[i] = s - x
		}
	}
}
