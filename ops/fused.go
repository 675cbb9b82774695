package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
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
	return &binUnary{b: b, u: o, addReLU: b.kind == kAdd && o.name == "ReLU"}
}

// binUnary computes u(a op b) row by row.
type binUnary struct {
	fusedOnly
	b       *binary
	u       *unary
	addReLU bool // one vector kernel does both (kernels.AddReLU32, kernels.AddReLU64)
}

func (o *binUnary) Name() string { return o.b.Name() + "+" + o.u.Name() }

func (o *binUnary) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	return runPrepared(o, dst, in)
}

func (o *binUnary) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.b.dk.of(dst) {
	case kindF64:
		var both func(d, a, b []float64)
		if o.addReLU {
			both = kernels.AddReLU64
		}
		return prepBinUnary(o.b.kind, o.b.plan, o.u.k64, both, o.u.heavy, f64(dst), f64(in[0]), f64(in[1]))
	case kindF32:
		var both func(d, a, b []float32)
		if o.addReLU {
			both = kernels.AddReLU32
		}
		return prepBinUnary(o.b.kind, o.b.plan, o.u.k32, both, o.u.heavy, f32(dst), f32(in[0]), f32(in[1]))
	}
	return nil
}

// prepBinUnary splits the rows (or, without broadcasting, the chunks) of a
// fused op across cores when there are enough of them.
func prepBinUnary[T Float](k binKind, p *bcastPlan, u func(d, x []T), both func(d, a, b []T), heavy bool, d, a, b []T) func() {
	grain := grainLight
	if heavy {
		grain = grainHeavy
	}
	unit := fuseChunk
	if len(d) > 1 && !p.allFlat() {
		unit = p.inner
	}
	units := (len(d) + unit - 1) / max(unit, 1)
	return split(units*unit, grain, func() { binUnaryK(k, p, u, both, d, a, b, 0, units) }, func(lo, hi int) {
		binUnaryK(k, p, u, both, d, a, b, (lo+unit-1)/unit, (hi+unit-1)/unit)
	})
}

// binUnaryK computes d = u(a k b) with p's broadcasting for rows (or
// fuseChunk-element chunks, without broadcasting) r0 to r1, a row or chunk
// at a time, so that the activation reads the sum while it is in cache.
// both, when not nil, computes the two in one pass over rows without
// broadcasting.
func binUnaryK[T Float](k binKind, p *bcastPlan, u func(d, x []T), both func(d, a, b []T), d, a, b []T, r0, r1 int) {
	if len(d) == 1 || p.allFlat() {
		for lo := r0 * fuseChunk; lo < min(r1*fuseChunk, len(d)); lo += fuseChunk {
			hi := min(lo+fuseChunk, len(d))
			if both != nil {
				both(d[lo:hi], a[lo:hi], b[lo:hi])
				continue
			}
			binaryRow(k, d[lo:hi], a[lo:], 1, b[lo:], 1)
			u(d[lo:hi], d[lo:hi])
		}
		return
	}
	n := p.inner
	for r := r0; r < r1 && r*n < len(d); r++ {
		ao, as := p.rowOf(0, r)
		bo, bs := p.rowOf(1, r)
		row := d[r*n : (r+1)*n]
		if both != nil && as == 1 && bs == 1 {
			both(row, a[ao:ao+n], b[bo:bo+n])
			continue
		}
		binaryRow(k, row, a[ao:], as, b[bo:], bs)
		u(row, row)
	}
}

// fusedOnly gives a fused op (one Compile puts in a program, never in a
// graph) the Infer and VJP it never needs.
type fusedOnly struct{}

// Infer is never called: fused ops exist only inside compiled programs.
func (fusedOnly) Infer([]*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	return nil, tensor.Float64, errors.New("fused op: not for graphs")
}

// VJP is never called: programs are differentiated before they are fused.
func (fusedOnly) VJP(_, _ *graph.Node) ([]*graph.Node, error) {
	return nil, errors.New("fused op: not for graphs")
}

// runPrepared is a fused op's Forward: its prepared kernel, run once, or
// an error naming the op and the dtype it has no kernel for.
func runPrepared(o interface {
	Name() string
	Prepare(*tensor.Dense, []*tensor.Dense) func()
}, dst *tensor.Dense, in []*tensor.Dense) error {
	if f := o.Prepare(dst, in); f != nil {
		f()
		return nil
	}
	return errDtype(o.Name(), dst.Dtype())
}
