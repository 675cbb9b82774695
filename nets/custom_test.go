package nets

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// doubled is a custom network over a standard DFF's params: a type of its
// own, which nets.New does not make, so that Save must refuse it (Load
// could not rebuild it from the file) while SaveParams and LoadInto take it.
type doubled struct{ Network }

var customSpec = Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{3}, Outputs: 2}

// custom returns a doubled DFF.
func custom(tb testing.TB) doubled {
	tb.Helper()
	net, err := New(customSpec, 1)
	if err != nil {
		tb.Fatal(err)
	}
	return doubled{net}
}

func TestSaveRefusesNetworksItCannotRebuild(t *testing.T) {
	dir := t.TempDir()
	reshaped, _ := New(customSpec, 1)
	if err := reshaped.Params()[0].Value.Reshape(3, 2); err != nil { // W1 (2, 3) → (3, 2)
		t.Fatal(err)
	}
	var nilDFF *DFF
	for _, tc := range []struct {
		name string
		net  Network
		want string
	}{
		{"custom forward pass", custom(t), "a nets.doubled is not one of the networks nets.New builds"},
		{"zero DFF", &DFF{}, "a *nets.DFF with an invalid spec"},
		{"reshaped param", reshaped, "W1: spec has shape (2, 3), network has (3, 2)"},
		{"nil DFF", nilDFF, "nil network"},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_"))
		err := Save(tc.net, path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Save: %v, want an error saying %q", tc.name, err, tc.want)
		}
		if _, serr := os.Stat(path); !os.IsNotExist(serr) {
			t.Errorf("%s: a file was written", tc.name)
		}
	}
}

// TestSaveParamsIntoTheSameCustomNetwork saves a custom network's params
// and checks that Load refuses the file, saying why, while LoadInto fills
// another network of the same kind with exactly the saved weights.
func TestSaveParamsIntoTheSameCustomNetwork(t *testing.T) {
	path := filepath.Join(t.TempDir(), "custom.params")
	src := custom(t)
	if err := SaveParams(src, path); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); !errors.Is(err, ErrParamsOnly) || !strings.Contains(err.Error(), "nets.doubled") {
		t.Fatalf("Load of a params-only file: %v, want ErrParamsOnly naming nets.doubled", err)
	}
	other, err := New(customSpec, 99)
	if err != nil {
		t.Fatal(err)
	}
	dst := doubled{other}
	if bytes.Equal(mustEncode(t, src.Network), mustEncode(t, dst.Network)) {
		t.Fatal("seeds 1 and 99 gave the same weights")
	}
	if err := LoadInto(dst, path); err != nil {
		t.Fatal(err)
	}
	for i, p := range src.Params() {
		a, b := p.Value.Float64s(), dst.Params()[i].Value.Float64s()
		for j := range a {
			if a[j] != b[j] {
				t.Fatalf("%s[%d] = %v after LoadInto, saved %v", p.Name, j, b[j], a[j])
			}
		}
	}
	// A file of the standard network loads into the custom one too: its
	// params and spec are the same.
	std := filepath.Join(t.TempDir(), "std.model")
	if err := Save(src.Network, std); err != nil {
		t.Fatal(err)
	}
	if err := LoadInto(dst, std); err != nil {
		t.Errorf("LoadInto a custom network from a standard file: %v", err)
	}
}

func TestLoadIntoComparesActivationAndLoss(t *testing.T) {
	file, _ := New(Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{3}, Outputs: 2, Activation: Sigmoid, Loss: BCE}, 1)
	net, _ := New(Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{3}, Outputs: 2, Activation: ReLU, Loss: SoftmaxCE}, 2)
	path := filepath.Join(t.TempDir(), "bce.model")
	if err := Save(file, path); err != nil {
		t.Fatal(err)
	}
	before := mustEncode(t, net)
	err := LoadInto(net, path)
	if !errors.Is(err, ErrArchitecture) {
		t.Fatalf("LoadInto: %v, want ErrArchitecture", err)
	}
	for _, want := range []string{"activation: file has sigmoid, network has relu", "loss: file has bce, network has softmax-ce"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("LoadInto: %v, want it to say %q", err, want)
		}
	}
	if !bytes.Equal(before, mustEncode(t, net)) {
		t.Error("LoadInto changed the network on error")
	}
	ff, _ := New(Spec{Kind: KindFF, Inputs: 2, Hidden: []int{3}, Outputs: 2, Activation: Sigmoid, Loss: BCE}, 1)
	if err := LoadInto(ff, path); err == nil || !strings.Contains(err.Error(), "kind: file has dff, network has ff") {
		t.Errorf("LoadInto an FF of the same params: %v", err)
	}
}

// TestLayoutMatchesNew keeps Spec.layout equal to what New makes.
func TestLayoutMatchesNew(t *testing.T) {
	for _, spec := range append(roundTripSpecs, Spec{Kind: KindDFF, Inputs: 3, Hidden: []int{5, 4, 2}, Outputs: 3}) {
		net, err := New(spec, 1)
		if err != nil {
			t.Fatal(err)
		}
		if d := paramDiffs(net.Spec().layout(), shapesOf(net.Params())); len(d) > 0 {
			t.Errorf("%s: %v", spec.Kind, d)
		}
	}
}

// viewed is a custom network whose first param is a tensor view.
type viewed struct {
	Network
	params []Param
}

func (v viewed) Params() []Param { return v.params }

// TestViewParams checks that SaveParams, SaveNPZ and LoadInto refuse a
// transposed param (read in memory order they would store or fill its
// elements in the wrong order) and accept a view of whole rows, which is
// contiguous.
func TestViewParams(t *testing.T) {
	dir := t.TempDir()
	base := custom(t)
	withFirst := func(v *tensor.Dense) viewed {
		ps := base.Params()
		ps[0] = Param{Name: ps[0].Name, Value: v}
		return viewed{base, ps}
	}
	// W1 is (2, 3): a transposed (3, 2) backing, and rows 1..2 of a (3, 3).
	tr := tensor.New(tensor.WithShape(3, 2), tensor.WithBacking([]float64{1, 2, 3, 4, 5, 6}))
	if err := tr.T(); err != nil {
		t.Fatal(err)
	}
	big := tensor.New(tensor.WithShape(3, 3), tensor.WithBacking([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9}))
	rows, err := big.Slice(tensor.S(1, 3))
	if err != nil {
		t.Fatal(err)
	}
	transposed, sliced := withFirst(tr), withFirst(rows.(*tensor.Dense))
	path := filepath.Join(dir, "v.params")
	if err := SaveParams(transposed, path); err == nil || !strings.Contains(err.Error(), "W1 is a view") {
		t.Errorf("SaveParams of a transposed param: %v", err)
	}
	if err := SaveNPZ(transposed, filepath.Join(dir, "v.npz")); err == nil || !strings.Contains(err.Error(), "W1 is a view") {
		t.Errorf("SaveNPZ of a transposed param: %v", err)
	}
	if err := SaveParams(sliced, path); err != nil {
		t.Fatalf("SaveParams of a row slice: %v", err)
	}
	if err := LoadInto(transposed, path); !errors.Is(err, ErrArchitecture) || !strings.Contains(err.Error(), "W1: the network's tensor is a view") {
		t.Errorf("LoadInto a transposed param: %v", err)
	}
	if err := LoadInto(base, path); err != nil {
		t.Fatal(err)
	}
	// The row slice's elements, rows 1..2 of big: 4 5 6 / 7 8 9.
	for i, want := range []float64{4, 5, 6, 7, 8, 9} {
		if got := base.Params()[0].Value.Float64s()[i]; got != want {
			t.Fatalf("W1[%d] = %v after the round trip, want %v", i, got, want)
		}
	}
}
