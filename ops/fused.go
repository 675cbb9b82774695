package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Fusion of an elementwise binary op (typically the bias add of a layer)
// with the activation after it: graph.Compile asks the activation
// (graph.Fuser) whether it can absorb the op producing its operand, and when
// nothing else reads that op's result the two run as one step that writes
// each row of the sum and applies the activation to it while it is still
// in cache, with no buffer for the sum. Every activation's gradient reads
// its output, not its input, so backward passes do not keep the sum alive.

// fuseChunk is how many elements of a broadcast-free fused op are done per
// pass: small enough to stay in L1 between the two kernels.
const fuseChunk = 2048

// Fuse returns the op computing o(q) in one pass when q is an elementwise
// arithmetic op, and nil otherwise.
func (o *unary) Fuse(q *graph.Node) graph.Op {
	b, ok := q.Op().(*binary)
	if !ok || b.kind == kGreater || o.dk == kindUnknown || b.dk != o.dk {
		return nil
	}
	return &binUnary{b: b, u: o}
}

// binUnary computes u(a op b) row by row.
type binUnary struct {
	b *binary
	u *unary
}

func (o *binUnary) Name() string { return o.b.Name() + "+" + o.u.Name() }

// Infer is never called: fused ops exist only inside compiled programs.
func (o *binUnary) Infer([]*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	return nil, tensor.Float64, errors.New("fused op: not for graphs")
}

// VJP is never called: programs are differentiated before they are fused.
func (o *binUnary) VJP(_, _ *graph.Node) ([]*graph.Node, error) {
	return nil, errors.New("fused op: not for graphs")
}

func (o *binUnary) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	if f := o.Prepare(dst, in); f != nil {
		f()
		return nil
	}
	return errDtype(o.Name(), dst.Dtype())
}

func (o *binUnary) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.b.dk.of(dst) {
	case kindF64:
		d, a, b, k, u := f64(dst), f64(in[0]), f64(in[1]), o.b.kind, o.u.k64
		return func() { binUnaryK(k, o.b.plan, u, d, a, b) }
	case kindF32:
		d, a, b, k, u := f32(dst), f32(in[0]), f32(in[1]), o.b.kind, o.u.k32
		return func() { binUnaryK(k, o.b.plan, u, d, a, b) }
	}
	return nil
}

// binUnaryK computes d = u(a k b) with p's broadcasting, a row (or a chunk)
// at a time.
func binUnaryK[T Float](k binKind, p *bcastPlan, u func(d, x []T), d, a, b []T) {
	if len(d) == 1 || p.allFlat() {
		for lo := 0; lo < len(d); lo += fuseChunk {
			hi := min(lo+fuseChunk, len(d))
			binaryRow(k, d[lo:hi], a[lo:], 1, b[lo:], 1)
			u(d[lo:hi], d[lo:hi])
		}
		return
	}
	n := p.inner
	for r := 0; r*n < len(d); r++ {
		ao, as := r*n, 1
		if !p.flat[0] {
			ao, as = p.off[0][r], p.ist[0]
		}
		bo, bs := r*n, 1
		if !p.flat[1] {
			bo, bs = p.off[1][r], p.ist[1]
		}
		row := d[r*n : (r+1)*n]
		binaryRow(k, row, a[ao:], as, b[bo:], bs)
		u(row, row)
	}
}
