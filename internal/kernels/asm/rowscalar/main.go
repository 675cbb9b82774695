// Command rowscalar writes ../rowscalar_amd64.s, the AVX2 kernels of a row
// and one scalar of package kernels (rowscalar.go there gives their
// semantics and the pure-Go references), with avo, in the loop shape of
// package loop. From internal/kernels:
//
//	go generate        (runs: go run -C asm ./rowscalar -out ../rowscalar_amd64.s)
//
// Each kernel is d[i] = a[i] op s for op +, − or ×, or d[i] = s − a[i]:
// s, the first element of its slice, is broadcast into Y8 once, and each
// lane is one plain IEEE operation with the operands in that order (x86
// keeps the first operand's payload when both are NaN, as Go's scalar
// arithmetic does), so the results are bit-identical to the Go loops.
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/chainrule/chainrule/internal/kernels/asm/loop"
)

func main() {
	ops := []struct {
		name, sym string
		op        func(o loop.Ops) func(...Op)
	}{
		{"add", "+", func(o loop.Ops) func(...Op) { return o.Add }},
		{"sub", "-", func(o loop.Ops) func(...Op) { return o.Sub }},
		{"mul", "*", func(o loop.Ops) func(...Op) { return o.Mul }},
	}
	for _, e := range []loop.Elem{loop.Float32, loop.Float64} {
		for _, first := range []bool{false, true} {
			for _, op := range ops {
				if first && op.name != "sub" {
					continue // + and × commute: addScalar and mulScalar serve
				}
				name, doc := op.name+"Scalar", "d[i] = a[i] "+op.sym+" s[0]"
				step := func(o loop.Ops, a loop.At) { op.op(o)(a.Reg(8), a.Bank(0), a.Bank(0)) }
				if first {
					name, doc = "scalar"+string(op.name[0]-'a'+'A')+op.name[1:], "d[i] = s[0] "+op.sym+" a[i]"
					step = func(o loop.Ops, a loop.At) { op.op(o)(a.Bank(0), a.Reg(8), a.Bank(0)) }
				}
				loop.Gen(e, loop.Kernel{Name: name + e.Suffix + "AVX2", Doc: doc, In: []string{"a", "s"},
					Steps: []loop.Step{loop.LoadStep(0, RSI), step, loop.StoreStep(0)},
					Setup: func(e loop.Elem) {
						if e.Size == 4 {
							VBROADCASTSS(Mem{Base: RDX}, Y8)
						} else {
							VBROADCASTSD(Mem{Base: RDX}, Y8)
						}
					}})
			}
		}
	}
	Generate()
}
