package nets

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
)

// checkData reports whether ds fits the model s describes: features per
// sample, and targets that match the outputs (class indices for one sigmoid
// output or one output per class; regression rows of as many values as
// outputs).
func checkData(s *shapes, ds *datasets.Dataset) error {
	if ds == nil {
		return errors.New("nets: nil dataset")
	}
	if err := ds.Validate(); err != nil {
		return err
	}
	if ds.Y == nil {
		return errors.Errorf("nets: dataset %q has no targets", ds.Name)
	}
	if w := rowWidth(ds.X); w != s.inW {
		return errors.Errorf("nets: dataset %q has %d features per sample, the %s network takes %d", ds.Name, w, s.name, s.inW)
	}
	ow := s.outW
	if ds.IsClassification() {
		k := ds.NumClasses()
		switch {
		case s.head.Step > 0:
			return errors.Errorf("nets: dataset %q has one class per sample, the %s outputs at every step", ds.Name, s.name)
		case ow == 1 && k > 2:
			return errors.Errorf("nets: dataset %q has %d classes, a single output separates 2", ds.Name, k)
		case ow > 1 && k != ow:
			return errors.Errorf("nets: dataset %q has %d classes, the network has %d outputs", ds.Name, k, ow)
		case s.head.Loss == MSE && ow > 1:
			return errors.Errorf("nets: dataset %q is a classification set; use loss sse, bce or softmax-ce, not mse", ds.Name)
		}
		return nil
	}
	if w := rowWidth(ds.Y); w != ow {
		return errors.Errorf("nets: dataset %q has %d targets per sample, the network has %d outputs", ds.Name, w, ow)
	}
	if s.head.Loss == SoftmaxCE && s.head.Step == 0 {
		// With an output at every step, the targets are each step's class
		// as a one-hot row (datasets.CharSequences): softmax-ce applies.
		return errors.Errorf("nets: dataset %q is a regression set; softmax-ce needs classes", ds.Name)
	}
	return nil
}

func rowWidth(t *tensor.Dense) int {
	s := t.Shape()
	w := 1
	for _, d := range s[1:] {
		w *= d
	}
	return w
}

// fill copies one batch (x float64 [B, D], y int [B] or float64 [B, K],
// mask like y or nil) into c's input buffers, converting to c's dtype and
// class indices to 0/1 targets. It allocates nothing.
func (c *Compiled) fill(x, y, mask *tensor.Dense) {
	copyConv(c.XBuf, x.Float64s())
	if y.Dtype() == tensor.Int {
		k := c.TBuf.Shape()[1]
		labels := y.Ints()
		switch c.TBuf.Dtype() {
		case tensor.Float32:
			oneHot(c.TBuf.Float32s(), labels, k)
		default:
			oneHot(c.TBuf.Float64s(), labels, k)
		}
	} else {
		copyConv(c.TBuf, y.Float64s())
	}
	if c.MaskBuf != nil {
		if mask != nil {
			copyConv(c.MaskBuf, mask.Float64s())
		} else {
			setOnes(c.MaskBuf)
		}
	}
}

// oneHot writes one row of k per label: with k = 1 the label itself (0 or
// 1, for a single sigmoid output), otherwise a one-hot row.
func oneHot[T float32 | float64](dst []T, labels []int, k int) {
	if k == 1 {
		for i, l := range labels {
			dst[i] = T(l)
		}
		return
	}
	clear(dst)
	for i, l := range labels {
		dst[i*k+l] = 1
	}
}

func copyConv(dst *tensor.Dense, src []float64) {
	if dst.Dtype() == tensor.Float32 {
		d := dst.Float32s()
		for i, v := range src[:len(d)] {
			d[i] = float32(v)
		}
		return
	}
	copy(dst.Float64s(), src)
}

func setOnes(t *tensor.Dense) {
	if t.Dtype() == tensor.Float32 {
		for i := range t.Float32s() {
			t.Float32s()[i] = 1
		}
		return
	}
	for i := range t.Float64s() {
		t.Float64s()[i] = 1
	}
}

// scalarValue returns the single element of a scalar tensor as float64.
func scalarValue(t *tensor.Dense) float64 {
	if t.Dtype() == tensor.Float32 {
		return float64(t.Float32s()[0])
	}
	return t.Float64s()[0]
}

// rowValues appends row i of the matrix t [B, K] to dst as float64.
func rowValues(dst []float64, t *tensor.Dense, i int) []float64 {
	k := t.Shape()[1]
	if t.Dtype() == tensor.Float32 {
		for _, v := range t.Float32s()[i*k : (i+1)*k] {
			dst = append(dst, float64(v))
		}
		return dst
	}
	return append(dst, t.Float64s()[i*k:(i+1)*k]...)
}
