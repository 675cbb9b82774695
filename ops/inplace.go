package ops

// In-place writes (graph.InPlacer): the elementwise kernels read each
// element of an operand before writing the same element of the result, so
// the result may overwrite any operand of the output's own shape. The
// gradient sums autodiff builds, Add(acc, c), then accumulate in acc.

func (o *binary) InPlace(k int) bool { return o.plan.flat[k] }

func (o *unary) InPlace(k int) bool { return k == 0 }

func (o *actGrad) InPlace(int) bool { return true }

func (o *binUnary) InPlace(k int) bool { return o.b.plan.flat[k] }
