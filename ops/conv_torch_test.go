package ops_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// torchTensor is a tensor in testdata/torch_conv.json.
type torchTensor struct {
	Shape []int     `json:"shape"`
	Data  []float64 `json:"data"`
}

func (t torchTensor) dense() *tensor.Dense {
	return tensor.New(tensor.WithShape(t.Shape...), tensor.WithBacking(append([]float64(nil), t.Data...)))
}

// torchCase is one case written by testdata/gen_torch_conv.py.
type torchCase struct {
	Op, Name                          string
	Stride, Padding, Dilation, Kernel [2]int
	OutputPadding                     [2]int `json:"output_padding"`
	Groups                            int
	X, W, Out, R, DX, DW              torchTensor
}

// TestConvMatchesTorch compares Conv2D, Conv2DTranspose, MaxPool2D and
// AvgPool2D and their gradients of Σ out ⊙ r with PyTorch 1.13's in float64.
func TestConvMatchesTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/torch_conv.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []torchCase }
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, c := range file.Cases {
		seen[c.Op]++
		t.Run(c.Op+"/"+c.Name, func(t *testing.T) {
			g := graph.New()
			x := g.Param("x", c.X.dense())
			wrt := []*graph.Node{x}
			var out *graph.Node
			switch c.Op {
			case "conv2d":
				w := g.Param("w", c.W.dense())
				wrt = append(wrt, w)
				out = ops.Conv2D(x, w, ops.Conv2DOptions{Stride: c.Stride, Padding: c.Padding, Dilation: c.Dilation, Groups: c.Groups})
			case "conv_transpose2d":
				w := g.Param("w", c.W.dense())
				wrt = append(wrt, w)
				out = ops.Conv2DTranspose(x, w, ops.Conv2DTransposeOptions{Stride: c.Stride, Padding: c.Padding,
					OutputPadding: c.OutputPadding, Dilation: c.Dilation, Groups: c.Groups})
			case "max_pool2d":
				out = ops.MaxPool2D(x, ops.Pool2DOptions{Kernel: c.Kernel, Stride: c.Stride, Padding: c.Padding})
			case "avg_pool2d":
				out = ops.AvgPool2D(x, ops.Pool2DOptions{Kernel: c.Kernel, Stride: c.Stride, Padding: c.Padding})
			default:
				t.Fatalf("unknown op %q", c.Op)
			}
			if err := g.Err(); err != nil {
				t.Fatal(err)
			}
			if !graph.SameShape(out.Shape(), c.Out.Shape) {
				t.Fatalf("shape %s, PyTorch %v", graph.ShapeString(out.Shape()), c.Out.Shape)
			}
			loss := ops.Sum(ops.Mul(out, g.Const(c.R.dense())))
			grads, err := autodiff.Grad(loss, wrt...)
			if err != nil {
				t.Fatal(err)
			}
			vals := eval(t, nil, append([]*graph.Node{out}, grads...)...)
			nearRel(t, "out", vals[0], c.Out.Data, 1e-10)
			nearRel(t, "dx", vals[1], c.DX.Data, 1e-10)
			if len(vals) > 2 {
				nearRel(t, "dw", vals[2], c.DW.Data, 1e-10)
			}
		})
	}
	for _, op := range []string{"conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d"} {
		if seen[op] < 3 {
			t.Errorf("%d fixtures of %s, want at least 3", seen[op], op)
		}
	}
}

// nearRel fails unless got and want agree to tol relative to max(1, |want|).
func nearRel(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	bad := 0
	for i := range got {
		if !(math.Abs(got[i]-want[i]) <= tol*math.Max(1, math.Abs(want[i]))) {
			if bad++; bad <= 5 {
				t.Errorf("%s[%d] = %.17g, PyTorch %.17g", what, i, got[i], want[i])
			}
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d of %d values differ", what, bad, len(got))
	}
}
