package autodiff_test

import (
	"math"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// FuzzGraph builds random small graphs from the fuzzer's bytes (random ops,
// random and sometimes invalid shapes and axes) and checks that building,
// differentiating, compiling and running either succeed, with a finite
// gradient-check error, or return an error. A panic anywhere fails.
func FuzzGraph(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21})
	f.Add([]byte{3, 3, 3, 200, 7, 1, 0, 255, 9, 9, 4})
	f.Add([]byte{22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 0, 2})
	f.Fuzz(func(t *testing.T, prog []byte) {
		if len(prog) > 64 {
			prog = prog[:64]
		}
		g := graph.New()
		r := &byteReader{b: prog}
		shapes := [][]int{{2, 3}, {3}, {1, 3}, {2, 1}, {}, {3, 2}, {2, 3, 2}}
		var params []*graph.Node
		var nodes []*graph.Node
		for i := 0; i < 3; i++ {
			s := shapes[int(r.next())%len(shapes)]
			v := make([]float64, max(1, size(s)))
			for k := range v {
				v[k] = 0.3 + 0.1*float64((k+i)%7) // positive, so Log and Sqrt stay defined
			}
			p := g.Param(string(rune('a'+i)), tensor.New(tensor.WithShape(s...), tensor.WithBacking(v)))
			params = append(params, p)
			nodes = append(nodes, p)
		}
		pick := func() *graph.Node { return nodes[int(r.next())%len(nodes)] }
		for r.more() {
			var n *graph.Node
			switch r.next() % 20 {
			case 0:
				n = ops.Add(pick(), pick())
			case 1:
				n = ops.Sub(pick(), pick())
			case 2:
				n = ops.Mul(pick(), pick())
			case 3:
				n = ops.Div(pick(), ops.Add(ops.Square(pick()), g.Scalar(1)))
			case 4:
				n = ops.Tanh(pick())
			case 5:
				n = ops.Sigmoid(pick())
			case 6:
				n = ops.Exp(ops.Tanh(pick()))
			case 7:
				n = ops.Log(ops.Add(ops.Square(pick()), g.Scalar(0.5)))
			case 8:
				n = ops.MatMul(pick(), pick())
			case 9:
				n = ops.Sum(pick(), int(r.next()%4)-1)
			case 10:
				n = ops.Mean(pick())
			case 11:
				n = ops.Softmax(pick(), int(r.next()%4)-2)
			case 12:
				n = ops.LogSoftmax(pick(), int(r.next()%3)-1)
			case 13:
				n = ops.Transpose(pick())
			case 14:
				n = ops.Reshape(pick(), -1)
			case 15:
				x := pick()
				n = ops.Slice(x, int(r.next()%3), int(r.next()%3), int(r.next()%4))
			case 16:
				n = ops.Concat(int(r.next()%3)-1, pick(), pick())
			case 17:
				n = ops.Max(pick(), int(r.next()%3)-1)
			case 18:
				n = ops.Pow(ops.Add(ops.Square(pick()), g.Scalar(1)), float64(r.next()%4)-1)
			case 19:
				x := pick()
				n = ops.Where(ops.Greater(x, g.Scalar(0.5)), x, pick())
			}
			nodes = append(nodes, n)
		}
		y := ops.Sum(nodes[len(nodes)-1])
		if g.Err() != nil {
			if _, err := autodiff.Grad(y, params...); err == nil {
				t.Fatal("Grad succeeded on a graph with an error")
			}
			if _, err := graph.Compile(y); err == nil {
				t.Fatal("Compile succeeded on a graph with an error")
			}
			return
		}
		res, err := autodiff.CheckGrad(y, params, &autodiff.CheckOptions{MaxElements: 16})
		if err != nil {
			return // an error is an acceptable outcome; a panic is not
		}
		if math.IsNaN(res.MaxError) || math.IsInf(res.MaxError, 0) {
			t.Fatalf("gradient check gave a non-finite error: %+v", res)
		}
		// The rewrites of graph.Fast (fusion, shared buffers, in-place
		// writes) must not change a bit of any output, over two runs.
		outs := append([]*graph.Node{y}, autodiff.MustGrad(y, params...)...)
		plain, fast := graph.MustCompile(outs...), must(graph.CompileWith(graph.Fast, outs...))
		for run := 0; run < 2; run++ {
			if plain.Run(nil) != nil || fast.Run(nil) != nil {
				t.Fatal("a program that compiled failed to run")
			}
			for _, o := range outs {
				a, b := plain.Value(o).Float64s(), fast.Value(o).Float64s()
				for k := range a {
					if math.Float64bits(a[k]) != math.Float64bits(b[k]) {
						t.Fatalf("run %d: %s[%d] = %v with graph.Fast, %v without", run, o, k, b[k], a[k])
					}
				}
			}
		}
	})
}

func must(p *graph.Program, err error) *graph.Program {
	if err != nil {
		panic(err)
	}
	return p
}

type byteReader struct {
	b []byte
	i int
}

func (r *byteReader) more() bool { return r.i < len(r.b) }

func (r *byteReader) next() byte {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

func size(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}
