package onnx

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	pb "github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// A structCase is a model using ops gonnx does not run: the test decodes the
// exported file and checks its nodes, attributes and initializers.
type structCase struct {
	name  string
	build func() (model, Options)
	check func(t *testing.T, m *pb.ModelProto)
}

func decode(t *testing.T, file []byte) *pb.ModelProto {
	t.Helper()
	m := &pb.ModelProto{}
	if err := proto.Unmarshal(file, m); err != nil {
		t.Fatal(err)
	}
	return m
}

// opTypes returns the op types of m's nodes in order.
func opTypes(m *pb.ModelProto) []string {
	var s []string
	for _, n := range m.Graph.Node {
		s = append(s, n.OpType)
	}
	return s
}

// nodeOf returns m's first node of the op type, failing the test if none.
func nodeOf(t *testing.T, m *pb.ModelProto, op string) *pb.NodeProto {
	t.Helper()
	for _, n := range m.Graph.Node {
		if n.OpType == op {
			return n
		}
	}
	t.Fatalf("no %s node in %v", op, opTypes(m))
	return nil
}

func attr(t *testing.T, n *pb.NodeProto, name string) *pb.AttributeProto {
	t.Helper()
	for _, a := range n.Attribute {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("%s node has no attribute %s", n.OpType, name)
	return nil
}

// initValues returns an initializer's elements as float64s.
func initValues(t *testing.T, m *pb.ModelProto, name string) (dims []int64, v []float64) {
	t.Helper()
	for _, tp := range m.Graph.Initializer {
		if tp.Name != name {
			continue
		}
		switch pb.TensorProto_DataType(tp.DataType) {
		case pb.TensorProto_FLOAT:
			for i := 0; i < len(tp.RawData); i += 4 {
				v = append(v, float64(math.Float32frombits(binary.LittleEndian.Uint32(tp.RawData[i:]))))
			}
		case pb.TensorProto_DOUBLE:
			for i := 0; i < len(tp.RawData); i += 8 {
				v = append(v, math.Float64frombits(binary.LittleEndian.Uint64(tp.RawData[i:])))
			}
		case pb.TensorProto_INT64:
			for i := 0; i < len(tp.RawData); i += 8 {
				v = append(v, float64(int64(binary.LittleEndian.Uint64(tp.RawData[i:]))))
			}
		default:
			t.Fatalf("initializer %s has type %d", name, tp.DataType)
		}
		return tp.Dims, v
	}
	t.Fatalf("no initializer %s", name)
	return nil, nil
}

func wantInit(t *testing.T, m *pb.ModelProto, name string, want ...float64) {
	t.Helper()
	_, v := initValues(t, m, name)
	if !slices.Equal(v, want) {
		t.Errorf("initializer %s = %v, want %v", name, v, want)
	}
}

func wantInts(t *testing.T, n *pb.NodeProto, name string, want ...int64) {
	t.Helper()
	if a := attr(t, n, name); !slices.Equal(a.Ints, want) {
		t.Errorf("%s.%s = %v, want %v", n.OpType, name, a.Ints, want)
	}
}

func wantInt(t *testing.T, n *pb.NodeProto, name string, want int64) {
	t.Helper()
	if a := attr(t, n, name); a.I != want {
		t.Errorf("%s.%s = %d, want %d", n.OpType, name, a.I, want)
	}
}

func wantOps(t *testing.T, m *pb.ModelProto, want ...string) {
	t.Helper()
	if got := opTypes(m); !slices.Equal(got, want) {
		t.Errorf("nodes %v, want %v", got, want)
	}
}

// f32 builds a float32 graph with an input x [1, k] and a param of the given
// shape drawn from a seeded source.
func f32(k int) (*graph.Graph, *graph.Node, *rand.Rand) {
	g := graph.New(graph.WithDtype(tensor.Float32))
	return g, g.Input("x", tensor.Float32, 1, k), rand.New(rand.NewPCG(3, 4))
}

func sym(outs ...*graph.Node) (model, Options) {
	return model{outputs: outs}, Options{SymbolicBatch: true}
}

// structCases are the exported ops gonnx lacks, one model each, with the
// ONNX form each must take.
func structCases() []structCase {
	return []structCase{
		{"unary", func() (model, Options) {
			_, x, _ := f32(4)
			return sym(ops.Neg(ops.Sqrt(ops.Exp(ops.Log(ops.Abs(ops.Erf(x)))))), ops.StopGradient(ops.Softplus(x)))
		}, func(t *testing.T, m *pb.ModelProto) {
			wantOps(t, m, "Erf", "Abs", "Log", "Exp", "Sqrt", "Neg", "Softplus") // StopGradient is the value itself
		}},
		{"square-pow", func() (model, Options) {
			_, x, _ := f32(4)
			return sym(ops.Pow(ops.Square(x), 2.5))
		}, func(t *testing.T, m *pb.ModelProto) {
			wantOps(t, m, "Mul", "Pow")
			mul := nodeOf(t, m, "Mul")
			if mul.Input[0] != "x" || mul.Input[1] != "x" {
				t.Errorf("Square is Mul%v, want Mul(x, x)", mul.Input)
			}
			wantInit(t, m, nodeOf(t, m, "Pow").Input[1], 2.5)
		}},
		{"alpha", func() (model, Options) {
			_, x, _ := f32(4)
			return sym(ops.LeakyReLU(x, 0.25), ops.ELU(x, 0.5))
		}, func(t *testing.T, m *pb.ModelProto) {
			wantOps(t, m, "LeakyRelu", "Elu")
			if a := attr(t, nodeOf(t, m, "LeakyRelu"), "alpha"); a.F != 0.25 {
				t.Errorf("LeakyRelu alpha %g, want 0.25", a.F)
			}
			if a := attr(t, nodeOf(t, m, "Elu"), "alpha"); a.F != 0.5 {
				t.Errorf("Elu alpha %g, want 0.5", a.F)
			}
		}},
		{"clip", func() (model, Options) {
			_, x, _ := f32(4)
			return sym(ops.Clamp(x, -0.5, 2))
		}, func(t *testing.T, m *pb.ModelProto) {
			wantOps(t, m, "Clip")
			c := nodeOf(t, m, "Clip")
			if len(c.Input) != 3 {
				t.Fatalf("Clip has inputs %v, want x, min, max (opset 13)", c.Input)
			}
			wantInit(t, m, c.Input[1], -0.5)
			wantInit(t, m, c.Input[2], 2)
		}},
		{"gelu", func() (model, Options) {
			_, x, _ := f32(4)
			return sym(ops.GELU(x))
		}, func(t *testing.T, m *pb.ModelProto) {
			// x·½·(1 + erf(x/√2))
			wantOps(t, m, "Mul", "Erf", "Mul", "Add", "Mul")
			wantInit(t, m, m.Graph.Node[0].Input[1], float64(float32(1/math.Sqrt2)))
		}},
		{"gelu-tanh-silu-expm1-log1p", func() (model, Options) {
			_, x, _ := f32(4)
			return sym(ops.GELUTanh(x), ops.SiLU(x), ops.Expm1(x), ops.Log1p(x))
		}, func(t *testing.T, m *pb.ModelProto) {
			wantOps(t, m, "Mul", "Mul", "Mul", "Add", "Mul", "Tanh", "Add", "Mul", "Mul",
				"Sigmoid", "Mul", "Exp", "Sub", "Add", "Log")
		}},
		{"compare", func() (model, Options) {
			g, x, r := f32(4)
			p := g.Param("p", randTensor(r, 4))
			gt := ops.Greater(x, p)
			return sym(gt, ops.Where(gt, x, p), ops.Maximum(x, p), ops.Minimum(x, g.Scalar(0)))
		}, func(t *testing.T, m *pb.ModelProto) {
			wantOps(t, m, "Greater", "Cast", "Cast", "Where", "Max", "Min")
			wantInt(t, m.Graph.Node[1], "to", int64(pb.TensorProto_FLOAT))
			wantInt(t, m.Graph.Node[2], "to", int64(pb.TensorProto_BOOL))
		}},
		{"reduce", func() (model, Options) {
			_, x, _ := f32(6)
			x3 := ops.Reshape(x, 1, 2, 3)
			return sym(ops.Sum(x3, 2), ops.SumKeep(x3, 1), ops.Max(x3, 1), ops.LogSoftmax(x3, 2), ops.ArgMax(x3, 2))
		}, func(t *testing.T, m *pb.ModelProto) {
			wantOps(t, m, "Reshape", "ReduceSum", "Reshape", "ReduceSum", "ReduceMax", "LogSoftmax", "ArgMax")
			n := m.Graph.Node
			wantInit(t, m, n[0].Input[1], -1, 2, 3) // the batch stays -1
			wantInit(t, m, n[1].Input[1], 2)
			wantInt(t, n[1], "keepdims", 1)
			wantInit(t, m, n[2].Input[1], -1, 2)
			wantInit(t, m, n[3].Input[1], 1)
			wantInts(t, n[4], "axes", 1)
			wantInt(t, n[4], "keepdims", 0)
			wantInt(t, n[5], "axis", 2)
			wantInt(t, n[6], "axis", 2)
			wantInt(t, n[6], "keepdims", 0)
			if et := m.Graph.Output[4].Type.GetTensorType().ElemType; et != int32(pb.TensorProto_INT64) {
				t.Errorf("ArgMax output type %d, want INT64", et)
			}
		}},
		{"pad-expand", func() (model, Options) {
			_, x, _ := f32(3)
			return sym(ops.Pad(x, 0.5, [2]int{}, [2]int{1, 2}), ops.BroadcastTo(ops.Reshape(x, 1, 1, 3), 1, 4, 3))
		}, func(t *testing.T, m *pb.ModelProto) {
			wantOps(t, m, "Pad", "Reshape", "Expand")
			p := nodeOf(t, m, "Pad")
			wantInit(t, m, p.Input[1], 0, 1, 0, 2)
			wantInit(t, m, p.Input[2], 0.5)
			wantInit(t, m, nodeOf(t, m, "Expand").Input[1], 1, 4, 3) // 1 keeps the batch
		}},
		{"slice-adjoint", func() (model, Options) {
			g := graph.New(graph.WithDtype(tensor.Float32))
			p := g.Param("p", randTensor(rand.New(rand.NewPCG(5, 6)), 2, 6))
			d, err := autodiff.Grad(ops.Sum(ops.Square(ops.Slice(p, 1, 1, 4))), p)
			if err != nil {
				panic(err)
			}
			return model{outputs: d}, Options{}
		}, func(t *testing.T, m *pb.ModelProto) {
			p := nodeOf(t, m, "Pad")
			wantInit(t, m, p.Input[1], 0, 1, 0, 2)
		}},
		{"pool-conv-groups", func() (model, Options) {
			g := graph.New(graph.WithDtype(tensor.Float32))
			x := g.Input("image", tensor.Float32, 1, 4, 8, 8)
			w := g.Param("w", randTensor(rand.New(rand.NewPCG(7, 8)), 6, 2, 3, 3))
			c := ops.Conv2D(x, w, ops.Conv2DOptions{Stride: [2]int{1, 2}, Padding: [2]int{2, 1}, Dilation: [2]int{2, 1}, Groups: 2})
			mp := ops.MaxPool2D(c, ops.Pool2DOptions{Kernel: [2]int{2, 2}, Padding: [2]int{1, 0}})
			ap := ops.AvgPool2D(x, ops.Pool2DOptions{Kernel: [2]int{3, 3}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}})
			return sym(mp, ap)
		}, func(t *testing.T, m *pb.ModelProto) {
			wantOps(t, m, "Conv", "MaxPool", "AveragePool")
			c := nodeOf(t, m, "Conv")
			wantInts(t, c, "kernel_shape", 3, 3)
			wantInts(t, c, "strides", 1, 2)
			wantInts(t, c, "pads", 2, 1, 2, 1)
			wantInts(t, c, "dilations", 2, 1)
			wantInt(t, c, "group", 2)
			mp := nodeOf(t, m, "MaxPool")
			wantInts(t, mp, "kernel_shape", 2, 2)
			wantInts(t, mp, "strides", 2, 2) // the default stride is the kernel
			wantInts(t, mp, "pads", 1, 0, 1, 0)
			ap := nodeOf(t, m, "AveragePool")
			wantInts(t, ap, "strides", 2, 2)
			wantInts(t, ap, "pads", 1, 1, 1, 1)
			wantInt(t, ap, "count_include_pad", 1)
		}},
		{"onehot", func() (model, Options) {
			g := graph.New(graph.WithDtype(tensor.Float32))
			labels := g.Input("labels", tensor.Int, 1)
			return sym(ops.OneHot(labels, 4, tensor.Float32))
		}, func(t *testing.T, m *pb.ModelProto) {
			wantOps(t, m, "OneHot")
			n := nodeOf(t, m, "OneHot")
			wantInit(t, m, n.Input[1], 4)
			wantInit(t, m, n.Input[2], 0, 1)
			if et := m.Graph.Input[0].Type.GetTensorType().ElemType; et != int32(pb.TensorProto_INT64) {
				t.Errorf("labels type %d, want INT64", et)
			}
		}},
		{"alias-outputs", func() (model, Options) {
			_, x, _ := f32(3)
			d := ops.Dropout(x, 0.5, 1)
			return model{outputs: []*graph.Node{d, ops.StopGradient(ops.Tanh(x)), d}}, Options{SymbolicBatch: true, OutputNames: []string{"y", "t", "y2"}}
		}, func(t *testing.T, m *pb.ModelProto) {
			// Dropout is x itself, so output y copies the input; StopGradient
			// is the Tanh, renamed t; y2 copies x too.
			wantOps(t, m, "Tanh", "Identity", "Identity")
			n := m.Graph.Node
			if n[0].Output[0] != "t" || n[1].Input[0] != "x" || n[1].Output[0] != "y" || n[2].Input[0] != "x" || n[2].Output[0] != "y2" {
				t.Errorf("nodes %v", n)
			}
		}},
		{"float64-fixed", func() (model, Options) {
			g := graph.New()
			x := g.Input("x", tensor.Float64, 3, 2)
			w := g.Param("W", tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{0.9, 0.3, 0.2, 0.8})))
			return model{outputs: []*graph.Node{ops.Sigmoid(ops.MatMul(x, w)), x}}, Options{OutputNames: []string{"o", "x_copy"}}
		}, func(t *testing.T, m *pb.ModelProto) {
			wantOps(t, m, "MatMul", "Sigmoid", "Identity")
			wantInit(t, m, "W", 0.9, 0.3, 0.2, 0.8)
			in := m.Graph.Input[0].Type.GetTensorType()
			if in.ElemType != int32(pb.TensorProto_DOUBLE) || in.Shape.Dim[0].GetDimValue() != 3 || in.Shape.Dim[0].GetDimParam() != "" {
				t.Errorf("input type %v, want DOUBLE with a fixed batch of 3", in)
			}
			if m.Graph.Output[0].Name != "o" || m.Graph.Output[1].Name != "x_copy" {
				t.Errorf("outputs %v, %v, want o, x_copy", m.Graph.Output[0].Name, m.Graph.Output[1].Name)
			}
		}},
	}
}

// TestExportStructure checks the ONNX form of every op gonnx cannot run.
func TestExportStructure(t *testing.T) {
	for _, c := range structCases() {
		t.Run(c.name, func(t *testing.T) {
			mo, opts := c.build()
			m := decode(t, exportBytes(t, mo, opts))
			c.check(t, m)
		})
	}
}

// TestExportModelProto checks the model-level fields and the symbolic batch
// on the exported DFF: opset 13, IR version 7, params as initializers under
// their own names, the input and output with dim_param "batch".
func TestExportModelProto(t *testing.T) {
	var dff runCase
	for _, c := range runCases() {
		if c.name == "dff" {
			dff = c
		}
	}
	mo := dff.build(1)
	m := decode(t, exportBytes(t, mo, Options{SymbolicBatch: true, OutputNames: []string{"probs"}}))
	if m.IrVersion != 7 || len(m.OpsetImport) != 1 || m.OpsetImport[0].Version != 13 || m.OpsetImport[0].Domain != "" {
		t.Errorf("ir_version %d, opset %v; want 7 and the default domain at 13", m.IrVersion, m.OpsetImport)
	}
	if m.ProducerName != "chainrule" {
		t.Errorf("producer %q", m.ProducerName)
	}
	var names []string
	for _, tp := range m.Graph.Initializer {
		names = append(names, tp.Name)
	}
	if want := []string{"W1", "b1", "W2", "b2", "W3", "b3"}; !slices.Equal(names, want) {
		t.Errorf("initializers %v, want %v", names, want)
	}
	if len(m.Graph.Input) != 1 || m.Graph.Input[0].Name != "x" {
		t.Fatalf("inputs %v, want x alone (the target t is not needed)", m.Graph.Input)
	}
	for _, v := range []*pb.ValueInfoProto{m.Graph.Input[0], m.Graph.Output[0]} {
		d := v.Type.GetTensorType().Shape.Dim
		if len(d) != 2 || d[0].GetDimParam() != "batch" || d[1].GetDimParam() != "" {
			t.Errorf("%s has dims %v, want [batch, n]", v.Name, d)
		}
	}
	if m.Graph.Output[0].Name != "probs" || m.Graph.Node[len(m.Graph.Node)-1].Output[0] != "probs" {
		t.Errorf("output %q, want probs made by the last node", m.Graph.Output[0].Name)
	}
	// Export is deterministic.
	if a, b := exportBytes(t, mo, Options{SymbolicBatch: true}), exportBytes(t, mo, Options{SymbolicBatch: true}); string(a) != string(b) {
		t.Error("two exports of one graph differ")
	}
}
