package ops

import (
	"fmt"
	"strconv"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/backing"
	"github.com/chainrule/chainrule/internal/kernels"
)

// Float is the element type of float tensors.
type Float = kernels.Float

// errDtype is returned by a kernel asked to run on a dtype it does not have.
func errDtype(op string, dt tensor.Dtype) error {
	return errors.Errorf("%s: no kernel for dtype %v", op, dt)
}

// sameFloat checks that every operand is float64 or float32 and that they
// agree, and returns the dtype.
func sameFloat(in []*graph.Node) (tensor.Dtype, error) {
	dt := in[0].Dtype()
	for i, n := range in {
		if n.Dtype() != dt {
			return dt, errors.Errorf("operand %d has dtype %v, operand 0 has %v", i, n.Dtype(), dt)
		}
	}
	if dt != tensor.Float64 && dt != tensor.Float32 {
		return dt, errors.Errorf("dtype %v, want float64 or float32", dt)
	}
	return dt, nil
}

// rows walks an output of shape out, row by row along its last dimension,
// with one operand broadcast to it by strides st (from graph.BroadcastStrides).
// For each row it calls fn with the output offset, the operand offset, the
// operand's stride along the row, and the row length.
type rowPlan struct {
	outer []int // sizes of all but the last output dimension
	st    []int // operand strides for those dimensions
	inner int   // length of the last dimension
	ist   int   // operand stride along the last dimension
	n     int   // number of rows
}

func newRowPlan(out tensor.Shape, st []int) rowPlan {
	if len(out) == 0 {
		return rowPlan{inner: 1, n: 1}
	}
	p := rowPlan{outer: out[:len(out)-1], st: st[:len(st)-1], inner: out[len(out)-1], ist: st[len(st)-1], n: 1}
	for _, d := range p.outer {
		p.n *= d
	}
	return p
}

// checkPlan returns an error, before row plans for a result of shape out
// and dtype dt are built for k operands, when the result is too large (see
// graph.CheckSize) or the plans, one offset per row for each operand, would
// take more than graph.MemoryLimit. Every op's Infer calls it before it
// builds a plan.
//
// The check counts what is allocated: for a [2^23, 1] float32 result of a
// broadcast Add, 64 MiB of offsets for the one broadcast operand.
func checkPlan(out tensor.Shape, dt tensor.Dtype, k int) error {
	if err := graph.CheckSize("result", out, dt); err != nil {
		return err
	}
	rows := 1
	for i := 0; i+1 < len(out); i++ {
		rows *= out[i] // no overflow: rows ≤ the element count
	}
	if limit := graph.MemoryLimit(); k > 0 && rows > limit/(8*k) {
		return fmt.Errorf("result %s: row plans of %d offsets for each of %d broadcast operands, %w of %s",
			graph.ShapeString(out), rows, k, graph.ErrMemoryLimit, graph.FormatBytes(limit))
	}
	return nil
}

// planned returns how many of the operand shapes newBcastPlan builds row
// offsets for: those that differ from out.
func planned(out tensor.Shape, in ...tensor.Shape) int {
	k := 0
	for _, s := range in {
		if !graph.SameShape(s, out) {
			k++
		}
	}
	return k
}

// offsets fills off[r] with the operand offset of output row r. As a last
// guard (Infer calls checkPlan first) it returns nil rather than allocate
// more than graph.MemoryLimit.
func (p rowPlan) offsets() []int {
	if p.n < 0 || p.n > graph.MemoryLimit()/8 {
		return nil
	}
	off := make([]int, p.n)
	idx := make([]int, len(p.outer))
	cur := 0
	for r := 0; r < p.n; r++ {
		off[r] = cur
		for d := len(idx) - 1; d >= 0; d-- {
			idx[d]++
			cur += p.st[d]
			if idx[d] < p.outer[d] {
				break
			}
			cur -= p.st[d] * idx[d]
			idx[d] = 0
		}
	}
	return off
}

// bcastPlan describes how the operands of an elementwise op map onto its
// output: per output row, each operand's start offset and stride.
type bcastPlan struct {
	flat  []bool // operand i has the output's shape (no broadcast)
	inner int
	ist   []int   // per operand: stride along the row
	off   [][]int // per operand: start offset of each row
}

func newBcastPlan(out tensor.Shape, in ...tensor.Shape) *bcastPlan {
	p := &bcastPlan{flat: make([]bool, len(in)), ist: make([]int, len(in)), off: make([][]int, len(in))}
	for i, s := range in {
		p.flat[i] = graph.SameShape(s, out)
		rp := newRowPlan(out, graph.BroadcastStrides(s, out))
		p.inner, p.ist[i] = rp.inner, rp.ist
		if !p.flat[i] {
			p.off[i] = rp.offsets()
		}
	}
	return p
}

// rowOf returns where output row r starts in operand i and the operand's
// stride along the row.
func (p *bcastPlan) rowOf(i, r int) (off, stride int) {
	if p.flat[i] {
		return r * p.inner, 1
	}
	return p.off[i][r], p.ist[i]
}

// continues reports whether row r of operand i carries on m rows that
// started at off with stride st: at off + m·inner for stride 1, at off for
// stride 0.
func (p *bcastPlan) continues(i, r, off, st, m int) bool {
	o, s := p.rowOf(i, r)
	if s != st {
		return false
	}
	if st == 0 {
		return o == off
	}
	return st == 1 && o == off+m*p.inner
}

// merged returns how many rows from r, at most hi − r, continue both
// operands (at least 1).
func (p *bcastPlan) merged(r, hi int) int {
	ao, as := p.rowOf(0, r)
	bo, bs := p.rowOf(1, r)
	m := 1
	for r+m < hi && p.continues(0, r+m, ao, as, m) && p.continues(1, r+m, bo, bs, m) {
		m++
	}
	return m
}

// groups returns the first rows of the runs of rows that continue both
// operands, then the row count: computed once when a program is
// compiled, so that a run does not test every row.
func (p *bcastPlan) groups(rows int) []int {
	var starts []int
	for r := 0; r < rows; r += p.merged(r, rows) {
		starts = append(starts, r)
	}
	return append(starts, rows)
}

// allFlat reports whether no operand is broadcast.
func (p *bcastPlan) allFlat() bool {
	for _, f := range p.flat {
		if !f {
			return false
		}
	}
	return true
}

// f64 and f32 return a tensor's backing slice. They read the raw bytes
// directly: tensor's own Float64s computes the length through reflection,
// which costs more than a whole scalar kernel.
func f64(t *tensor.Dense) []float64 { return backing.F64(t.Raw) }

func f32(t *tensor.Dense) []float32 { return backing.F32(t.Raw) }

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// floatKind is an operand dtype cached by Infer, so that a kernel switches on
// a byte instead of comparing tensor.Dtype interfaces on every run.
type floatKind uint8

const (
	kindUnknown floatKind = iota // not inferred: ask the tensor
	kindF64
	kindF32
)

func kindOf(dt tensor.Dtype) floatKind {
	switch dt {
	case tensor.Float64:
		return kindF64
	case tensor.Float32:
		return kindF32
	}
	return kindUnknown
}

// of returns k, or dst's kind when k was never inferred.
func (k floatKind) of(dst *tensor.Dense) floatKind {
	if k != kindUnknown {
		return k
	}
	return kindOf(dst.Dtype())
}
