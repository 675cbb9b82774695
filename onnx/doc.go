// Package onnx exports chainrule graphs as ONNX models, so that a model
// trained here can be served by ONNX Runtime, Triton or any other ONNX
// reader (see docs/interop.md).
//
//	var buf bytes.Buffer
//	err := onnx.Export(&buf, []*graph.Node{probs}, onnx.Options{SymbolicBatch: true, OutputNames: []string{"probs"}})
//
// ExportModel does the same for a layers.Model: its evaluation graph, built
// at batch 1 with a symbolic batch, input "input", output "output", and the
// params under their store names:
//
//	err := onnx.ExportModel(&buf, m, onnx.Options{})
//
// Export writes the part of the graph the outputs depend on: the inputs
// they read become graph inputs, params become initializers under their own
// names (so a model's weights keep the names they have in chainrule), and
// constants become initializers too. Gradient nodes can be exported as long
// as their ops have an ONNX form; the fused activation gradients and the
// convolution and pooling gradients have none.
//
// # Opset
//
// The models import the default ONNX domain at opset 13 (IR version 7).
// Opset 13 is read widely: ONNX Runtime has run it since 1.6 (and Triton
// serves it through its ONNX Runtime backend), and gonnx, the pure-Go
// runtime the tests check exports with, implements exactly opset 13. It has every op
// the graphs here need, with the newer calling conventions: Clip takes its
// bounds and ReduceSum its axes as operands. GELU, which has its own ONNX op
// only from opset 20, is written as x·½·(1 + Erf(x/√2)).
//
// # How ops are exported
//
// Each op node maps to one ONNX node where ONNX has the op, or to a short
// composite where it does not:
//
//	Add Sub Mul Div Neg Abs Exp Log Sqrt Tanh Sigmoid Erf Softplus   the same op
//	ReLU, LeakyReLU, ELU                Relu, LeakyRelu, Elu (alpha as attribute)
//	Maximum, Minimum                    Max, Min
//	Square                              Mul(x, x)
//	Pow(p)                              Pow(x, p)
//	Clamp(lo, hi)                       Clip(x, lo, hi)
//	GELU, GELUTanh, SiLU, Expm1, Log1p  Erf, Tanh, Sigmoid, Exp, Log composites
//	Greater                             Greater, Cast to the float type (ONNX's is bool)
//	Where                               Cast of the condition to bool, Where
//	MatMul                              MatMul; Gemm(transA, transB) when transposed
//	Softmax (Exp of LogSoftmax)         Softmax(axis)
//	LogSoftmax                          LogSoftmax(axis)
//	Sum, Mean (SumTo, Reshape)          ReduceSum(axes, keepdims 1), Reshape
//	Max, ArgMax                         ReduceMax, ArgMax (keepdims 0)
//	Reshape, Flatten                    Reshape (the batch as -1)
//	Transpose, Slice, Concat, Pad       the same op (Pad in constant mode)
//	BroadcastTo                         Expand (1 where the batch is)
//	Conv2D                              Conv(kernel_shape, strides, pads, dilations, group)
//	MaxPool2D, AvgPool2D                MaxPool, AveragePool(count_include_pad 1)
//	OneHot                              OneHot(depth, values [0, 1])
//	BatchMatMul                         MatMul, Transpose first where transposed
//	Gather                              Gather(axis 0)
//	StopGradient, Dropout               nothing: the operand itself (evaluation mode)
//
// Bias adds stay separate Add nodes (no Gemm fusion): every runtime fuses
// MatMul+Add itself. An op missing from the table is an error that names
// it, its node and the file:line where it was built.
//
// # The symbolic batch
//
// With Options.SymbolicBatch, dimension 0 of every input is declared as
// dim_param "batch", and the exporter follows that dimension through the
// graph: every Reshape writes -1 where it goes, every Expand 1, and the
// outputs that keep it declare "batch" too (or leave the dimension unnamed
// when it is a multiple of the batch, as in an RNN's one row per step). A
// graph built at batch 1 (as nets.Compile(net, 1, false) builds one) then
// runs at any batch size. What would tie the file to the build batch is an
// error: summing, slicing, concatenating, padding or reducing along the
// batch, a product that contracts it, or a broadcast that stretches it to
// another size. A size-1 dimension at the batch's position in a graph built
// at batch 1 is read as the batch itself, never as a reduced dimension, so
// reductions over the batch in such a graph show up as the Reshape to a
// scalar that follows them.
//
// # The protobuf types
//
// The ModelProto and its parts are the generated Go types of
// github.com/advancedclimatesystems/gonnx/onnx (protoc-gen-go output of
// ONNX's Apache-2.0 onnx.proto, IR version 8 schema), which need only
// google.golang.org/protobuf and gorgonia.org/tensor, both already
// dependencies of chainrule. The same module's runtime is the independent
// reader the tests run the exports with.
package onnx
