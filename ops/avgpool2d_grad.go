package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// avgPoolGrad is AvgPool2D's gradient dy → dx, the transposed pooling: each
// output's gradient divided by kH·kW and added over its window. It is
// linear, and its adjoint is AvgPool2D of the same geometry.
type avgPoolGrad struct {
	p  poolDims
	dk floatKind
}

func (o *avgPoolGrad) Name() string   { return "AvgPool2DGrad" }
func (o *avgPoolGrad) String() string { return "AvgPool2DGrad(" + o.p.String() + ")" }

func (o *avgPoolGrad) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return nil, dt, err
	}
	if !in[0].Shape().Eq(o.p.outShape()) {
		return nil, dt, errors.Errorf("operand has shape %s, want the pooled output's %s", graph.ShapeString(in[0].Shape()), graph.ShapeString(o.p.outShape()))
	}
	return tensor.Shape{o.p.b, o.p.c, o.p.h, o.p.w}, dt, nil
}

func (o *avgPoolGrad) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype("AvgPool2DGrad", dst.Dtype())
	}
	run()
	return nil
}

func (o *avgPoolGrad) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	d := &o.p
	switch o.dk.of(dst) {
	case kindF64:
		dx, dy := f64(dst), f64(in[0])
		return d.splitPlanes(func(lo, hi int) { avgPoolGradK(d, lo, hi, dx, dy) })
	case kindF32:
		dx, dy := f32(dst), f32(in[0])
		return d.splitPlanes(func(lo, hi int) { avgPoolGradK(d, lo, hi, dx, dy) })
	}
	return nil
}

func (o *avgPoolGrad) VJP(_, g *graph.Node) ([]*graph.Node, error) {
	p := o.p
	opt := Pool2DOptions{Kernel: [2]int{p.kh, p.kw}, Stride: [2]int{p.sh, p.sw}, Padding: [2]int{p.ph, p.pw}}
	return []*graph.Node{AvgPool2D(g, opt)}, nil
}

// avgPoolGradK spreads dy over the windows of planes [lo, hi) of dx.
func avgPoolGradK[T Float](d *poolDims, lo, hi int, dx, dy []T) {
	hw, l := d.h*d.w, d.ho*d.wo
	inv := 1 / T(d.kh*d.kw)
	for p := lo; p < hi; p++ {
		gp, dp := dx[p*hw:(p+1)*hw], dy[p*l:(p+1)*l]
		clear(gp)
		for oh := 0; oh < d.ho; oh++ {
			for ow := 0; ow < d.wo; ow++ {
				y0, y1, x0, x1 := d.window(oh, ow)
				v := dp[oh*d.wo+ow] * inv
				for i := y0; i < y1; i++ {
					row := gp[i*d.w+x0 : i*d.w+x1]
					for j := range row {
						row[j] += v
					}
				}
			}
		}
	}
}
