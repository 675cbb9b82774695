package ops_test

import (
	"encoding/json"
	"os"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// testdata/torch_ops2.json is written by testdata/gen_torch_ops2.py with
// PyTorch 1.13 in float64; its tensors are torchTensor (conv_torch_test.go).

func (tt torchTensor) ints() *tensor.Dense {
	v := make([]int, len(tt.Data))
	for i, x := range tt.Data {
		v[i] = int(x)
	}
	return ints(tt.Shape, v...)
}

type torchOps2 struct {
	Torch  string
	Gather []struct {
		Name                string
		Table, Indices, Out torchTensor
		R                   torchTensor
		GradTable           torchTensor `json:"grad_table"`
	}
	BMM []struct {
		Name   string
		A, B   torchTensor
		TA, TB bool
		Out, R torchTensor
		GradA  torchTensor `json:"grad_a"`
		GradB  torchTensor `json:"grad_b"`
	} `json:"bmm"`
	Attention []struct {
		Name    string
		Q, K, V torchTensor
		Out, R  torchTensor
		GradQ   torchTensor `json:"grad_q"`
		GradK   torchTensor `json:"grad_k"`
		GradV   torchTensor `json:"grad_v"`
	}
}

func loadTorchOps2(t *testing.T) torchOps2 {
	t.Helper()
	b, err := os.ReadFile("testdata/torch_ops2.json")
	if err != nil {
		t.Fatal(err)
	}
	var f torchOps2
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Gather) == 0 || len(f.BMM) == 0 || len(f.Attention) == 0 {
		t.Fatalf("fixtures incomplete: %d gather, %d bmm, %d attention cases", len(f.Gather), len(f.BMM), len(f.Attention))
	}
	return f
}

// torchGrads compiles out, the loss Σ out ⊙ r and its gradients with
// respect to wrt, runs them and returns the values of out and the gradients.
func torchGrads(t *testing.T, g *graph.Graph, out *graph.Node, r torchTensor, wrt ...*graph.Node) [][]float64 {
	t.Helper()
	loss := ops.Sum(ops.Mul(out, g.Const(r.dense())))
	grads, err := autodiff.Grad(loss, wrt...)
	if err != nil {
		t.Fatal(err)
	}
	return eval(t, nil, append([]*graph.Node{out}, grads...)...)
}

const torchTol = 1e-10

// Gather's values and its table's gradient (rows picked several times get
// the sum) equal PyTorch's embedding and axis-0 indexing.
func TestGatherMatchesTorch(t *testing.T) {
	for _, c := range loadTorchOps2(t).Gather {
		g := graph.New()
		table := g.Param("table", c.Table.dense())
		out := ops.Gather(table, g.Const(c.Indices.ints()))
		wantShape(t, out, c.Out.Shape...)
		got := torchGrads(t, g, out, c.R, table)
		near(t, c.Name+" out", got[0], c.Out.Data, torchTol)
		near(t, c.Name+" grad table", got[1], c.GradTable.Data, torchTol)
	}
}

// BatchMatMul's values and both gradients (summed over broadcast batch
// dimensions) equal torch.matmul's.
func TestBatchMatMulMatchesTorch(t *testing.T) {
	for _, c := range loadTorchOps2(t).BMM {
		g := graph.New()
		a, b := g.Param("a", c.A.dense()), g.Param("b", c.B.dense())
		out := ops.BatchMatMul(a, b, c.TA, c.TB)
		wantShape(t, out, c.Out.Shape...)
		got := torchGrads(t, g, out, c.R, a, b)
		near(t, c.Name+" out", got[0], c.Out.Data, torchTol)
		near(t, c.Name+" grad a", got[1], c.GradA.Data, torchTol)
		near(t, c.Name+" grad b", got[2], c.GradB.Data, torchTol)
	}
}

// Attention written from ops (attention in batchmatmul_test.go) equals
// PyTorch's softmax(QKᵀ/√d)V, values and the three gradients.
func TestAttentionMatchesTorch(t *testing.T) {
	for _, c := range loadTorchOps2(t).Attention {
		g := graph.New()
		q, k, v := g.Param("q", c.Q.dense()), g.Param("k", c.K.dense()), g.Param("v", c.V.dense())
		out := attention(g, q, k, v)
		wantShape(t, out, c.Out.Shape...)
		got := torchGrads(t, g, out, c.R, q, k, v)
		near(t, c.Name+" out", got[0], c.Out.Data, torchTol)
		near(t, c.Name+" grad q", got[1], c.GradQ.Data, torchTol)
		near(t, c.Name+" grad k", got[2], c.GradK.Data, torchTol)
		near(t, c.Name+" grad v", got[3], c.GradV.Data, torchTol)
	}
}
