package layers

import (
	"strconv"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/weights"
)

// A composition of built-in layers corresponds to a torch.nn module whose
// state_dict names its tensors by the same scope path: a Sequential's
// child i is the nn.Sequential's child "i", a Named child the submodule of
// that name; each leaf layer's tensors are renamed, and its matrices
// transposed, as torchKeys says. docs/interop.md gives the torch module of
// each layer.

// torchKey maps one tensor of a torch module's state_dict to the layer's.
type torchKey struct {
	torch     string // the state_dict's short name, "weight"
	ours      string // the store's short name, "W"
	transpose bool   // a matrix that crosses transposed ([In, Out] here, [Out, In] in torch)
	addend    bool   // torch's second bias: zeros on export, added into ours on import
}

// torchKeys returns l's state_dict entries in PyTorch's order, and the
// names PyTorch writes that have no counterpart here and are ignored on
// import; ok is false for a layer type with no mapping. A layer without
// tensors (an activation, Flatten, a pool, Dropout) maps to nothing.
func torchKeys(l Layer) (keys []torchKey, ignored []string, ok bool) {
	rnn := func(b, bh string) []torchKey {
		return []torchKey{{"weight_ih_l0", "Wx", true, false}, {"weight_hh_l0", "Wh", true, false},
			{"bias_ih_l0", b, false, false}, {"bias_hh_l0", bh, false, bh == b}}
	}
	switch l.(type) {
	case *Linear:
		return []torchKey{{"weight", "W", true, false}, {"bias", "b", false, false}}, nil, true
	case *Conv2D:
		return []torchKey{{"weight", "W", false, false}, {"bias", "b", false, false}}, nil, true
	case *Embedding:
		return []torchKey{{"weight", "W", false, false}}, nil, true
	case *LayerNorm:
		return []torchKey{{"weight", "gamma", false, false}, {"bias", "beta", false, false}}, nil, true
	case *BatchNorm:
		return []torchKey{{"weight", "gamma", false, false}, {"bias", "beta", false, false},
			{"running_mean", "mean", false, false}, {"running_var", "var", false, false}}, []string{"num_batches_tracked"}, true
	case *Elman, *LSTM:
		return rnn("b", "b"), nil, true
	case *GRU:
		return rnn("bx", "bh"), nil, true
	}
	return nil, nil, false
}

// torchTensor is one tensor of the torch state_dict and the store entry
// it comes from.
type torchTensor struct {
	name  string // full torch name, "0.weight"
	entry *Entry
	torchKey
}

// torchPlan pairs every tensor of m's store with its state_dict name. It
// errors naming the tensor and its layer when a layer with tensors has no
// PyTorch mapping.
func torchPlan(m *Model) (plan []torchTensor, ignored map[string]bool, err error) {
	ignored = map[string]bool{}
	covered := map[*Entry]bool{}
	leaves := map[string]Layer{}
	walkTorch(m.root, "", func(path string, l Layer) {
		leaves[path] = l
		keys, ign, _ := torchKeys(l)
		for _, k := range keys {
			e := m.store.Lookup(joinPath(path, k.ours))
			if e == nil { // NoBias, NoAffine
				continue
			}
			covered[e] = true
			plan = append(plan, torchTensor{name: joinPath(path, k.torch), entry: e, torchKey: k})
		}
		for _, n := range ign {
			ignored[joinPath(path, n)] = true
		}
	})
	for _, e := range m.store.Entries() {
		if covered[e] {
			continue
		}
		path := e.Name
		for {
			i := strings.LastIndexByte(path, '.')
			if i < 0 {
				path = ""
			} else {
				path = path[:i]
			}
			if l, ok := leaves[path]; ok {
				return nil, nil, errors.Errorf("%q is a tensor of the %T at %q, a layer with no PyTorch mapping (docs/interop.md lists those that have one)", e.Name, l, path)
			}
			if path == "" {
				return nil, nil, errors.Errorf("%q belongs to no layer of the tree", e.Name)
			}
		}
	}
	return plan, ignored, nil
}

// walkTorch calls visit with every leaf of the tree under l and its scope
// path, descending into Sequential and Named as their Forward does.
func walkTorch(l Layer, path string, visit func(string, Layer)) {
	switch c := l.(type) {
	case *Sequential:
		for i, child := range c.Layers {
			if _, ok := child.(*Named); ok {
				walkTorch(child, path, visit)
			} else {
				walkTorch(child, joinPath(path, strconv.Itoa(i)), visit)
			}
		}
	case *Named:
		walkTorch(c.Layer, joinPath(path, c.Name), visit)
	case nil:
	default:
		visit(path, l)
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// ToTorch returns m's params and state as the state_dict of the equivalent
// torch.nn module (docs/interop.md): renamed ("0.W" → "0.weight", a batch
// norm's "mean" → "running_mean"), matrices of Linear and of the recurrent
// layers transposed, and the second bias of nn.RNN and nn.LSTM
// (bias_hh_l0) zeros. The tensors are copies, of m's dtype. Written with
// weights.WriteSafetensorsFile or weights.WriteNPZFile, the file loads
// into the module with load_state_dict(…, strict=True); a batch norm's
// num_batches_tracked is not written (PyTorch sets it to 0 when a plain
// dict lacks it). It errors naming the tensor and its layer when a layer
// with tensors has no mapping (MultiHeadAttention, a layer of your own).
func ToTorch(m *Model) ([]weights.Named, error) {
	ts, err := toTorch(m)
	return ts, errors.Wrap(err, "layers: ToTorch")
}

func toTorch(m *Model) ([]weights.Named, error) {
	if m == nil {
		return nil, errors.New("nil model")
	}
	plan, _, err := torchPlan(m)
	if err != nil {
		return nil, err
	}
	out := make([]weights.Named, len(plan))
	for i, p := range plan {
		v := p.entry.Value
		switch {
		case p.addend:
			v = tensor.New(tensor.WithShape(v.Shape().Clone()...), tensor.Of(v.Dtype()))
		case p.transpose:
			v = transposed(v)
		default:
			v = v.Clone().(*tensor.Dense)
		}
		out[i] = weights.Named{Name: p.name, Value: v}
	}
	return out, nil
}

// FromTorch copies a PyTorch state_dict (read with weights.ReadSafetensorsFile
// or weights.ReadNPZFile) into m's params and state, undoing ToTorch's
// renaming and transposes; for nn.RNN and nn.LSTM, b = bias_ih_l0 +
// bias_hh_l0. A batch norm's num_batches_tracked is ignored when present.
// It first checks everything: the state_dict must hold exactly the module's
// tensors, each of m's dtype and of the module's shape, all finite.
// Otherwise it errors naming the first mismatch by its PyTorch name and
// counting the others, wrapping weights.ErrMismatch, and m is unchanged.
func FromTorch(m *Model, ts []weights.Named) error {
	return errors.Wrap(fromTorch(m, ts), "layers: FromTorch")
}

func fromTorch(m *Model, ts []weights.Named) error {
	if m == nil {
		return errors.New("nil model")
	}
	plan, ignored, err := torchPlan(m)
	if err != nil {
		return err
	}
	want := make([]weights.Named, len(plan))
	for i, p := range plan {
		sh := p.entry.Value.Shape().Clone()
		if p.transpose {
			sh[0], sh[1] = sh[1], sh[0]
		}
		want[i] = weights.Named{Name: p.name, Value: tensor.New(tensor.WithShape(sh...), tensor.Of(m.store.dtype))}
	}
	src := make([]weights.Named, 0, len(ts))
	for _, t := range ts {
		if !ignored[t.Name] {
			src = append(src, t)
		}
	}
	if err := weights.Assign(want, src); err != nil {
		return err
	}
	ours := make([]weights.Named, 0, len(plan))
	byEntry := map[*Entry]*tensor.Dense{}
	for i, p := range plan {
		if p.addend {
			continue
		}
		v := want[i].Value
		if p.transpose {
			v = transposed(v)
		}
		byEntry[p.entry] = v
		ours = append(ours, weights.Named{Name: p.entry.Name, Value: v})
	}
	for i, p := range plan {
		if p.addend {
			addInto(byEntry[p.entry], want[i].Value)
		}
	}
	return weights.Assign(Tensors(m), ours)
}

// transposed returns a dense copy of the matrix v transposed.
func transposed(v *tensor.Dense) *tensor.Dense {
	r, c := v.Shape()[0], v.Shape()[1]
	out := tensor.New(tensor.WithShape(c, r), tensor.Of(v.Dtype()))
	switch v.Dtype() {
	case tensor.Float32:
		transpose(out.Float32s(), v.Float32s(), r, c)
	default:
		transpose(out.Float64s(), v.Float64s(), r, c)
	}
	return out
}

func transpose[T float32 | float64](dst, src []T, r, c int) {
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			dst[j*r+i] = src[i*c+j]
		}
	}
}

// addInto adds src to dst elementwise; both have one dtype and size.
func addInto(dst, src *tensor.Dense) {
	switch dst.Dtype() {
	case tensor.Float32:
		d, s := dst.Float32s(), src.Float32s()
		for i := range d {
			d[i] += s[i]
		}
	default:
		d, s := dst.Float64s(), src.Float64s()
		for i := range d {
			d[i] += s[i]
		}
	}
}
