package kernels

// Im2colT fills colT, [ho·wo, C·kh·kw] with rows ld ≥ C·kh·kw elements
// apart, with the transpose of Im2col's matrix from x, one image's d.C
// channels [C, H, W]: row oh·wo + ow holds, for every kernel tap (c, i, j)
// in Im2col's row order, the input element under it or 0 in the padding.
// The last ld − C·kh·kw elements of each row are not written (a caller
// that pads the rows to a width the GEMM's kernels take whole zeroes them
// once).
//
// It is what a convolution's weight gradient, dy·colᵀ, multiplies by: with
// colT the product's right operand is read in place (a GEMM packs a
// transposed operand, a second pass over the same elements), and each
// element of the product is the same chain of multiply-adds over the output
// positions as with col, so the result is bit-identical.
func Im2colT[T Float](d *ColShape, x, colT []T, ld int) {
	if d.plain() {
		im2colTPlain(d, x, colT, ld)
		return
	}
	h, w, ho, wo, cg, kh, kw := d.H, d.W, d.Ho, d.Wo, d.C, d.Kh, d.Kw
	sh, sw, ph, pw, dh, dw := d.Sh, d.Sw, d.Ph, d.Pw, d.Dh, d.Dw
	k := cg * kh * kw
	for oh := 0; oh < ho; oh++ {
		for ow := 0; ow < wo; ow++ {
			row := colT[(oh*wo+ow)*ld:][:k]
			r := 0
			for c := 0; c < cg; c++ {
				xc := x[c*h*w : (c+1)*h*w]
				for i := 0; i < kh; i++ {
					y := oh*sh - ph + i*dh
					for j := 0; j < kw; j++ {
						xx := ow*sw - pw + j*dw
						if y >= 0 && y < h && xx >= 0 && xx < w {
							row[r] = xc[y*w+xx]
						} else {
							row[r] = 0
						}
						r++
					}
				}
			}
		}
	}
}

// im2colTPlain is Im2colT for plain shapes (stride 1, no padding, dilation
// 1): row oh·wo + ow is, channel by channel and kernel row by kernel row,
// runs of kw consecutive input elements starting at (oh + i, ow), gathered
// by one call, ld − C·kh·kw elements skipped after each row.
func im2colTPlain[T Float](d *ColShape, x, colT []T, ld int) {
	gatherRuns(&runs{n: [4]int{d.Ho, d.Wo, d.C, d.Kh}, s: [4]int{d.W, 1, d.H * d.W, d.W}, run: d.Kw, gap: ld - d.C*d.Kh*d.Kw}, colT, x)
}
