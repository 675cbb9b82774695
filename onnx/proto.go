package onnx

import (
	"encoding/binary"
	"math"

	pb "github.com/advancedclimatesystems/gonnx/onnx"
	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// elemType returns the ONNX element type of a chainrule dtype.
func elemType(dt tensor.Dtype) (pb.TensorProto_DataType, error) {
	switch dt {
	case tensor.Float32:
		return pb.TensorProto_FLOAT, nil
	case tensor.Float64:
		return pb.TensorProto_DOUBLE, nil
	case tensor.Int, tensor.Int64:
		return pb.TensorProto_INT64, nil
	case tensor.Int32:
		return pb.TensorProto_INT32, nil
	case tensor.Bool:
		return pb.TensorProto_BOOL, nil
	}
	return 0, errors.Errorf("dtype %v has no ONNX element type here (want float32, float64 or int)", dt)
}

// tensorProto returns v as an initializer named name, its elements as
// little-endian raw data.
func tensorProto(name string, v *tensor.Dense) (*pb.TensorProto, error) {
	et, err := elemType(v.Dtype())
	if err != nil {
		return nil, err
	}
	tp := &pb.TensorProto{Name: name, DataType: int32(et), Dims: dims64(v.Shape())}
	switch d := v.Data().(type) {
	case []float32:
		tp.RawData = make([]byte, 4*len(d))
		for i, x := range d {
			binary.LittleEndian.PutUint32(tp.RawData[4*i:], math.Float32bits(x))
		}
	case []float64:
		tp.RawData = make([]byte, 8*len(d))
		for i, x := range d {
			binary.LittleEndian.PutUint64(tp.RawData[8*i:], math.Float64bits(x))
		}
	case float32: // a scalar tensor's Data is the element itself
		tp.RawData = binary.LittleEndian.AppendUint32(nil, math.Float32bits(d))
	case float64:
		tp.RawData = binary.LittleEndian.AppendUint64(nil, math.Float64bits(d))
	case []int:
		tp.RawData = make([]byte, 8*len(d))
		for i, x := range d {
			binary.LittleEndian.PutUint64(tp.RawData[8*i:], uint64(int64(x)))
		}
	case int:
		tp.RawData = binary.LittleEndian.AppendUint64(nil, uint64(int64(d)))
	case []int64:
		tp.RawData = make([]byte, 8*len(d))
		for i, x := range d {
			binary.LittleEndian.PutUint64(tp.RawData[8*i:], uint64(x))
		}
	case []int32:
		tp.RawData = make([]byte, 4*len(d))
		for i, x := range d {
			binary.LittleEndian.PutUint32(tp.RawData[4*i:], uint32(x))
		}
	default:
		return nil, errors.Errorf("tensor %q: cannot read elements of type %T", name, d)
	}
	return tp, nil
}

// scalarProto returns a rank-0 initializer of element type dt holding v.
func scalarProto(name string, dt tensor.Dtype, v float64) (*pb.TensorProto, error) {
	switch dt {
	case tensor.Float32:
		return tensorProto(name, tensor.New(tensor.WithShape(), tensor.WithBacking([]float32{float32(v)})))
	case tensor.Float64:
		return tensorProto(name, tensor.New(tensor.WithShape(), tensor.WithBacking([]float64{v})))
	case tensor.Int, tensor.Int64:
		return tensorProto(name, tensor.New(tensor.WithShape(), tensor.WithBacking([]int64{int64(v)})))
	}
	return nil, errors.Errorf("no scalar of dtype %v", dt)
}

// int64sProto returns a rank-1 INT64 initializer.
func int64sProto(name string, v []int64) *pb.TensorProto {
	tp := &pb.TensorProto{Name: name, DataType: int32(pb.TensorProto_INT64), Dims: []int64{int64(len(v))}}
	tp.RawData = make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(tp.RawData[8*i:], uint64(x))
	}
	return tp
}

func dims64(s []int) []int64 {
	out := make([]int64, len(s))
	for i, d := range s {
		out[i] = int64(d)
	}
	return out
}

func ints64(s []int) []int64 { return dims64(s) }

// valueInfo returns a tensor's declared type: its element type and shape,
// dimension sym (when >= 0) named param, or left unknown when param is "".
func valueInfo(name string, et pb.TensorProto_DataType, shape []int, sym int, param string) *pb.ValueInfoProto {
	dims := make([]*pb.TensorShapeProto_Dimension, len(shape))
	for i, d := range shape {
		switch {
		case i == sym && param != "":
			dims[i] = &pb.TensorShapeProto_Dimension{Value: &pb.TensorShapeProto_Dimension_DimParam{DimParam: param}}
		case i == sym:
			dims[i] = &pb.TensorShapeProto_Dimension{}
		default:
			dims[i] = &pb.TensorShapeProto_Dimension{Value: &pb.TensorShapeProto_Dimension_DimValue{DimValue: int64(d)}}
		}
	}
	return &pb.ValueInfoProto{Name: name, Type: &pb.TypeProto{Value: &pb.TypeProto_TensorType{
		TensorType: &pb.TypeProto_Tensor{ElemType: int32(et), Shape: &pb.TensorShapeProto{Dim: dims}},
	}}}
}

// Attribute constructors.

func attrInt(name string, v int) *pb.AttributeProto {
	return &pb.AttributeProto{Name: name, Type: pb.AttributeProto_INT, I: int64(v)}
}

func attrInts(name string, v ...int) *pb.AttributeProto {
	return &pb.AttributeProto{Name: name, Type: pb.AttributeProto_INTS, Ints: ints64(v)}
}

func attrFloat(name string, v float64) *pb.AttributeProto {
	return &pb.AttributeProto{Name: name, Type: pb.AttributeProto_FLOAT, F: float32(v)}
}
