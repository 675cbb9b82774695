package ops

// im2col and col2im: the convolution of one image and one group as a matrix
// product. col is [cg·kh·kw, ho·wo]: row (c·kh + i)·kw + j holds, for every
// output position (oh, ow), the input element under kernel tap (i, j) of
// channel c, x[c, oh·sh − ph + i·dh, ow·sw − pw + j·dw], or 0 in the padding.

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

// im2col fills col from x, one image's cg channels [cg, h, w].
func im2col[T Float](d *convDims, x, col []T) {
	h, w, ho, wo := d.h, d.w, d.ho, d.wo
	r := 0
	for c := 0; c < d.cg(); c++ {
		xc := x[c*h*w : (c+1)*h*w]
		for i := 0; i < d.kh; i++ {
			ylo, yhi := colRange(h, ho, d.sh, d.ph, i*d.dh)
			for j := 0; j < d.kw; j++ {
				xlo, xhi := colRange(w, wo, d.sw, d.pw, j*d.dw)
				row := col[r*ho*wo : (r+1)*ho*wo]
				r++
				clear(row[:ylo*wo])
				clear(row[yhi*wo:])
				for oh := ylo; oh < yhi; oh++ {
					dst := row[oh*wo : (oh+1)*wo]
					src := xc[(oh*d.sh-d.ph+i*d.dh)*w:]
					clear(dst[:xlo])
					clear(dst[xhi:])
					off := -d.pw + j*d.dw
					if d.sw == 1 {
						copy(dst[xlo:xhi], src[xlo+off:xhi+off])
						continue
					}
					for ow := xlo; ow < xhi; ow++ {
						dst[ow] = src[ow*d.sw+off]
					}
				}
			}
		}
	}
}

// col2im adds col into x (the adjoint of im2col); x must be zeroed first.
func col2im[T Float](d *convDims, col, x []T) {
	h, w, ho, wo := d.h, d.w, d.ho, d.wo
	r := 0
	for c := 0; c < d.cg(); c++ {
		xc := x[c*h*w : (c+1)*h*w]
		for i := 0; i < d.kh; i++ {
			ylo, yhi := colRange(h, ho, d.sh, d.ph, i*d.dh)
			for j := 0; j < d.kw; j++ {
				xlo, xhi := colRange(w, wo, d.sw, d.pw, j*d.dw)
				row := col[r*ho*wo : (r+1)*ho*wo]
				r++
				off := -d.pw + j*d.dw
				for oh := ylo; oh < yhi; oh++ {
					src := row[oh*wo : (oh+1)*wo]
					dst := xc[(oh*d.sh-d.ph+i*d.dh)*w:]
					if d.sw == 1 {
						dst = dst[xlo+off : xhi+off]
						for q, v := range src[xlo:xhi] {
							dst[q] += v
						}
						continue
					}
					for ow := xlo; ow < xhi; ow++ {
						dst[ow*d.sw+off] += src[ow]
					}
				}
			}
		}
	}
}
