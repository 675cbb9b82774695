package onnx

import (
	"fmt"
	"strconv"

	pb "github.com/advancedclimatesystems/gonnx/onnx"
	"gorgonia.org/tensor"
)

// The exporter's naming of ONNX values and its node and constant emitters.

// fresh returns an unused value name based on s.
func (e *exporter) fresh(s string) string {
	name := s
	for k := 1; e.taken[name]; k++ {
		name = s + "_" + strconv.Itoa(k)
	}
	e.taken[name] = true
	return name
}

// rename renames value v to want when a node emitted at or after index
// first produced it, and reports whether it did.
func (e *exporter) rename(first int, v, want string) bool {
	for _, p := range e.g.Node[first:] {
		for i, o := range p.Output {
			if o == v {
				p.Output[i] = want
				if p.Name == v {
					p.Name = want
				}
				for _, q := range e.g.Node[first:] {
					for j, s := range q.Input {
						if s == v {
							q.Input[j] = want
						}
					}
				}
				delete(e.taken, v)
				return true
			}
		}
	}
	return false
}

// produced reports whether an ONNX node computes value v (which is then
// not a graph input or an initializer).
func (e *exporter) produced(v string) bool {
	for _, p := range e.g.Node {
		for _, o := range p.Output {
			if o == v {
				return true
			}
		}
	}
	return false
}

func (e *exporter) isGraphOutput(s string) bool {
	for _, o := range e.g.Output {
		if o.Name == s {
			return true
		}
	}
	return false
}

// renameValue renames an op's value everywhere it appears.
func (e *exporter) renameValue(v, want string) {
	e.rename(0, v, want)
	e.taken[want] = true
	for n, s := range e.name {
		if s == v {
			e.name[n] = want
		}
	}
}

// emit appends an ONNX node and returns its output's name.
func (e *exporter) emit(op string, in []string, attrs ...*pb.AttributeProto) string {
	return e.emitTo(op, in, e.fresh(op), attrs...)
}

func (e *exporter) emitTo(op string, in []string, out string, attrs ...*pb.AttributeProto) string {
	e.taken[out] = true
	e.g.Node = append(e.g.Node, &pb.NodeProto{
		Name:      out,
		OpType:    op,
		Input:     append([]string(nil), in...),
		Output:    []string{out},
		Attribute: attrs,
	})
	return out
}

// scalar returns an initializer holding v as a rank-0 tensor of dtype dt.
func (e *exporter) scalar(dt tensor.Dtype, v float64) (string, error) {
	key := fmt.Sprintf("s/%v/%v", dt, v)
	if s, ok := e.cache[key]; ok {
		return s, nil
	}
	name := e.fresh("c_" + strconv.FormatFloat(v, 'g', -1, 64))
	tp, err := scalarProto(name, dt, v)
	if err != nil {
		return "", err
	}
	e.g.Initializer = append(e.g.Initializer, tp)
	e.cache[key] = name
	return name, nil
}

// ints returns an INT64 rank-1 initializer holding v.
func (e *exporter) ints(prefix string, v ...int) string {
	key := fmt.Sprintf("i/%s/%v", prefix, v)
	if s, ok := e.cache[key]; ok {
		return s
	}
	name := e.fresh(prefix)
	e.g.Initializer = append(e.g.Initializer, int64sProto(name, ints64(v)))
	e.cache[key] = name
	return name
}
