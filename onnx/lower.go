package onnx

import (
	"math"

	pb "github.com/advancedclimatesystems/gonnx/onnx"
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// lowering emits the ONNX nodes computing op node n from its operands'
// values in and returns the name of the value holding n's result.
type lowering func(e *exporter, n *graph.Node, a ops.Attrs, in []string) (string, error)

// lowerings maps chainrule op names to their ONNX form. An op missing here
// has no ONNX counterpart.
var lowerings map[string]lowering

func init() {
	lowerings = map[string]lowering{
		"Add": same("Add"), "Sub": same("Sub"), "Mul": same("Mul"), "Div": same("Div"),
		"Maximum": same("Max"), "Minimum": same("Min"),
		"Abs": same("Abs"), "Neg": same("Neg"), "Log": same("Log"), "Sqrt": same("Sqrt"),
		"Tanh": same("Tanh"), "Sigmoid": same("Sigmoid"), "ReLU": same("Relu"),
		"Erf": same("Erf"), "Softplus": same("Softplus"),
		"StopGradient": alias, "Dropout": alias,
		"Gather":      lowerGather,
		"BatchMatMul": lowerBatchMatMul,
		"Exp":         lowerExp,
		"Square": func(e *exporter, _ *graph.Node, _ ops.Attrs, in []string) (string, error) {
			return e.emit("Mul", []string{in[0], in[0]}), nil
		},
		"SiLU":        lowerSiLU,
		"Expm1":       lowerExpm1,
		"Log1p":       lowerLog1p,
		"GELU":        lowerGELU,
		"GELUTanh":    lowerGELUTanh,
		"LeakyReLU":   alpha("LeakyRelu"),
		"ELU":         alpha("Elu"),
		"Clamp":       lowerClamp,
		"Pow":         lowerPow,
		"Greater":     lowerGreater,
		"Where":       lowerWhere,
		"MatMul":      lowerMatMul,
		"Reshape":     lowerReshape,
		"Transpose":   lowerTranspose,
		"Slice":       lowerSlice,
		"Pad":         lowerPad,
		"Concat":      axisAttr("Concat"),
		"LogSoftmax":  axisAttr("LogSoftmax"),
		"Max":         lowerMax,
		"ArgMax":      lowerArgMax,
		"SumTo":       lowerSumTo,
		"BroadcastTo": lowerBroadcastTo,
		"Conv2D":      lowerConv,
		"MaxPool2D":   pool("MaxPool"),
		"AvgPool2D":   pool("AveragePool"),
		"OneHot":      lowerOneHot,
	}
}

// alias exports an op that computes its operand at inference as nothing:
// StopGradient, and Dropout (the exported model is in evaluation mode).
func alias(_ *exporter, _ *graph.Node, _ ops.Attrs, in []string) (string, error) { return in[0], nil }

// lowerGather writes Gather along axis 0, the table's rows.
func lowerGather(e *exporter, _ *graph.Node, _ ops.Attrs, in []string) (string, error) {
	return e.emit("Gather", in, attrInt("axis", 0)), nil
}

// lowerBatchMatMul writes MatMul (NumPy's batched product, which
// broadcasts the batch dimensions as chainrule's does), transposing the
// last two axes of an operand first where asked.
func lowerBatchMatMul(e *exporter, n *graph.Node, a ops.Attrs, in []string) (string, error) {
	x, y := in[0], in[1]
	if a.TransA {
		x = e.emit("Transpose", []string{x}, attrInts("perm", swapLast(len(n.Inputs()[0].Shape()))...))
	}
	if a.TransB {
		y = e.emit("Transpose", []string{y}, attrInts("perm", swapLast(len(n.Inputs()[1].Shape()))...))
	}
	return e.emit("MatMul", []string{x, y}), nil
}

// swapLast is the permutation of rank r swapping its last two axes.
func swapLast(r int) []int {
	p := make([]int, r)
	for i := range p {
		p[i] = i
	}
	p[r-2], p[r-1] = p[r-1], p[r-2]
	return p
}

// same is an op whose ONNX counterpart takes the same operands.
func same(op string) lowering {
	return func(e *exporter, _ *graph.Node, _ ops.Attrs, in []string) (string, error) {
		return e.emit(op, in), nil
	}
}

func alpha(op string) lowering {
	return func(e *exporter, _ *graph.Node, a ops.Attrs, in []string) (string, error) {
		return e.emit(op, in, attrFloat("alpha", a.Scalars[0])), nil
	}
}

func axisAttr(op string) lowering {
	return func(e *exporter, _ *graph.Node, a ops.Attrs, in []string) (string, error) {
		return e.emit(op, in, attrInt("axis", a.Axis)), nil
	}
}

// lowerExp exports Exp, and Exp(LogSoftmax(x)) as Softmax.
func lowerExp(e *exporter, n *graph.Node, _ ops.Attrs, in []string) (string, error) {
	if ls := softmaxOf(n); ls != nil {
		a, _ := ops.Describe(ls)
		return e.emit("Softmax", []string{e.name[ls.Inputs()[0]]}, attrInt("axis", a.Axis)), nil
	}
	return e.emit("Exp", in), nil
}

func lowerSiLU(e *exporter, _ *graph.Node, _ ops.Attrs, in []string) (string, error) {
	return e.emit("Mul", []string{in[0], e.emit("Sigmoid", in)}), nil
}

func lowerExpm1(e *exporter, n *graph.Node, _ ops.Attrs, in []string) (string, error) {
	one, err := e.scalar(n.Dtype(), 1)
	return e.emit("Sub", []string{e.emit("Exp", in), one}), err
}

func lowerLog1p(e *exporter, n *graph.Node, _ ops.Attrs, in []string) (string, error) {
	one, err := e.scalar(n.Dtype(), 1)
	return e.emit("Log", []string{e.emit("Add", []string{in[0], one})}), err
}

// lowerGELU writes x·½(1 + erf(x/√2)), the Erf form ONNX itself uses for
// GELU before opset 20.
func lowerGELU(e *exporter, n *graph.Node, _ ops.Attrs, in []string) (string, error) {
	c, err := e.consts(n, 1/math.Sqrt2, 1, 0.5)
	if err != nil {
		return "", err
	}
	erf := e.emit("Erf", []string{e.emit("Mul", []string{in[0], c[0]})})
	half := e.emit("Mul", []string{in[0], c[2]})
	return e.emit("Mul", []string{half, e.emit("Add", []string{erf, c[1]})}), nil
}

// lowerGELUTanh writes ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
func lowerGELUTanh(e *exporter, n *graph.Node, _ ops.Attrs, in []string) (string, error) {
	c, err := e.consts(n, math.Sqrt(2/math.Pi), 0.044715, 1, 0.5)
	if err != nil {
		return "", err
	}
	x := in[0]
	x3 := e.emit("Mul", []string{e.emit("Mul", []string{x, x}), x})
	inner := e.emit("Mul", []string{e.emit("Add", []string{x, e.emit("Mul", []string{x3, c[1]})}), c[0]})
	t := e.emit("Add", []string{e.emit("Tanh", []string{inner}), c[2]})
	return e.emit("Mul", []string{e.emit("Mul", []string{x, c[3]}), t}), nil
}

// consts returns scalar initializers of n's dtype.
func (e *exporter) consts(n *graph.Node, vs ...float64) ([]string, error) {
	out := make([]string, len(vs))
	for i, v := range vs {
		s, err := e.scalar(n.Dtype(), v)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// lowerClamp writes Clip, whose bounds are operands since opset 11.
func lowerClamp(e *exporter, n *graph.Node, a ops.Attrs, in []string) (string, error) {
	c, err := e.consts(n, a.Scalars[0], a.Scalars[1])
	if err != nil {
		return "", err
	}
	return e.emit("Clip", []string{in[0], c[0], c[1]}), nil
}

func lowerPow(e *exporter, n *graph.Node, a ops.Attrs, in []string) (string, error) {
	p, err := e.scalar(n.Dtype(), a.Scalars[0])
	return e.emit("Pow", []string{in[0], p}), err
}

// lowerGreater writes Greater, whose result is bool in ONNX, cast to the
// 0/1 floats chainrule's Greater gives.
func lowerGreater(e *exporter, n *graph.Node, _ ops.Attrs, in []string) (string, error) {
	et, err := elemType(n.Dtype())
	if err != nil {
		return "", err
	}
	return e.emit("Cast", []string{e.emit("Greater", in)}, attrInt("to", int(et))), nil
}

// lowerWhere writes Where on the condition cast to bool (non-zero is true,
// as in chainrule's Where).
func lowerWhere(e *exporter, _ *graph.Node, _ ops.Attrs, in []string) (string, error) {
	cond := e.emit("Cast", in[:1], attrInt("to", int(pb.TensorProto_BOOL)))
	return e.emit("Where", []string{cond, in[1], in[2]}), nil
}

// lowerMatMul writes MatMul, or Gemm when an operand is transposed.
func lowerMatMul(e *exporter, _ *graph.Node, a ops.Attrs, in []string) (string, error) {
	if !a.TransA && !a.TransB {
		return e.emit("MatMul", in), nil
	}
	return e.emit("Gemm", in, attrInt("transA", b2i(a.TransA)), attrInt("transB", b2i(a.TransB))), nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// lowerReshape writes Reshape to the target shape, with -1 where the
// symbolic batch goes.
func lowerReshape(e *exporter, n *graph.Node, a ops.Attrs, in []string) (string, error) {
	return e.reshape(in[0], a.Shape, e.batch[n]), nil
}

func (e *exporter) reshape(x string, to []int, sym int) string {
	s := append([]int(nil), to...)
	if sym >= 0 {
		s[sym] = -1
	}
	return e.emit("Reshape", []string{x, e.ints("shape", s...)})
}

func lowerTranspose(e *exporter, _ *graph.Node, a ops.Attrs, in []string) (string, error) {
	return e.emit("Transpose", in, attrInts("perm", a.Perm...)), nil
}

func lowerSlice(e *exporter, _ *graph.Node, a ops.Attrs, in []string) (string, error) {
	return e.emit("Slice", []string{in[0], e.ints("starts", a.Start), e.ints("ends", a.End), e.ints("axes", a.Axis)}), nil
}

// lowerPad writes Pad in constant mode: pads lists every dimension's
// before-width, then every after-width.
func lowerPad(e *exporter, n *graph.Node, a ops.Attrs, in []string) (string, error) {
	pads := make([]int, 2*len(a.Widths))
	for i, w := range a.Widths {
		pads[i], pads[len(a.Widths)+i] = w[0], w[1]
	}
	v, err := e.scalar(n.Dtype(), a.Scalars[0])
	return e.emit("Pad", []string{in[0], e.ints("pads", pads...), v}), err
}

func lowerMax(e *exporter, _ *graph.Node, a ops.Attrs, in []string) (string, error) {
	return e.emit("ReduceMax", in, attrInts("axes", a.Axis), attrInt("keepdims", 0)), nil
}

func lowerArgMax(e *exporter, _ *graph.Node, a ops.Attrs, in []string) (string, error) {
	return e.emit("ArgMax", in, attrInt("axis", a.Axis), attrInt("keepdims", 0)), nil
}

// lowerSumTo writes ReduceSum (axes an operand since opset 13) over the
// dimensions SumTo sums, keeping them, then Reshape when SumTo also drops
// leading dimensions.
func lowerSumTo(e *exporter, n *graph.Node, a ops.Attrs, in []string) (string, error) {
	xs, to := n.Inputs()[0].Shape(), a.Shape
	lead := len(xs) - len(to)
	var axes []int
	for i, d := range xs {
		if i < lead || (to[i-lead] == 1 && d != 1) {
			axes = append(axes, i)
		}
	}
	v := in[0]
	if len(axes) > 0 { // no axes would mean "all" to ReduceSum
		v = e.emit("ReduceSum", []string{v, e.ints("axes", axes...)}, attrInt("keepdims", 1))
	}
	if lead > 0 {
		v = e.reshape(v, to, e.batch[n])
	}
	return v, nil
}

// lowerBroadcastTo writes Expand, with 1 (keep) where the symbolic batch is.
func lowerBroadcastTo(e *exporter, n *graph.Node, a ops.Attrs, in []string) (string, error) {
	s := append([]int(nil), a.Shape...)
	if d := e.batch[n]; d >= 0 {
		s[d] = 1
	}
	return e.emit("Expand", []string{in[0], e.ints("shape", s...)}), nil
}

func lowerConv(e *exporter, n *graph.Node, a ops.Attrs, in []string) (string, error) {
	ws := n.Inputs()[1].Shape()
	c := a.Conv
	return e.emit("Conv", in,
		attrInts("kernel_shape", ws[2], ws[3]),
		attrInts("strides", c.Stride[0], c.Stride[1]),
		attrInts("pads", c.Padding[0], c.Padding[1], c.Padding[0], c.Padding[1]),
		attrInts("dilations", c.Dilation[0], c.Dilation[1]),
		attrInt("group", c.Groups)), nil
}

// pool writes MaxPool or AveragePool; chainrule's average pool counts the
// padding (count_include_pad=1, PyTorch's default).
func pool(op string) lowering {
	return func(e *exporter, _ *graph.Node, a ops.Attrs, in []string) (string, error) {
		p := a.Pool
		attrs := []*pb.AttributeProto{
			attrInts("kernel_shape", p.Kernel[0], p.Kernel[1]),
			attrInts("strides", p.Stride[0], p.Stride[1]),
			attrInts("pads", p.Padding[0], p.Padding[1], p.Padding[0], p.Padding[1]),
		}
		if op == "AveragePool" {
			attrs = append(attrs, attrInt("count_include_pad", 1))
		}
		return e.emit(op, in, attrs...), nil
	}
}

// lowerOneHot writes OneHot with values [0, 1] of the result's dtype along
// a new last axis.
func lowerOneHot(e *exporter, n *graph.Node, a ops.Attrs, in []string) (string, error) {
	vals, err := e.pair(n, 0, 1)
	if err != nil {
		return "", err
	}
	return e.emit("OneHot", []string{in[0], e.ints("depth", a.Classes), vals}, attrInt("axis", -1)), nil
}

// pair returns a rank-1 initializer [lo, hi] of n's dtype.
func (e *exporter) pair(n *graph.Node, lo, hi float64) (string, error) {
	var v *tensor.Dense
	switch n.Dtype() {
	case tensor.Float32:
		v = tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{float32(lo), float32(hi)}))
	case tensor.Float64:
		v = tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{lo, hi}))
	default:
		return "", errors.Errorf("no values of dtype %v", n.Dtype())
	}
	name := e.fresh("values")
	tp, err := tensorProto(name, v)
	if err != nil {
		return "", err
	}
	e.g.Initializer = append(e.g.Initializer, tp)
	return name, nil
}
