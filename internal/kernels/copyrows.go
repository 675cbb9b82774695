package kernels

import "unsafe"

// copyRows copies rows rows of w elements from src (rows ls elements apart)
// to dst (rows ld elements apart): dst[r*ld+q] = src[r*ls+q] for r < rows,
// q < w. It is im2col's inner loop (one tap: ho rows of wo elements), where
// the rows are short (LeNet's 24 and 8 elements) and a copy() per row pays
// memmove's call; with AVX2 one call of copyRowsAVX2 moves them all.
func copyRows[T Float](dst []T, ld int, src []T, ls int, rows, w int) {
	if rows <= 0 || w <= 0 {
		return
	}
	// The bounds, checked once here for the assembly's unchecked moves.
	_, _ = dst[(rows-1)*ld+w-1], src[(rows-1)*ls+w-1]
	if !useAVX2 {
		copyRowsGo(dst, ld, src, ls, rows, w)
		return
	}
	var z T
	sz := int(unsafe.Sizeof(z))
	copyRowsAVX2(asBytes(dst), ld*sz, asBytes(src), ls*sz, rows, w*sz)
}

// copyRowsGo is copyRows element by element.
func copyRowsGo[T Float](dst []T, ld int, src []T, ls int, rows, w int) {
	for r := 0; r < rows; r++ {
		d, s := dst[r*ld:][:w], src[r*ls:][:w]
		for q := range d {
			d[q] = s[q]
		}
	}
}

// asBytes views a []T as its bytes.
func asBytes[T Float](s []T) []byte {
	var z T
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(z)))
}
