package layers

import (
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/pkg/errors"
)

// registry maps saved type names to layer types (always the non-pointer
// type; a saved node records whether the layer was a pointer).
var registry = struct {
	sync.RWMutex
	byName    map[string]reflect.Type
	byType    map[reflect.Type]string
	conflicts []string
}{byName: map[string]reflect.Type{}, byType: map[reflect.Type]string{}}

// Register records proto's type under name, as gob.Register does, so that
// Save can write a layer of that type and Load can rebuild it: a struct
// value or a pointer to one (the saved tree records which the model held).
// Call it from an init function of the package defining the type. The
// built-in layers are registered by their Go names ("Linear", "BatchNorm").
//
// Registering one name for two types, or one type under two names, is a
// programming error that Register does not panic on: it is kept, and every
// later Save and Load fails naming both.
func Register(name string, proto Layer) {
	registry.Lock()
	defer registry.Unlock()
	t := baseType(proto)
	switch {
	case name == "" || t == nil:
		registry.conflicts = append(registry.conflicts, "Register: an empty name or a nil layer")
	case registry.byName[name] != nil && registry.byName[name] != t:
		registry.conflicts = append(registry.conflicts, "Register: name "+name+" is registered for "+registry.byName[name].String()+" and "+t.String())
	case registry.byType[t] != "" && registry.byType[t] != name:
		registry.conflicts = append(registry.conflicts, "Register: type "+t.String()+" is registered as "+registry.byType[t]+" and "+name)
	default:
		registry.byName[name] = t
		registry.byType[t] = name
	}
}

// baseType returns the non-pointer type of l, or nil.
func baseType(l Layer) reflect.Type {
	if l == nil {
		return nil
	}
	t := reflect.TypeOf(l)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// registryErr returns the registration conflicts, or nil.
func registryErr() error {
	registry.RLock()
	defer registry.RUnlock()
	if len(registry.conflicts) == 0 {
		return nil
	}
	return errors.Errorf("layers: %s", strings.Join(registry.conflicts, "; "))
}

func nameOf(t reflect.Type) (string, bool) {
	registry.RLock()
	defer registry.RUnlock()
	n, ok := registry.byType[t]
	return n, ok
}

func typeOf(name string) (reflect.Type, bool) {
	registry.RLock()
	defer registry.RUnlock()
	t, ok := registry.byName[name]
	return t, ok
}

// Registered returns the registered layer names, sorted.
func Registered() []string {
	registry.RLock()
	defer registry.RUnlock()
	out := make([]string, 0, len(registry.byName))
	for n := range registry.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func init() {
	for name, l := range map[string]Layer{
		"Linear": &Linear{}, "Sequential": &Sequential{}, "Named": &Named{},
		"ReLU": ReLU{}, "Sigmoid": Sigmoid{}, "Tanh": Tanh{}, "SiLU": SiLU{},
		"LeakyReLU": &LeakyReLU{}, "GELU": &GELU{}, "Softmax": Softmax{},
		"Flatten": Flatten{}, "GlobalAvgPool": GlobalAvgPool{},
		"LayerNorm": &LayerNorm{}, "BatchNorm": &BatchNorm{},
	} {
		Register(name, l)
	}
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
