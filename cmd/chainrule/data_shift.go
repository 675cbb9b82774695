package main

import (
	"fmt"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/nets"
)

// shiftCopies returns ds (images of SampleShape [H, W], pixels scaled to
// [lo, …]) followed by copies more copies of its images, each moved by a
// random whole number of pixels in −maxShift … maxShift along each axis
// (drawn from nets.NewRNG(seed)), the uncovered border filled with the
// background lo: small random shifts of the training images, which an
// image model should not care about. ds is not changed.
func shiftCopies(ds *datasets.Dataset, copies, maxShift int, lo float64, seed uint64) (*datasets.Dataset, error) {
	s := ds.SampleShape
	if len(s) != 2 || ds.Y.Dtype() != tensor.Int {
		return nil, fmt.Errorf("shift: %s has samples of shape %v, want labelled images [H, W]", ds.Name, s)
	}
	n, h, w := ds.Len(), s[0], s[1]
	src, labels := ds.X.Float64s(), ds.Y.Ints()
	x := make([]float64, 0, (copies+1)*n*h*w)
	y := make([]int, 0, (copies+1)*n)
	x, y = append(x, src...), append(y, labels...)
	rng := nets.NewRNG(seed)
	for c := 0; c < copies; c++ {
		for i := 0; i < n; i++ {
			dy, dx := rng.IntN(2*maxShift+1)-maxShift, rng.IntN(2*maxShift+1)-maxShift
			img := src[i*h*w : (i+1)*h*w]
			for r := 0; r < h; r++ {
				for col := 0; col < w; col++ {
					v, sr, sc := lo, r-dy, col-dx
					if sr >= 0 && sr < h && sc >= 0 && sc < w {
						v = img[sr*w+sc]
					}
					x = append(x, v)
				}
			}
			y = append(y, labels[i])
		}
	}
	out := *ds
	out.X = tensor.New(tensor.WithShape(len(y), h*w), tensor.WithBacking(x))
	out.Y = tensor.New(tensor.WithShape(len(y)), tensor.WithBacking(y))
	return &out, nil
}
