package ops_test

import (
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func TestTransposeMatrix(t *testing.T) {
	g := graph.New()
	x := g.Const(dense64([]int{2, 3}, 1, 2, 3, 4, 5, 6))
	y := ops.Transpose(x)
	wantShape(t, y, 3, 2)
	near(t, "xᵀ", eval(t, nil, y)[0], []float64{1, 4, 2, 5, 3, 6}, 0)
}

// x[i, j, k] = 100i + 10j + k for shape [2, 3, 4]; y = Transpose(x, 2, 0, 1)
// has shape [4, 2, 3] and y[k, i, j] = x[i, j, k].
func TestTranspose3D(t *testing.T) {
	v := make([]float64, 24)
	for i := range v {
		v[i] = float64(100*(i/12) + 10*(i/4%3) + i%4)
	}
	g := graph.New()
	x := g.Const(dense64([]int{2, 3, 4}, v...))
	for _, perm := range [][]int{{2, 0, 1}, {1, 0, 2}, {0, 2, 1}, {}} {
		y := ops.Transpose(x, perm...)
		if len(perm) == 0 {
			perm = []int{2, 1, 0}
		}
		s := []int{2, 3, 4}
		wantShape(t, y, s[perm[0]], s[perm[1]], s[perm[2]])
		got := eval(t, nil, y)[0]
		idx := 0
		for a := 0; a < s[perm[0]]; a++ {
			for b := 0; b < s[perm[1]]; b++ {
				for c := 0; c < s[perm[2]]; c++ {
					var ijk [3]int
					ijk[perm[0]], ijk[perm[1]], ijk[perm[2]] = a, b, c
					if want := float64(100*ijk[0] + 10*ijk[1] + ijk[2]); got[idx] != want {
						t.Errorf("perm %v: y[%d, %d, %d] = %v, want %v", perm, a, b, c, got[idx], want)
					}
					idx++
				}
			}
		}
	}
}

func TestTransposeInt(t *testing.T) {
	g := graph.New()
	y := ops.Transpose(g.Const(ints([]int{2, 2}, 1, 2, 3, 4)))
	p := graph.MustCompile(y)
	if err := p.Run(nil); err != nil {
		t.Fatal(err)
	}
	if got := p.Value(y).Ints(); got[1] != 3 || got[2] != 2 {
		t.Errorf("int transpose = %v, want [1 3 2 4]", got)
	}
}

func TestTransposeBadPerm(t *testing.T) {
	for _, perm := range [][]int{{0, 0, 1}, {0, 1}, {0, 1, 3}} {
		g := graph.New()
		x := g.Input("x", tensor.Float64, 2, 3, 4)
		wantBuildError(t, g, ops.Transpose(x, perm...), "Transpose", "(2, 3, 4)", "perm")
	}
}
