package onnx

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/advancedclimatesystems/gonnx"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// randomGraph builds a float32 graph from the fuzzer's bytes: an input
// [batch, 4], and each byte pair applies one op of a menu to earlier nodes
// whose shapes fit it. It returns the last node.
func randomGraph(data []byte, batch int) *graph.Node {
	g := graph.New(graph.WithDtype(tensor.Float32))
	r := rand.New(rand.NewPCG(1, 2))
	nodes := []*graph.Node{g.Input("x", tensor.Float32, batch, 4), g.Param("p", randTensor(r, 4)), g.Param("W", randTensor(r, 4, 4))}
	pick := func(b byte) *graph.Node { return nodes[int(b)%len(nodes)] }
	for i := 0; i+1 < len(data); i += 2 {
		x := pick(data[i+1])
		y := nodes[len(nodes)-1]
		s := x.Shape()
		var n *graph.Node
		switch data[i] % 16 {
		case 0:
			n = ops.Tanh(x)
		case 1:
			n = ops.Sigmoid(x)
		case 2:
			n = ops.Exp(ops.Neg(ops.Abs(x)))
		case 3, 4:
			if b, err := graph.Broadcast(s, y.Shape()); err == nil && len(b) == max(len(s), len(y.Shape())) {
				n = ops.Add(x, y)
			}
		case 5:
			if b, err := graph.Broadcast(s, y.Shape()); err == nil && len(b) > 0 {
				n = ops.Maximum(ops.Mul(x, y), y)
			}
		case 6:
			if len(s) == 2 && s[1] == 4 {
				n = ops.MatMul(x, nodes[2])
			}
		case 7:
			if len(s) == 2 {
				n = ops.Transpose(x, 1, 0)
			}
		case 8:
			if len(s) >= 1 {
				n = ops.Reshape(x, 1, -1)
			}
		case 9:
			if len(s) == 2 && s[1] > 1 {
				n = ops.Slice(x, 1, 1, s[1])
			}
		case 10:
			if len(s) >= 1 {
				n = ops.SumKeep(x, len(s)-1)
			}
		case 11:
			if len(s) >= 1 {
				n = ops.Softmax(x, -1)
			}
		case 12:
			if len(s) == 2 {
				n = ops.Concat(1, x, x)
			}
		case 13:
			if len(s) == 2 {
				n = ops.Pad(x, 0, [2]int{}, [2]int{1, 0})
			}
		case 14:
			if len(s) >= 1 {
				n = ops.Max(x, len(s)-1)
			}
		case 15:
			if len(s) == 2 {
				n = ops.Sum(x)
			}
		}
		if n != nil && !n.Bad() {
			nodes = append(nodes, n)
		}
	}
	return nodes[len(nodes)-1]
}

// gonnxOps are the ONNX ops of randomGraph's menu that gonnx runs.
var gonnxOps = map[string]bool{"Tanh": true, "Sigmoid": true, "Add": true, "Mul": true, "MatMul": true,
	"Transpose": true, "Reshape": true, "Slice": true, "Softmax": true, "Concat": true, "Abs": true}

// FuzzExport exports random graphs with and without a symbolic batch: the
// export either errors (never with an internal error, and writing nothing)
// or writes a model gonnx parses; when every op of a fixed-shape export is
// one gonnx runs, gonnx's result equals chainrule's to 1e-5, relative to
// max(1, |value|) (a chain of adds grows the values, and float32 rounding
// with them).
func FuzzExport(f *testing.F) {
	f.Add([]byte{6, 0, 0, 3, 11, 3})
	f.Add([]byte{8, 0, 9, 3, 10, 4, 15, 5})
	f.Add([]byte{7, 0, 6, 3, 12, 4, 13, 5, 14, 6})
	f.Add([]byte{6, 0, 1, 3, 3, 0, 7, 4, 12, 5, 11, 6})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64 {
			data = data[:64]
		}
		for _, sym := range []bool{false, true} {
			y := randomGraph(data, 1)
			var buf bytes.Buffer
			err := Export(&buf, []*graph.Node{y}, Options{SymbolicBatch: sym})
			if err != nil {
				if strings.Contains(err.Error(), "internal error") || buf.Len() != 0 {
					t.Fatalf("symbolic %v: %v (%d bytes written)", sym, err, buf.Len())
				}
				continue
			}
			if _, err := gonnx.NewModelFromBytes(buf.Bytes()); err != nil {
				t.Fatalf("symbolic %v: gonnx cannot read the export: %v", sym, err)
			}
			m := decode(t, buf.Bytes())
			runnable := !sym && len(m.Graph.Input) == 1 && len(m.Graph.Node) > 0
			for _, n := range m.Graph.Node {
				runnable = runnable && gonnxOps[n.OpType]
			}
			for _, n := range y.Graph().Nodes() {
				// gonnx's Slice drops the sliced axis when one element of it
				// is kept ([4, 4] sliced 1:2 along axis 1 comes back [4],
				// not [4, 1]), which the next op then broadcasts wrongly:
				// not a reading of the export.
				if a, ok := ops.Describe(n); ok && a.Op == "Slice" && a.End-a.Start == 1 {
					runnable = false
				}
			}
			if !runnable {
				continue
			}
			x := y.Graph().ByName("x")
			xv := randTensor(rand.New(rand.NewPCG(3, 3)), x.Shape()...)
			want := runChainrule(t, model{outputs: []*graph.Node{y}, inputs: []*graph.Node{x}}, []*tensor.Dense{xv})
			got := runGonnx(t, buf.Bytes(), []string{"x"}, []*tensor.Dense{xv})[0]
			if d := relDiff(want[0], got); d > 1e-5 {
				t.Fatalf("gonnx differs from chainrule by %g relative (ops %v)", d, opTypes(m))
			}
		}
	})
}

// relDiff is maxDiff relative to max(1, |a|) element by element.
func relDiff(a *tensor.Dense, b tensor.Tensor) float64 {
	if !a.Shape().Eq(b.Shape()) {
		return math.Inf(1)
	}
	x, y := a.Data().([]float32), b.Data().([]float32)
	d := 0.0
	for i := range x {
		e := math.Abs(float64(x[i])-float64(y[i])) / max(1, math.Abs(float64(x[i])))
		if math.IsNaN(e) {
			return math.Inf(1)
		}
		d = max(d, e)
	}
	return d
}
