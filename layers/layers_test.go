package layers_test

import (
	"testing"

	"github.com/chainrule/chainrule/layers"
)

func TestLinear(t *testing.T) {
	checkLayer(t, "Linear", layerCase{layer: &layers.Linear{Out: 3}, in: []int{4, 5}, out: []int{4, 3}, params: 5*3 + 3})
	checkLayer(t, "Linear 3-D", layerCase{layer: &layers.Linear{In: 5, Out: 2, NoBias: true, Init: "he"}, in: []int{2, 3, 5}, out: []int{2, 3, 2}, params: 10})
}

func TestActivations(t *testing.T) {
	for name, l := range map[string]layers.Layer{
		"ReLU": layers.ReLU{}, "Sigmoid": layers.Sigmoid{}, "Tanh": layers.Tanh{},
		"LeakyReLU": &layers.LeakyReLU{}, "LeakyReLU 0.2": &layers.LeakyReLU{Alpha: 0.2},
		"GELU": &layers.GELU{}, "GELU tanh": &layers.GELU{Tanh: true}, "SiLU": layers.SiLU{},
		"Softmax": layers.Softmax{},
	} {
		checkLayer(t, name, layerCase{layer: l, in: []int{3, 4}, out: []int{3, 4}, lo: 0.1, hi: 2})
	}
}

func TestFlatten(t *testing.T) {
	checkLayer(t, "Flatten", layerCase{layer: layers.Flatten{}, in: []int{2, 3, 2, 2}, out: []int{2, 12}})
}

func TestGlobalAvgPool(t *testing.T) {
	checkLayer(t, "GlobalAvgPool", layerCase{layer: layers.GlobalAvgPool{}, in: []int{2, 3, 2, 4}, out: []int{2, 3}})
}

func TestSequential(t *testing.T) {
	seq := layers.Seq(&layers.Linear{Out: 4}, layers.Tanh{}, layers.Name("head", &layers.Linear{Out: 2}))
	checkLayer(t, "Sequential", layerCase{layer: seq, in: []int{3, 5}, out: []int{3, 2}, params: 5*4 + 4 + 4*2 + 2})
	st := newStore(t, dtF64)
	buildOn(t, st, seq, 3, 5)
	var names []string
	for _, e := range st.Entries() {
		names = append(names, e.Name)
	}
	if got := fmtNames(names); got != "0.W 0.b head.W head.b" {
		t.Fatalf("names %s", got)
	}
}

func TestLayerNorm(t *testing.T) {
	checkLayer(t, "LayerNorm", layerCase{layer: &layers.LayerNorm{}, in: []int{3, 5}, out: []int{3, 5}, params: 10})
	checkLayer(t, "LayerNorm 3-D", layerCase{layer: &layers.LayerNorm{Features: 4, NoAffine: true}, in: []int{2, 3, 4}, out: []int{2, 3, 4}})
}

func TestBatchNormGradients(t *testing.T) {
	for _, training := range []bool{true, false} {
		checkLayer(t, "BatchNorm 2-D", layerCase{layer: &layers.BatchNorm{}, in: []int{5, 3}, out: []int{5, 3}, params: 6, state: 6, training: training})
		checkLayer(t, "BatchNorm 4-D", layerCase{layer: &layers.BatchNorm{Features: 2}, in: []int{2, 2, 3, 3}, out: []int{2, 2, 3, 3}, params: 4, state: 4, training: training})
	}
}
