package layers_test

import (
	"fmt"
	"math"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
)

// A 1-unit LSTM over the sequence x = (ln 3, ln 2), with Wx = (0, 0, 1, 0)
// (gates i, f, g, o), Wh = 0 and b = (0, ln 3, 0, 0), so that
// i = o = σ(0) = ½, f = σ(ln 3) = ¾ and g_t = tanh(x_t) = 0.8, then 0.6:
//
//	c₁ = ½·0.8 = 0.4,           h₁ = ½·tanh(0.4) = 0.189974…
//	c₂ = ¾·0.4 + ½·0.6 = 0.6,   h₂ = ½·tanh(0.6) = 0.268525…
func ExampleLSTM() {
	m, err := layers.NewModel(&layers.LSTM{Hidden: 1, EveryStep: true},
		layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 2, 1}, Seed: 1}) // [B, T, In]
	if err != nil {
		fmt.Println(err)
		return
	}
	st := m.Store()
	copy(st.Lookup("Wx").Value.Float64s(), []float64{0, 0, 1, 0})
	copy(st.Lookup("Wh").Value.Float64s(), []float64{0, 0, 0, 0})
	copy(st.Lookup("b").Value.Float64s(), []float64{0, math.Log(3), 0, 0})
	x := tensor.New(tensor.WithShape(1, 2, 1), tensor.WithBacking([]float64{math.Log(3), math.Log(2)}))
	h, err := m.Predict(x) // [B, T, H]
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("h = %.5f\n", h.Float64s())
	// Output: h = [0.18997 0.26852]
}
