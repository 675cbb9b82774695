package nets

// DFF is a deep feed-forward network: L ≥ 1 hidden layers of the chosen
// activation f (ReLU by default) and an output layer, softmax with
// cross-entropy by default:
//
//	h₀ = x,  hᵢ = f(hᵢ₋₁·Wᵢ + bᵢ) for i = 1…L,  o = g(h_L·W_{L+1} + b_{L+1})
//
// Layers: layers.Seq of Name("i", Linear) and f for i = 1…L, then
// Name("L+1", Linear); the head applies g.
// Params: "W1", "b1", …, "W{L+1}", "b{L+1}" (the layers' "1.W", "1.b", …).
type DFF struct{ base }

var _ Network = (*DFF)(nil)
