package datasets

import (
	"math"
	"reflect"
	"testing"
)

func TestTruthTables(t *testing.T) {
	for _, tc := range []struct {
		d *Dataset
		y []int
	}{{AND(), []int{0, 0, 0, 1}}, {OR(), []int{0, 1, 1, 1}}, {XOR(), []int{0, 1, 1, 0}}} {
		if !reflect.DeepEqual(ferF64(t, tc.d.X), []float64{0, 0, 0, 1, 1, 0, 1, 1}) ||
			!reflect.DeepEqual([]int(tc.d.X.Shape()), []int{4, 2}) ||
			!reflect.DeepEqual(ferInts(t, tc.d.Y), tc.y) || !reflect.DeepEqual(tc.d.Classes, []string{"0", "1"}) {
			t.Errorf("%s: X %v Y %v", tc.d.Name, tc.d.X.Data(), tc.d.Y.Data())
		}
	}
}

func TestSpirals(t *testing.T) {
	a, err := Spirals(50, 0.1, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Spirals(50, 0.1, 7)
	c, _ := Spirals(50, 0.1, 8)
	if !reflect.DeepEqual(ferF64(t, a.X), ferF64(t, b.X)) || !reflect.DeepEqual(a.Y.Data(), b.Y.Data()) {
		t.Error("same seed, different data")
	}
	if reflect.DeepEqual(ferF64(t, a.X), ferF64(t, c.X)) {
		t.Error("different seeds, same data")
	}
	if !reflect.DeepEqual([]int(a.X.Shape()), []int{100, 2}) || ferInts(t, a.Y)[99] != 1 || ferInts(t, a.Y)[98] != 0 {
		t.Errorf("shape %v", a.X.Shape())
	}
	clean, _ := Spirals(4, 0, 1)
	x := ferF64(t, clean.X)
	// The last point of each spiral has radius 1, angle 3*pi (+pi for spiral 1).
	if math.Abs(x[12]+1) > 1e-12 || math.Abs(x[13]) > 1e-12 || math.Abs(x[14]-1) > 1e-12 {
		t.Errorf("noise-free endpoints %v", x[12:])
	}
	for _, bad := range []struct {
		n     int
		noise float64
	}{{0, 0.1}, {-3, 0}, {10, -1}, {10, math.NaN()}, {10, math.Inf(1)}, {math.MaxInt, 0}} {
		if _, err := Spirals(bad.n, bad.noise, 1); err == nil {
			t.Errorf("Spirals(%d, %v): no error", bad.n, bad.noise)
		}
	}
}

func TestNoisySine(t *testing.T) {
	a, err := NoisySine(8, 10, 0.05, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NoisySine(8, 10, 0.05, 3)
	if !reflect.DeepEqual(ferF64(t, a.X), ferF64(t, b.X)) || !reflect.DeepEqual(ferF64(t, a.Y), ferF64(t, b.Y)) {
		t.Error("same seed, different data")
	}
	if !reflect.DeepEqual([]int(a.X.Shape()), []int{8, 10}) || !reflect.DeepEqual([]int(a.Y.Shape()), []int{8, 1}) {
		t.Errorf("shapes %v %v", a.X.Shape(), a.Y.Shape())
	}
	// Without noise, every row continues the same sine: x[t+1] from x[t] by
	// the angle-addition formula needs the phase, so check the recurrence
	// x[t+1] + x[t-1] = 2 cos(step) x[t] instead, including the target.
	clean, _ := NoisySine(5, 6, 0, 9)
	x, y := ferF64(t, clean.X), ferF64(t, clean.Y)
	for i := 0; i < 5; i++ {
		row := append(append([]float64(nil), x[i*6:(i+1)*6]...), y[i])
		for k := 1; k < len(row)-1; k++ {
			if d := row[k+1] + row[k-1] - 2*math.Cos(NoisySineStep)*row[k]; math.Abs(d) > 1e-12 {
				t.Fatalf("row %d breaks the sine recurrence at %d by %g", i, k, d)
			}
		}
	}
	for _, bad := range [][2]int{{0, 5}, {5, 0}, {math.MaxInt, 2}} {
		if _, err := NoisySine(bad[0], bad[1], 0, 1); err == nil {
			t.Errorf("NoisySine%v: no error", bad)
		}
	}
	if _, err := NoisySine(2, 2, -1, 1); err == nil {
		t.Error("negative noise: no error")
	}
}
