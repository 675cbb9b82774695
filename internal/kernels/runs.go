package kernels

import "unsafe"

// Runs are the shape im2col, its transpose and col2im share on plain
// convolutions (stride 1, no padding, dilation 1): a nest of four loops,
// counts n (outer to inner) and element strides s, over a strided operand,
// at every point of which a run of run consecutive elements starts; the
// runs follow one another in a contiguous operand, with gap elements
// skipped there after each iteration of the second loop (the padding of a
// row of the transposed im2col). Im2col gathers them from the image,
// col2im adds them back.
type runs struct {
	n, s [4]int
	run  int
	gap  int
}

// size returns how far into the contiguous operand the last run reaches
// and how far into the strided one, or false when a count or the run is
// not positive or a stride or the gap is negative.
func (r *runs) size() (contig, strided int, ok bool) {
	strided = r.run
	for i := range r.n {
		if r.n[i] <= 0 || r.s[i] < 0 || r.run <= 0 || r.gap < 0 {
			return 0, 0, false
		}
		strided += (r.n[i] - 1) * r.s[i]
	}
	row := r.n[2]*r.n[3]*r.run + r.gap
	return r.n[0]*r.n[1]*row - r.gap, strided, true
}

// geom returns the assembly's description of r for elements of sz bytes:
// the counts, the byte strides, the run's whole 32-byte blocks, the bytes
// left and the gap in bytes.
func (r *runs) geom(sz int) [11]int {
	nb := r.run * sz
	return [11]int{r.n[0], r.n[1], r.n[2], r.n[3], r.s[0] * sz, r.s[1] * sz, r.s[2] * sz, r.s[3] * sz, nb / 32, nb % 32, r.gap * sz}
}

// gatherRuns copies the runs of src into dst, one after another (dst's
// gaps are left as they are).
func gatherRuns[T Float](r *runs, dst, src []T) {
	nc, ns, ok := r.size()
	if !ok {
		return
	}
	// The bounds, checked once here for the assembly's unchecked moves.
	_, _ = dst[nc-1], src[ns-1]
	if !useAVX2 {
		gatherRunsGo(r, dst, src)
		return
	}
	var z T
	g := r.geom(int(unsafe.Sizeof(z)))
	gatherRunsAVX2(asBytes(dst), asBytes(src), &g)
}

// scatterAddRuns adds the runs of src, one after another and each left to
// right, into dst.
func scatterAddRuns[T Float](r *runs, dst, src []T) {
	nc, ns, ok := r.size()
	if !ok {
		return
	}
	_, _ = dst[ns-1], src[nc-1]
	if !useAVX2 {
		scatterAddRunsGo(r, dst, src)
		return
	}
	if Is32[T]() {
		g := r.geom(4)
		scatterAddRuns32AVX2(asBytes(dst), asBytes(src), &g)
		return
	}
	g := r.geom(8)
	scatterAddRuns64AVX2(asBytes(dst), asBytes(src), &g)
}

// eachRun calls f(o, q) with the strided offset o and the contiguous
// offset q of every run in order.
func (r *runs) eachRun(f func(o, q int)) {
	q := 0
	for a := 0; a < r.n[0]; a++ {
		for b := 0; b < r.n[1]; b++ {
			for c := 0; c < r.n[2]; c++ {
				for d := 0; d < r.n[3]; d++ {
					f(a*r.s[0]+b*r.s[1]+c*r.s[2]+d*r.s[3], q)
					q += r.run
				}
			}
			q += r.gap
		}
	}
}

// gatherRunsGo is gatherRuns element by element.
func gatherRunsGo[T any](r *runs, dst, src []T) {
	w := r.run
	r.eachRun(func(o, q int) {
		d, s := dst[q:][:w], src[o:][:w]
		for i := range d {
			d[i] = s[i]
		}
	})
}

// scatterAddRunsGo is scatterAddRuns element by element.
func scatterAddRunsGo[T Float](r *runs, dst, src []T) {
	w := r.run
	r.eachRun(func(o, q int) {
		d, s := dst[o:][:w], src[q:][:w]
		for i := range d {
			d[i] += s[i]
		}
	})
}

// asBytes views a []T as its bytes.
func asBytes[T Float](s []T) []byte {
	var z T
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(z)))
}
