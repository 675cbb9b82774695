package nets

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// paramShape is the name and shape of one param New makes.
type paramShape struct {
	name  string
	shape []int
}

// layout returns the params New(s) makes, in order, and then the state a
// model file stores (see stored), without allocating them; s is normalised. TestLayoutMatchesNew keeps it equal to New's.
func (s Spec) layout() []paramShape {
	dense := func(w, b string, in, out int) []paramShape {
		return []paramShape{{w, []int{in, out}}, {b, []int{out}}}
	}
	switch s.Kind {
	case KindPerceptron:
		return dense("W", "b", s.Inputs, s.Outputs)
	case KindCNN:
		ps, st := s.cnnLayout()
		return append(ps, st...)
	case KindRNN:
		h := s.Hidden[0]
		return append([]paramShape{{"Wx", []int{s.Inputs, h}}, {"Wh", []int{h, h}}, {"b", []int{h}}},
			dense("Wy", "by", h, s.Outputs)...)
	case KindLSTM, KindGRU:
		var out []paramShape
		in, g := s.Inputs, s.gates()
		for k, h := range s.Hidden {
			n := "" // the lecture's names: Wx, Wh, b for the first layer, Wx2, Wh2, b2 for the second
			if k > 0 {
				n = strconv.Itoa(k + 1)
			}
			out = append(out, paramShape{"Wx" + n, []int{in, g * h}}, paramShape{"Wh" + n, []int{h, g * h}})
			if s.Kind == KindLSTM {
				out = append(out, paramShape{"b" + n, []int{g * h}})
			} else {
				out = append(out, paramShape{"bx" + n, []int{g * h}}, paramShape{"bh" + n, []int{g * h}})
			}
			in = h
		}
		return append(out, dense("Wy", "by", in, s.Outputs)...)
	}
	var out []paramShape
	in := s.Inputs
	for i, h := range append(append([]int(nil), s.Hidden...), s.Outputs) {
		n := strconv.Itoa(i + 1)
		out = append(out, dense("W"+n, "b"+n, in, h)...)
		in = h
	}
	return out
}

// builtByNew returns an error saying why net is not a network that Load
// can rebuild from its Spec: not one of the types New returns, a nil
// pointer, an invalid spec, or params that differ from the spec's.
func builtByNew(net Network) error {
	switch net.(type) {
	case *Perceptron, *FF, *DFF, *RNN, *LSTM, *GRU, *CNN:
	default:
		return errors.Errorf("a %T is not one of the networks nets.New builds, so Load could not "+
			"rebuild it from the file (its forward pass is its own code); SaveParams stores its params "+
			"for LoadInto into the same kind of network", net)
	}
	if v := reflect.ValueOf(net); v.IsNil() {
		return errors.Errorf("nil %T", net)
	}
	s, err := net.Spec().Normalize()
	if err != nil {
		return errors.Wrapf(err, "a %T with an invalid spec (not made by nets.New)", net)
	}
	diffs := paramDiffs(s.layout(), shapesOf(stored(net)))
	for _, p := range stored(net) {
		if p.Value.Dtype() != s.Dtype.Tensor() {
			diffs = append(diffs, p.Name+": spec has "+string(s.Dtype)+", network has "+p.Value.Dtype().String())
		}
	}
	if len(diffs) > 0 {
		return errors.Errorf("the params of this %T do not match its spec: %s", net, strings.Join(diffs, "; "))
	}
	return nil
}

// contiguous reports whether v's elements are its backing array in
// row-major order, so that Float64s/Float32s read them in logical order:
// not a transposed or strided view.
func contiguous(v *tensor.Dense) bool {
	if v.RequiresIterator() {
		return false
	}
	switch v.Dtype() {
	case tensor.Float64:
		return len(v.Float64s()) == v.Size()
	case tensor.Float32:
		return len(v.Float32s()) == v.Size()
	}
	return true
}

// shapesOf returns the names and shapes of params.
func shapesOf(params []Param) []paramShape {
	out := make([]paramShape, len(params))
	for i, p := range params {
		out[i] = paramShape{p.Name, p.Value.Shape()}
	}
	return out
}

// paramDiffs lists how have (a network's params) differ from want (its
// spec's) in names, order and shapes.
func paramDiffs(want, have []paramShape) []string {
	var diffs []string
	for i := 0; i < max(len(want), len(have)); i++ {
		switch {
		case i >= len(have):
			diffs = append(diffs, want[i].name+": missing from the network")
		case i >= len(want):
			diffs = append(diffs, have[i].name+": in the network, not in the spec")
		case want[i].name != have[i].name:
			diffs = append(diffs, "param "+strconv.Itoa(i)+": spec has "+want[i].name+", network has "+have[i].name)
		case !graph.SameShape(want[i].shape, have[i].shape):
			diffs = append(diffs, have[i].name+": spec has shape "+graph.ShapeString(want[i].shape)+
				", network has "+graph.ShapeString(have[i].shape))
		}
	}
	return diffs
}
