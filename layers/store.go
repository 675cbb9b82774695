package layers

import (
	"math/rand/v2"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// Entry is one named tensor of a Store: a param (Trainable) or a state tensor
// (saved, never handed to a solver, such as batch norm's running mean).
type Entry struct {
	Name      string // hierarchical, "block1.conv.W"
	Value     *tensor.Dense
	Trainable bool
}

// Store holds a model's tensors by name, in the order they were created, and
// the one seeded generator their initialisers draw from. Every graph built
// for the model, at every batch size, reads and updates the very same
// tensors.
//
// A Store is not safe for concurrent use.
type Store struct {
	dtype   tensor.Dtype
	rng     *rand.Rand
	entries []*Entry
	index   map[string]int
	seeds   []Seed // per-layer seeds of random ops (Scope.Seed), in creation order
	// preset, while a model is rebuilt from a file, holds the file's
	// tensors: get takes them instead of drawing new ones, and refuses a
	// name or shape the file does not have before allocating anything, so
	// that a damaged hyperparameter cannot make a load allocate beyond what
	// the file holds.
	preset      map[string]*Entry
	presetSeeds map[string]uint64
}

// Seed is a named seed of a random op (dropout's mask), drawn once from the
// store's generator when the layer is first built and saved with the model,
// so a loaded model draws the same masks.
type Seed struct {
	Name  string // hierarchical, "block1.drop.seed"
	Value uint64
}

// NewStore returns an empty store of dtype dt (float64 or float32) whose
// initialisers draw from NewRNG(seed).
func NewStore(dt tensor.Dtype, seed uint64) (*Store, error) {
	if dt != tensor.Float64 && dt != tensor.Float32 {
		return nil, errors.Errorf("layers: NewStore: dtype %v, want float64 or float32", dt)
	}
	return &Store{dtype: dt, rng: NewRNG(seed), index: map[string]int{}}, nil
}

// Dtype returns the dtype of every tensor in the store.
func (s *Store) Dtype() tensor.Dtype { return s.dtype }

// Len returns the number of entries.
func (s *Store) Len() int { return len(s.entries) }

// Entries returns every entry, params and state, in creation order. The
// slice is the store's own; do not modify it.
func (s *Store) Entries() []*Entry { return s.entries }

// Lookup returns the entry with the given full name, or nil.
func (s *Store) Lookup(name string) *Entry {
	i, ok := s.index[name]
	if !ok {
		return nil
	}
	return s.entries[i]
}

// Params returns the trainable entries in creation order.
func (s *Store) Params() []*Entry { return s.filter(true) }

// State returns the entries that are saved but not trained, in creation
// order.
func (s *Store) State() []*Entry { return s.filter(false) }

func (s *Store) filter(trainable bool) []*Entry {
	var out []*Entry
	for _, e := range s.entries {
		if e.Trainable == trainable {
			out = append(out, e)
		}
	}
	return out
}

// NumParams returns the number of trainable scalars.
func (s *Store) NumParams() int {
	n := 0
	for _, e := range s.entries {
		if e.Trainable {
			n += e.Value.Shape().TotalSize()
		}
	}
	return n
}

// get returns the entry name, creating it with init on first use. It errors
// when an existing entry has another shape or kind, or init fails.
func (s *Store) get(name string, trainable bool, init Init, dims []int) (*Entry, error) {
	what := map[bool]string{true: "param", false: "state"}
	if e := s.Lookup(name); e != nil {
		if e.Trainable != trainable {
			return nil, errors.Errorf("layers: %q is a %s, asked for as a %s", name, what[e.Trainable], what[trainable])
		}
		if !sameDims(e.Value.Shape(), dims) {
			return nil, errors.Errorf("layers: %s %q has shape %v, asked for with shape %v", what[trainable], name, e.Value.Shape(), dims)
		}
		return e, nil
	}
	for _, sd := range s.seeds {
		if sd.Name == name {
			return nil, errors.Errorf("layers: %q is a seed, asked for as a %s", name, what[trainable])
		}
	}
	if s.preset != nil {
		e, ok := s.preset[name]
		switch {
		case !ok:
			return nil, errors.Errorf("layers: the model asks for %s %q, which the file lacks", what[trainable], name)
		case e.Trainable != trainable:
			return nil, errors.Errorf("layers: %q is a %s in the file, asked for as a %s", name, what[e.Trainable], what[trainable])
		case !sameDims(e.Value.Shape(), dims):
			return nil, errors.Errorf("layers: %s %q has shape %v in the file, the model asks for %v", what[trainable], name, e.Value.Shape(), dims)
		}
		return s.add(&Entry{Name: name, Value: e.Value, Trainable: trainable}), nil
	}
	if init == nil {
		return nil, errors.Errorf("layers: %s %q: nil initialiser", what[trainable], name)
	}
	v, err := init(s.rng, s.dtype, dims...)
	if err != nil {
		return nil, errors.Wrapf(err, "layers: initialising %s %q", what[trainable], name)
	}
	if v == nil || v.Dtype() != s.dtype || !sameDims(v.Shape(), dims) {
		return nil, errors.Errorf("layers: the initialiser of %s %q did not return a %v tensor of shape %v", what[trainable], name, s.dtype, dims)
	}
	return s.add(&Entry{Name: name, Value: v, Trainable: trainable}), nil
}

func (s *Store) add(e *Entry) *Entry {
	s.index[e.Name] = len(s.entries)
	s.entries = append(s.entries, e)
	return e
}

func sameDims(s tensor.Shape, dims []int) bool {
	if len(dims) == 0 { // a scalar: gorgonia reports shape () or (1)
		return s.TotalSize() == 1
	}
	if len(s) != len(dims) {
		return false
	}
	for i := range dims {
		if s[i] != dims[i] {
			return false
		}
	}
	return true
}

// truncate drops the entries from n on and the seeds from k on.
func (s *Store) truncate(n, k int) {
	for _, e := range s.entries[n:] {
		delete(s.index, e.Name)
	}
	s.entries = s.entries[:n]
	s.seeds = s.seeds[:k]
}

// Seeds returns the named seeds in creation order. The slice is the store's
// own; do not modify it.
func (s *Store) Seeds() []Seed { return s.seeds }

// seed returns the seed name, drawing it from the generator on first use
// (or taking it from the file being loaded).
func (s *Store) seed(name string) (uint64, error) {
	for _, sd := range s.seeds {
		if sd.Name == name {
			return sd.Value, nil
		}
	}
	if s.Lookup(name) != nil {
		return 0, errors.Errorf("layers: %q is a tensor, asked for as a seed", name)
	}
	var v uint64
	if s.preset != nil {
		var ok bool
		if v, ok = s.presetSeeds[name]; !ok {
			return 0, errors.Errorf("layers: the model asks for seed %q, which the file lacks", name)
		}
	} else {
		v = s.rng.Uint64()
	}
	s.seeds = append(s.seeds, Seed{Name: name, Value: v})
	return v, nil
}
