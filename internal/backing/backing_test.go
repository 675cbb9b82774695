package backing

import (
	"testing"

	"gorgonia.org/tensor"
)

// F64 and F32 see exactly the elements tensor's own accessors see, in the
// same memory.
func TestViews(t *testing.T) {
	d := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{1, 2, 3, 4, 5, 6}))
	v := F64(d.Raw)
	if len(v) != 6 || v[5] != 6 || &v[0] != &d.Float64s()[0] {
		t.Fatalf("F64 = %v", v)
	}
	f := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float32{1, 2, 3}))
	w := F32(f.Raw)
	if len(w) != 3 || w[2] != 3 || &w[0] != &f.Float32s()[0] {
		t.Fatalf("F32 = %v", w)
	}
	if len(F64(nil)) != 0 || len(F32(nil)) != 0 {
		t.Fatal("nil backing: want empty slices")
	}
}
