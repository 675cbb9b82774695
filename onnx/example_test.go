package onnx_test

import (
	"bytes"
	"fmt"

	pb "github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/onnx"
	"github.com/chainrule/chainrule/ops"
)

// The lecture's two-layer sigmoid net, built for one sample and exported
// with a symbolic batch: any number of rows runs through the file.
func ExampleExport() {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 1, 2)
	w := g.Param("W", tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{0.9, 0.2, 0.3, 0.8})))
	o := ops.Sigmoid(ops.MatMul(x, w))

	var buf bytes.Buffer
	if err := onnx.Export(&buf, []*graph.Node{o}, onnx.Options{SymbolicBatch: true, OutputNames: []string{"o"}}); err != nil {
		fmt.Println(err)
		return
	}

	m := &pb.ModelProto{}
	if err := proto.Unmarshal(buf.Bytes(), m); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("opset", m.OpsetImport[0].Version)
	for _, n := range m.Graph.Node {
		fmt.Println(n.OpType, n.Input, "->", n.Output)
	}
	fmt.Println("initializer", m.Graph.Initializer[0].Name, m.Graph.Initializer[0].Dims)
	for _, d := range m.Graph.Input[0].Type.GetTensorType().Shape.Dim {
		fmt.Printf("x dim %q %d\n", d.GetDimParam(), d.GetDimValue())
	}
	// Output:
	// opset 13
	// MatMul [x W] -> [MatMul_2]
	// Sigmoid [MatMul_2] -> [o]
	// initializer W [2 2]
	// x dim "batch" 0
	// x dim "" 2
}
