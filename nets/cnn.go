package nets

import (
	"math"
	"strconv"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
)

// CNN is a convolutional network for images of Spec.Image = [C, H, W]: a
// sample is a row of C·H·W pixels (row-major, as datasets keep images),
// viewed as [B, C, H, W]; then one block per Spec.Channels width c_i
//
//	conv 3×3 (padding 1, c_i filters) → [batch norm] → f → max pool 2×2
//
// (f = ReLU by default; batch norm with Spec.BatchNorm), flattened, then a
// dense layer with f and, with Spec.Dropout > 0, dropout, per Spec.Hidden
// size, and a dense output layer; the head applies the output activation
// the loss implies (softmax with cross-entropy by default, identity for a
// masked MSE on keypoints).
//
// Layers: layers.Seq of nets' own "nets.Image" (the reshape of the rows),
// Name("conv<i>", Conv2D), Name("bn<i>", BatchNorm), f, MaxPool2D per block,
// Flatten, Name("fc<j>", Linear), f, Dropout per hidden size, and
// Name("out", Linear).
// Params, by the layers' names: "conv1.W" [c₁, C, 3, 3], "conv1.b" [c₁],
// "bn1.gamma", "bn1.beta" [c₁], …, "fc1.W", "fc1.b", …, "out.W", "out.b".
// Batch norm's running statistics ("bn1.mean", "bn1.var") are state, not
// params: Save stores them after the params and Load restores them.
type CNN struct{ base }

var _ Network = (*CNN)(nil)

// maxImageSide bounds each side of a CNN's image, so that a model file's
// spec cannot claim a graph of unbounded size.
const maxImageSide = 1 << 14

// maxBlocks bounds the number of convolution blocks.
const maxBlocks = 8

// DefaultChannels returns the conv block widths a CNN for h×w images gets
// when Spec.Channels is empty: two blocks, 16 and 32 filters, and one more
// block (doubling the width) while the feature maps after the blocks would
// be larger than 7×7, up to four: 8×8, 25×25 and 28×28 images get two
// blocks (2×2, 6×6 and 7×7 maps), 48×48 three (6×6), 96×96 four (6×6).
func DefaultChannels(h, w int) []int {
	ch := []int{16, 32}
	for side := min(h, w) >> 2; side > 7 && len(ch) < 4; side >>= 1 {
		ch = append(ch, 2*ch[len(ch)-1])
	}
	return ch
}

// normalizeCNN fills a CNN spec's defaults: the image from Inputs when it
// is a perfect square ([1, n, n]), one channel for a two-dimensional image,
// Inputs from the image, DefaultChannels and one hidden dense layer of 128.
func (s Spec) normalizeCNN() Spec {
	s.Image = append([]int(nil), s.Image...)
	s.Channels = append([]int(nil), s.Channels...)
	if len(s.Image) == 0 && s.Inputs > 0 {
		if n := int(math.Sqrt(float64(s.Inputs))); n*n == s.Inputs {
			s.Image = []int{1, n, n}
		}
	}
	if len(s.Image) == 2 {
		s.Image = append([]int{1}, s.Image...)
	}
	if s.Inputs == 0 && len(s.Image) == 3 && s.Image[0] > 0 && s.Image[1] > 0 && s.Image[2] > 0 &&
		s.Image[0] <= maxImageSide && s.Image[1] <= maxImageSide && s.Image[2] <= maxImageSide {
		s.Inputs = s.Image[0] * s.Image[1] * s.Image[2]
	}
	if len(s.Channels) == 0 && len(s.Image) == 3 {
		s.Channels = DefaultChannels(s.Image[1], s.Image[2])
	}
	if len(s.Hidden) == 0 {
		s.Hidden = []int{128}
	}
	return s
}

// validateCNN checks the CNN fields of a normalised spec, and that the
// other kinds leave them empty.
func (s Spec) validateCNN() error {
	if s.Kind != KindCNN {
		gated := s.Kind == KindLSTM || s.Kind == KindGRU
		if len(s.Image) > 0 || len(s.Channels) > 0 || (s.Dropout != 0 && !gated) || s.BatchNorm {
			return errors.Errorf("nets: %s: image, channels, dropout and batch_norm are for cnn only (dropout also for lstm and gru)", s.Kind)
		}
		if !(s.Dropout >= 0 && s.Dropout < 1) {
			return errors.Errorf("nets: %s: dropout %v, want a rate in [0, 1)", s.Kind, s.Dropout)
		}
		return nil
	}
	if len(s.Image) != 3 {
		return errors.Errorf("nets: cnn: image %v, want [H, W] or [C, H, W] (or inputs a perfect square)", s.Image)
	}
	for i, d := range s.Image {
		if d < 1 || d > maxImageSide {
			return errors.Errorf("nets: cnn: image %v: dimension %d is %d, want 1 to %d", s.Image, i, d, maxImageSide)
		}
	}
	if c, h, w := s.Image[0], s.Image[1], s.Image[2]; s.Inputs != c*h*w {
		return errors.Errorf("nets: cnn: inputs %d, but the image %v has %d pixels", s.Inputs, s.Image, c*h*w)
	}
	if len(s.Channels) > maxBlocks {
		return errors.Errorf("nets: cnn: %d conv blocks, want at most %d", len(s.Channels), maxBlocks)
	}
	h, w := s.Image[1], s.Image[2]
	for i, c := range s.Channels {
		if c < 1 || c > 1<<16 {
			return errors.Errorf("nets: cnn: block %d has %d channels, want 1 to 65536", i+1, c)
		}
		if h < 2 || w < 2 {
			return errors.Errorf("nets: cnn: a %d×%d image is too small for %d blocks: block %d would pool a %d×%d map",
				s.Image[1], s.Image[2], len(s.Channels), i+1, h, w)
		}
		h, w = h/2, w/2
	}
	if !(s.Dropout >= 0 && s.Dropout < 1) {
		return errors.Errorf("nets: cnn: dropout %v, want a rate in [0, 1)", s.Dropout)
	}
	return nil
}

// cnnLayers returns the layer tree of the CNN s (normalised) describes.
func cnnLayers(s Spec) layers.Layer {
	c, h, w := s.Image[0], s.Image[1], s.Image[2]
	ls := []layers.Layer{&imageLayer{C: c, H: h, W: w}}
	in := c
	for i, out := range s.Channels {
		n := strconv.Itoa(i + 1)
		ls = append(ls, layers.Name("conv"+n, &layers.Conv2D{In: in, Out: out, Kernel: [2]int{3, 3}, Padding: [2]int{1, 1}}))
		if s.BatchNorm {
			ls = append(ls, layers.Name("bn"+n, &layers.BatchNorm{Features: out}))
		}
		ls = append(ls, activationLayer(s.Activation), &layers.MaxPool2D{Kernel: [2]int{2, 2}})
		in, h, w = out, h/2, w/2
	}
	ls = append(ls, layers.Flatten{})
	init := "glorot"
	if s.Activation == ReLU {
		init = "he"
	}
	in *= h * w
	for i, n := range s.Hidden {
		ls = append(ls, layers.Name("fc"+strconv.Itoa(i+1), &layers.Linear{In: in, Out: n, Init: init}), activationLayer(s.Activation))
		if s.Dropout > 0 {
			ls = append(ls, &layers.Dropout{P: s.Dropout})
		}
		in = n
	}
	return layers.Seq(append(ls, layers.Name("out", &layers.Linear{In: in, Out: s.Outputs, Init: "glorot"}))...)
}

// cnnLayout returns the tensors a CNN stores, in order: its params, then
// batch norm's running statistics (state).
func (s Spec) cnnLayout() (params, state []paramShape) {
	in, h, w := s.Image[0], s.Image[1], s.Image[2]
	for i, out := range s.Channels {
		n := strconv.Itoa(i + 1)
		params = append(params, paramShape{"conv" + n + ".W", []int{out, in, 3, 3}}, paramShape{"conv" + n + ".b", []int{out}})
		if s.BatchNorm {
			params = append(params, paramShape{"bn" + n + ".gamma", []int{out}}, paramShape{"bn" + n + ".beta", []int{out}})
			state = append(state, paramShape{"bn" + n + ".mean", []int{out}}, paramShape{"bn" + n + ".var", []int{out}})
		}
		in, h, w = out, h/2, w/2
	}
	in *= h * w
	for i, n := range s.Hidden {
		f := "fc" + strconv.Itoa(i+1)
		params = append(params, paramShape{f + ".W", []int{in, n}}, paramShape{f + ".b", []int{n}})
		in = n
	}
	return append(params, paramShape{"out.W", []int{in, s.Outputs}}, paramShape{"out.b", []int{s.Outputs}}), state
}

// cnnElems returns the number of scalars a CNN stores (params and state),
// and false when it would overflow an int; s is valid.
func (s Spec) cnnElems() (int, bool) {
	ps, st := s.cnnLayout()
	n := 0
	for _, p := range append(ps, st...) {
		e := 1
		for _, d := range p.shape {
			if d > math.MaxInt/e {
				return -1, false
			}
			e *= d
		}
		if e > math.MaxInt-n {
			return -1, false
		}
		n += e
	}
	return n, true
}

// imageLayer views rows of C·H·W pixels [B, C·H·W] as images [B, C, H, W]
// (a reshape, no copy), so that a CNN takes a data set's rows as they are.
// It is registered with layers as "nets.Image".
type imageLayer struct{ C, H, W int }

func init() { layers.Register("nets.Image", &imageLayer{}) }

// Forward reshapes x [B, C·H·W] to [B, C, H, W].
func (l *imageLayer) Forward(s *layers.Scope, x *graph.Node) *graph.Node {
	if x.Bad() {
		return x
	}
	if l.C < 1 || l.H < 1 || l.W < 1 || l.C > maxImageSide || l.H > maxImageSide || l.W > maxImageSide {
		return s.Fail("nets.Image", errors.Errorf("image %d×%d×%d, want each side 1 to %d", l.C, l.H, l.W, maxImageSide), x)
	}
	if sh := x.Shape(); len(sh) != 2 || sh[1] != l.C*l.H*l.W {
		return s.Fail("nets.Image", errors.Errorf("input %v, want [B, %d] (rows of %d×%d×%d pixels)", sh, l.C*l.H*l.W, l.C, l.H, l.W), x)
	}
	return ops.Reshape(x, x.Shape()[0], l.C, l.H, l.W)
}
