package backing

import (
	"testing"

	"gorgonia.org/tensor"
)

// FuzzGather builds a tensor of 1 to 3 dims, maybe transposes it by a
// permutation, maybe slices every axis with a start, end and step, and
// checks Gather against the element each index names, computed here from
// the base tensor's row-major numbering, and Plain against Check.
func FuzzGather(f *testing.F) {
	f.Add([]byte{2, 3}, uint8(1), uint8(0), []byte{0, 2, 1, 0, 3, 1})
	f.Add([]byte{2, 3, 2}, uint8(1), uint8(3), []byte{})
	f.Add([]byte{3, 3}, uint8(0), uint8(0), []byte{0, 3, 1, 0, 2, 1})
	f.Add([]byte{2, 4}, uint8(1), uint8(0), []byte{1, 4, 1, 0, 2, 1})
	f.Add([]byte{4, 3}, uint8(0), uint8(0), []byte{1, 3, 1})
	f.Add([]byte{2, 3}, uint8(0), uint8(0), []byte{0, 2, 1, 0, 3, 2})
	f.Fuzz(func(t *testing.T, dims []byte, doT, permSeed uint8, cuts []byte) {
		if len(dims) == 0 || len(dims) > 3 {
			return
		}
		shape := make([]int, len(dims))
		n := 1
		for i, d := range dims {
			shape[i] = int(d%4) + 1
			n *= shape[i]
		}
		base := make([]float64, n)
		for i := range base {
			base[i] = float64(i)
		}
		v := tensor.New(tensor.WithShape(shape...), tensor.WithBacking(base))
		// perm[k] is the base axis that axis k of the view walks.
		perm := make([]int, len(shape))
		for i := range perm {
			perm[i] = i
		}
		if doT%2 == 1 && len(shape) > 1 {
			for i := len(perm) - 1; i > 0; i-- {
				j := int(permSeed) % (i + 1)
				perm[i], perm[j] = perm[j], perm[i]
				permSeed /= 3
			}
			if err := v.T(perm...); err != nil {
				return
			}
		}
		vshape := make([]int, len(shape))
		for k := range vshape {
			vshape[k] = shape[perm[k]]
		}
		start, step := make([]int, len(shape)), make([]int, len(shape))
		for k := range step {
			step[k] = 1
		}
		if len(cuts) >= 3*len(shape) {
			sl := make([]tensor.Slice, len(shape))
			for k := range shape {
				d := vshape[k]
				s := int(cuts[3*k]) % d
				e := s + 1 + int(cuts[3*k+1])%(d-s)
				st := int(cuts[3*k+2])%2 + 1
				sl[k] = tensor.S(s, e, st)
				start[k], step[k] = s, st
				vshape[k] = (e - s + st - 1) / st
			}
			var view tensor.View
			var err error
			func() {
				defer func() {
					if recover() != nil {
						err = errSkip
					}
				}()
				view, err = v.Slice(sl...)
			}()
			if err != nil {
				return
			}
			v = view.(*tensor.Dense)
		}
		if !tensor.Shape(vshape).Eq(v.Shape()) {
			// gorgonia drops sliced-out unit dims; keep the cases it does not
			return
		}
		m := 1
		for _, d := range vshape {
			m *= d
		}
		dst := make([]float64, m)
		raw := tensor.New(tensor.WithShape(m), tensor.WithBacking(dst)).Raw
		if err := Gather(raw, v); err != nil {
			t.Fatalf("shape %v perm %v cuts %v: Gather: %v", shape, perm, cuts, err)
		}
		idx := make([]int, len(vshape))
		for w := 0; w < m; w++ {
			// base index: axis perm[k] of the base is start+idx*step of axis k
			b := make([]int, len(shape))
			for k := range idx {
				b[perm[k]] = start[k] + idx[k]*step[k]
			}
			flat := 0
			for k := range shape {
				flat = flat*shape[k] + b[k]
			}
			if dst[w] != float64(flat) {
				t.Fatalf("shape %v perm %v cuts %v: element %d (index %v) = %v, want %v", shape, perm, cuts, w, idx, dst[w], flat)
			}
			for k := len(idx) - 1; k >= 0; k-- {
				if idx[k]++; idx[k] < vshape[k] {
					break
				}
				idx[k] = 0
			}
		}
		// Plain means the backing array already is that order.
		if Plain(v) != (Check(v) == nil) {
			t.Fatalf("Plain %v, Check %v", Plain(v), Check(v))
		}
		if Plain(v) {
			got := F64(v.Raw)
			for i := range dst {
				if got[i] != dst[i] {
					t.Fatalf("shape %v perm %v cuts %v: Plain, but memory %v, logical %v", shape, perm, cuts, got, dst)
				}
			}
		}
	})
}

var errSkip = errSkipT{}

type errSkipT struct{}

func (errSkipT) Error() string { return "skip" }
