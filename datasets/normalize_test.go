package datasets

import (
	"math"
	"slices"
	"testing"

	"gorgonia.org/tensor"
)

func TestScaleRange(t *testing.T) {
	ds, err := MNIST()
	if err != nil {
		t.Fatal(err)
	}
	raw := slices.Clone(ds.X.Float64s())
	if err := ds.ScaleRange(0.01, 0.99, 0, 255); err != nil {
		t.Fatal(err)
	}
	for i, v := range ds.X.Float64s() {
		if want := raw[i]/255*0.98 + 0.01; math.Abs(v-want) > 1e-15 {
			t.Fatalf("pixel %d: %v, want %v (the lecture's p/255*0.98+0.01)", i, v, want)
		}
	}
	for _, args := range [][4]float64{{0, 1, 3, 3}, {0, math.NaN(), 0, 1}, {0, 1, 0, math.Inf(1)}} {
		if err := ds.ScaleRange(args[0], args[1], args[2], args[3]); err == nil {
			t.Errorf("ScaleRange%v: no error", args)
		}
	}
}

func TestStandardizer(t *testing.T) {
	// Feature 0: 1, 2, 3 (mean 2, population std sqrt(2/3)); feature 1 constant 5.
	train := &Dataset{Name: "s", X: tensor.New(tensor.WithShape(3, 2), tensor.WithBacking([]float64{1, 5, 2, 5, 3, 5})),
		Y: tensor.New(tensor.WithShape(3, 1), tensor.WithBacking([]float64{0, 0, 0}))}
	s, err := FitStandardizer(train)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Mean, []float64{2, 5}) || math.Abs(s.Std[0]-math.Sqrt(2.0/3)) > 1e-15 || s.Std[1] != 0 {
		t.Fatalf("Mean %v Std %v", s.Mean, s.Std)
	}
	test := &Dataset{Name: "t", X: tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{4, 7})),
		Y: tensor.New(tensor.WithShape(1, 1), tensor.WithBacking([]float64{0}))}
	if err := s.Apply(test); err != nil {
		t.Fatal(err)
	}
	if x := test.X.Float64s(); math.Abs(x[0]-2/math.Sqrt(2.0/3)) > 1e-12 || x[1] != 2 {
		t.Errorf("applied: %v", x)
	}
	if err := s.Apply(toyDataset(3, 0)); err != nil { // 2 features: fine
		t.Error(err)
	}
	three := &Dataset{X: tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{1, 2, 3})),
		Y: tensor.New(tensor.WithShape(1, 1), tensor.WithBacking([]float64{0}))}
	if err := s.Apply(three); err == nil {
		t.Error("feature count mismatch: no error")
	}
	if _, err := FitStandardizer(toyDataset(0, 0)); err == nil {
		t.Error("empty training set: no error")
	}
}

func TestOneHotAndFloat32(t *testing.T) {
	y := tensor.New(tensor.WithShape(3), tensor.WithBacking([]int{2, 0, 1}))
	oh, err := OneHot(y, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(oh.Float64s(), []float64{0, 0, 1, 1, 0, 0, 0, 1, 0}) || !oh.Shape().Eq(tensor.Shape{3, 3}) {
		t.Errorf("OneHot: %v %v", oh.Shape(), oh.Float64s())
	}
	for _, tc := range []struct {
		y *tensor.Dense
		k int
	}{{y, 2}, {y, 0}, {nil, 3}, {tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{1})), 3}} {
		if _, err := OneHot(tc.y, tc.k); err == nil {
			t.Errorf("OneHot(%v, %d): no error", tc.y, tc.k)
		}
	}
	f, err := AsFloat32(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1.5, -2, 0, 1e40})))
	if err != nil {
		t.Fatal(err)
	}
	if f.Dtype() != tensor.Float32 || !f.Shape().Eq(tensor.Shape{2, 2}) || f.Float32s()[0] != 1.5 || !math.IsInf(float64(f.Float32s()[3]), 1) {
		t.Errorf("AsFloat32: %v %v", f.Dtype(), f.Data())
	}
	if g, err := AsFloat32(y); err != nil || g.Float32s()[0] != 2 {
		t.Errorf("AsFloat32(int): %v", err)
	}
	if _, err := AsFloat32(nil); err == nil {
		t.Error("AsFloat32(nil): no error")
	}
	if _, err := AsFloat32(tensor.New(tensor.WithShape(1), tensor.WithBacking([]bool{true}))); err == nil {
		t.Error("AsFloat32(bool): no error")
	}
}
