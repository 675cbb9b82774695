package backing

import (
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

func grid(shape ...int) *tensor.Dense {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(i + 1)
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v))
}

func transposed(t *tensor.Dense, axes ...int) *tensor.Dense {
	if err := t.T(axes...); err != nil {
		panic(err)
	}
	return t
}

func sliced(t *tensor.Dense, s ...tensor.Slice) *tensor.Dense {
	v, err := t.Slice(s...)
	if err != nil {
		panic(err)
	}
	return v.(*tensor.Dense)
}

// layouts are tensors with their elements in logical row-major order,
// written out by hand, and what Check says of them ("" for plain).
var layouts = []struct {
	name  string
	t     func() *tensor.Dense
	want  []float64
	check string
}{
	{"plain", func() *tensor.Dense { return grid(2, 3) }, []float64{1, 2, 3, 4, 5, 6}, ""},
	{"row slice", func() *tensor.Dense { return sliced(grid(3, 2), tensor.S(1, 3)) }, []float64{3, 4, 5, 6}, ""},
	{"scalar slice", func() *tensor.Dense { return sliced(grid(2, 3), tensor.S(1), tensor.S(2)) }, []float64{6}, ""},
	{"transposed column", func() *tensor.Dense { return transposed(grid(3, 1)) }, []float64{1, 2, 3}, ""},
	{"T", func() *tensor.Dense { return transposed(grid(2, 3)) }, []float64{1, 4, 2, 5, 3, 6}, "transposed view"},
	{"T 3-d", func() *tensor.Dense { return transposed(grid(2, 3, 2), 2, 0, 1) },
		[]float64{1, 3, 5, 7, 9, 11, 2, 4, 6, 8, 10, 12}, "transposed view"},
	{"column slice", func() *tensor.Dense { return sliced(grid(2, 3), nil, tensor.S(0, 2)) }, []float64{1, 2, 4, 5}, "non-contiguous view"},
	{"one column", func() *tensor.Dense { return sliced(grid(2, 3), nil, tensor.S(1)) }, []float64{2, 5}, "non-contiguous view"},
	{"stepped slice", func() *tensor.Dense { return sliced(grid(2, 3), nil, tensor.S(0, 3, 2)) }, []float64{1, 3, 4, 6}, "non-contiguous view"},
	// A Slice of a transposed tensor reports RequiresIterator false, yet
	// keeps the transposed strides.
	{"slice of T", func() *tensor.Dense { return sliced(transposed(grid(2, 2)), nil) }, []float64{1, 3, 2, 4}, "strides [1 2]"},
	{"rows of T", func() *tensor.Dense { return sliced(transposed(grid(2, 3)), tensor.S(1, 3)) }, []float64{2, 5, 3, 6}, "strides [1 3]"},
	{"T of slice", func() *tensor.Dense { return transposed(sliced(grid(2, 3), nil, tensor.S(1, 3))) }, []float64{2, 5, 3, 6}, "transposed view"},
	{"column-major", func() *tensor.Dense {
		return tensor.New(tensor.WithShape(2, 3), tensor.AsFortran([]float64{1, 2, 3, 4, 5, 6}))
	}, []float64{1, 2, 3, 4, 5, 6}, "not the row-major strides"},
}

func TestCheckAndGather(t *testing.T) {
	for _, c := range layouts {
		v := c.t()
		err := Check(v)
		if Plain(v) != (err == nil) {
			t.Errorf("%s: Plain = %v but Check = %v", c.name, Plain(v), err)
		}
		switch {
		case c.check == "" && err != nil:
			t.Errorf("%s: Check = %v, want nil", c.name, err)
		case c.check != "" && (err == nil || !strings.Contains(err.Error(), c.check)):
			t.Errorf("%s: Check = %v, want an error containing %q", c.name, err, c.check)
		}
		dst := make([]float64, len(c.want))
		if err := Gather(bytesOf(dst), v); err != nil {
			t.Errorf("%s: Gather: %v", c.name, err)
			continue
		}
		for i := range dst {
			if dst[i] != c.want[i] {
				t.Errorf("%s: Gather = %v, want %v", c.name, dst, c.want)
				break
			}
		}
	}
}

// The RequiresIterator test the solvers used misses a slice of a
// transposed tensor; Check does not.
func TestCheckCatchesWhatRequiresIteratorMisses(t *testing.T) {
	v := sliced(transposed(grid(2, 2)), nil)
	if v.RequiresIterator() {
		t.Skip("this tensor version's RequiresIterator sees the transposed slice")
	}
	if Check(v) == nil {
		t.Fatal("Check accepts a slice of a transposed tensor")
	}
}

func TestGatherDtypes(t *testing.T) {
	f := transposed(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float32{1, 2, 3, 4})))
	g := make([]float32, 4)
	if err := Gather(bytesOf32(g), f); err != nil || g[0] != 1 || g[1] != 3 || g[2] != 2 || g[3] != 4 {
		t.Errorf("float32: %v %v", g, err)
	}
	i := sliced(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]int{1, 2, 3, 4})), nil, tensor.S(1))
	d := tensor.New(tensor.WithShape(2), tensor.Of(tensor.Int))
	if err := Gather(d.Raw, i); err != nil || d.Ints()[0] != 2 || d.Ints()[1] != 4 {
		t.Errorf("int: %v %v", d.Ints(), err)
	}
}

func TestGatherErrors(t *testing.T) {
	if err := Gather(make([]byte, 8), grid(2)); err == nil || !strings.Contains(err.Error(), "destination of 8 bytes for 2 elements") {
		t.Errorf("short destination: %v", err)
	}
	m := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{1, 2}, []bool{true, false}))
	if err := Gather(make([]byte, 16), m); err == nil || !strings.Contains(err.Error(), "masked") {
		t.Errorf("masked: %v", err)
	}
	if err := Check(m); err == nil || !strings.Contains(err.Error(), "masked") {
		t.Errorf("Check masked: %v", err)
	}
}

func TestGatherAllocatesNothing(t *testing.T) {
	v := transposed(grid(4, 5))
	dst := bytesOf(make([]float64, 20))
	if n := testing.AllocsPerRun(10, func() { _ = Gather(dst, v) }); n != 0 {
		t.Errorf("Gather allocates %v times", n)
	}
	p := grid(4, 5)
	if n := testing.AllocsPerRun(10, func() { _ = Check(p) }); n != 0 {
		t.Errorf("Check allocates %v times on a plain tensor", n)
	}
	if n := testing.AllocsPerRun(10, func() { _ = Plain(v) }); n != 0 {
		t.Errorf("Plain allocates %v times on a view", n)
	}
}

func bytesOf(v []float64) []byte {
	return tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(v)).Raw
}

func bytesOf32(v []float32) []byte {
	return tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(v)).Raw
}
