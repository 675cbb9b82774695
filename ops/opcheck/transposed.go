package opcheck

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, matMulTCases) }

// extra holds case groups registered by other files of this package.
var extra []func() []Case

// matMulTCases covers all four transpose-flag combinations.
func matMulTCases() []Case {
	var cs []Case
	for _, f := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
		f := f
		cs = append(cs, Case{Op: "MatMulT", Name: flags(f), Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			as, bs := []int{3, 4}, []int{4, 2}
			if f[0] {
				as = []int{4, 3}
			}
			if f[1] {
				bs = []int{2, 4}
			}
			x, y := b.Param(-1, 1, as...), b.Param(-1, 1, bs...)
			return ops.MatMulT(x, y, f[0], f[1]), []*graph.Node{x, y}
		}})
	}
	return cs
}

func flags(f [2]bool) string {
	s := "a"
	if f[0] {
		s += "ᵀ"
	}
	s += "·b"
	if f[1] {
		s += "ᵀ"
	}
	return s
}
