package kernels

// im2col and col2im: the convolution of one image and one group as a matrix
// product. col is [cg·kh·kw, ho·wo]: row (c·kh + i)·kw + j holds, for every
// output position (oh, ow), the input element under kernel tap (i, j) of
// channel c, x[c, oh·sh − ph + i·dh, ow·sw − pw + j·dw], or 0 in the padding.
// The sizes are copied into locals first: stores into the slices could
// otherwise alias d's fields, which would be read again for every element.

// ColShape is one image and one group of a convolution as im2col and
// col2im see it.
type ColShape struct {
	C, H, W int // channels of the group, input rows and columns
	Ho, Wo  int // output rows and columns
	Kh, Kw  int // kernel rows and columns
	Sh, Sw  int // strides
	Ph, Pw  int // zero padding on both sides
	Dh, Dw  int // dilations
}

// colRange returns the output positions [lo, hi) along one axis whose input
// index o·s − p + off lies in [0, n).
func colRange(n, out, s, p, off int) (lo, hi int) {
	// o·s ≥ p − off  and  o·s < n + p − off
	a := p - off
	if a > 0 {
		lo = (a + s - 1) / s
	}
	b := n + p - off // o < b/s rounded up
	if b <= 0 {
		return lo, lo
	}
	hi = min(out, (b+s-1)/s)
	if hi < lo {
		hi = lo
	}
	return lo, hi
}

// Im2col fills col from x, one image's d.C channels [C, H, W].
func Im2col[T Float](d *ColShape, x, col []T) {
	h, w, ho, wo, cg, kh, kw := d.H, d.W, d.Ho, d.Wo, d.C, d.Kh, d.Kw
	sh, sw, ph, pw, dh, dw := d.Sh, d.Sw, d.Ph, d.Pw, d.Dh, d.Dw
	if d.plain() {
		im2colPlain(d, x, col)
		return
	}
	l := ho * wo
	r := 0
	for c := 0; c < cg; c++ {
		xc := x[c*h*w : (c+1)*h*w]
		for i := 0; i < kh; i++ {
			ylo, yhi := colRange(h, ho, sh, ph, i*dh)
			for j := 0; j < kw; j++ {
				xlo, xhi := colRange(w, wo, sw, pw, j*dw)
				off := -pw + j*dw
				row := col[r*l : (r+1)*l]
				r++
				clear(row[:ylo*wo])
				clear(row[yhi*wo:])
				for oh := ylo; oh < yhi; oh++ {
					dst := row[oh*wo : (oh+1)*wo]
					src := xc[(oh*sh-ph+i*dh)*w:]
					clear(dst[:xlo])
					clear(dst[xhi:])
					if sw == 1 {
						// Rows are short (8 to 32 elements in a LeNet): a
						// loop beats a call to memmove.
						dr, sr := dst[xlo:xhi], src[xlo+off:xhi+off]
						for q := range dr {
							dr[q] = sr[q]
						}
						continue
					}
					for ow := xlo; ow < xhi; ow++ {
						dst[ow] = src[ow*sw+off]
					}
				}
			}
		}
	}
}

// Col2im adds col into x (the adjoint of Im2col); x must be zeroed first.
func Col2im[T Float](d *ColShape, col, x []T) {
	h, w, ho, wo, cg, kh, kw := d.H, d.W, d.Ho, d.Wo, d.C, d.Kh, d.Kw
	sh, sw, ph, pw, dh, dw := d.Sh, d.Sw, d.Ph, d.Pw, d.Dh, d.Dw
	if d.plain() {
		col2imPlain(d, col, x)
		return
	}
	l := ho * wo
	r := 0
	for c := 0; c < cg; c++ {
		xc := x[c*h*w : (c+1)*h*w]
		for i := 0; i < kh; i++ {
			ylo, yhi := colRange(h, ho, sh, ph, i*dh)
			for j := 0; j < kw; j++ {
				xlo, xhi := colRange(w, wo, sw, pw, j*dw)
				off := -pw + j*dw
				row := col[r*l : (r+1)*l]
				r++
				for oh := ylo; oh < yhi; oh++ {
					src := row[oh*wo : (oh+1)*wo]
					dst := xc[(oh*sh-ph+i*dh)*w:]
					if sw == 1 {
						dr, sr := dst[xlo+off:xhi+off], src[xlo:xhi]
						for q := range dr {
							dr[q] += sr[q]
						}
						continue
					}
					for ow := xlo; ow < xhi; ow++ {
						dst[ow*sw+off] += src[ow]
					}
				}
			}
		}
	}
}

// plain reports whether d has stride 1, no padding and dilation 1 (LeNet's
// convolutions): every kernel tap then sees a whole ho × wo block of the
// input, rows of wo elements w apart, with nothing to clip or zero.
func (d *ColShape) plain() bool {
	return d.Sh == 1 && d.Sw == 1 && d.Ph == 0 && d.Pw == 0 && d.Dh == 1 && d.Dw == 1
}

// im2colPlain is Im2col for plain shapes: the same copies, without the
// clipping, as runs (channel, tap row, tap column, output row) of wo
// elements, gathered by one call.
func im2colPlain[T Float](d *ColShape, x, col []T) {
	gatherRuns(d.plainRuns(), col, x)
}

// col2imPlain is Col2im for plain shapes: the same additions in the same
// order (tap by tap, each row left to right), without the clipping, by one
// call.
func col2imPlain[T Float](d *ColShape, col, x []T) {
	scatterAddRuns(d.plainRuns(), x, col)
}

// plainRuns are the rows of a plain shape's col in x: for channel c, tap
// (i, j) and output row oh, the wo elements from x[c, oh + i, j].
func (d *ColShape) plainRuns() *runs {
	return &runs{n: [4]int{d.C, d.Kh, d.Kw, d.Ho}, s: [4]int{d.H * d.W, d.W, 1, d.W}, run: d.Wo}
}
