package layers

import (
	"math"
	"math/rand/v2"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Conv2D is a 2-D convolution layer over [B, C, H, W] input, PyTorch's
// nn.Conv2d: y = ops.Conv2D(x, W) + b, with params "W" [Out, In/Groups,
// Kernel[0], Kernel[1]] and "b" [Out] (added as [Out, 1, 1]). The output is
// [B, Out, Hout, Wout], Hout = ⌊(H + 2·Padding − Dilation·(Kernel − 1) −
// 1)/Stride + 1⌋ per axis (see ops.Conv2DOptions; zero Stride and Dilation
// mean 1).
//
// Init "" (or "torch") initialises both W and b as PyTorch does by default
// (kaiming_uniform with a = √5, which is U(−1/√fanIn, 1/√fanIn), and the
// same bound for the bias), fanIn = In/Groups·Kernel[0]·Kernel[1]. Any
// other initialiser name (InitByName: "he", "glorot", ...) initialises W,
// with b zeros.
type Conv2D struct {
	In       int    // input channels C; 0 takes x's axis 1
	Out      int    // output channels, >= 1 and divisible by Groups
	Kernel   [2]int // kernel rows and columns, >= 1
	Stride   [2]int // 0 means 1
	Padding  [2]int // zeros added on both sides
	Dilation [2]int // 0 means 1
	Groups   int    // 0 means 1; In and Out must be divisible by it
	NoBias   bool   // leave out b
	Init     string // "" or "torch" (PyTorch's default), or an InitByName name
}

func init() { Register("Conv2D", &Conv2D{}) }

// Forward returns the convolution of x, plus the bias.
func (l *Conv2D) Forward(s *Scope, x *graph.Node) *graph.Node {
	if x.Bad() {
		return x
	}
	sh := x.Shape()
	if len(sh) != 4 {
		return s.Fail("Conv2D", errors.Errorf("input %v, want [B, C, H, W]", sh), x)
	}
	c := sh[1]
	if l.In != 0 && l.In != c {
		return s.Fail("Conv2D", errors.Errorf("input %v has %d channels, want In = %d", sh, c, l.In), x)
	}
	g := max(l.Groups, 1)
	switch {
	case l.Out < 1:
		return s.Fail("Conv2D", errors.Errorf("Out = %d, want >= 1", l.Out), x)
	case l.Kernel[0] < 1 || l.Kernel[1] < 1:
		return s.Fail("Conv2D", errors.Errorf("Kernel = %v, want both >= 1", l.Kernel), x)
	case l.Groups < 0 || c%g != 0 || l.Out%g != 0:
		return s.Fail("Conv2D", errors.Errorf("Groups = %d must be >= 0 and divide the %d input and %d output channels", l.Groups, c, l.Out), x)
	}
	var winit, binit Init
	if l.Init == "" || l.Init == "torch" {
		winit, binit = TorchUniform, torchBias(c/g*l.Kernel[0]*l.Kernel[1])
	} else {
		var err error
		if winit, err = InitByName(l.Init); err != nil {
			return s.Fail("Conv2D", err, x)
		}
		binit = Zeros
	}
	w := s.Param("W", winit, l.Out, c/g, l.Kernel[0], l.Kernel[1])
	y := ops.Conv2D(x, w, ops.Conv2DOptions{Stride: l.Stride, Padding: l.Padding, Dilation: l.Dilation, Groups: l.Groups})
	if l.NoBias {
		return y
	}
	b := s.Param("b", binit, l.Out)
	return ops.Add(y, ops.Reshape(b, l.Out, 1, 1))
}

// TorchUniform draws from U(−1/√fanIn, 1/√fanIn) with Fans' fanIn: what
// PyTorch's nn.Linear and nn.Conv2d draw their weights from by default
// (kaiming_uniform_ with a = √5: the gain √(2/(1+a²)) = √(1/3) times the
// bound √(3/fanIn)).
func TorchUniform(r *rand.Rand, dt tensor.Dtype, dims ...int) (*tensor.Dense, error) {
	in, _ := Fans(dims...)
	return Uniform(1/math.Sqrt(float64(max(1, in))))(r, dt, dims...)
}

// torchBias is PyTorch's default bias initialiser for a layer whose weight
// has fan-in fanIn: U(−1/√fanIn, 1/√fanIn).
func torchBias(fanIn int) Init { return Uniform(1 / math.Sqrt(float64(max(1, fanIn)))) }
