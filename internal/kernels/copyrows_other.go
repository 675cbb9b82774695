//go:build !amd64

package kernels

// copyRowsAVX2 is the byte loop where there is no assembly (copyRows does
// not call it there: useAVX2 is false).
func copyRowsAVX2(dst []byte, ld int, src []byte, ls int, rows, nb int) {
	for r := 0; r < rows; r++ {
		copy(dst[r*ld:r*ld+nb], src[r*ls:r*ls+nb])
	}
}
