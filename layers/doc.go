// Package layers composes neural networks from reusable building blocks and
// runs them at any batch size.
//
// # Layers
//
// A Layer adds its nodes to a graph for an input node:
//
//	type Layer interface {
//		Forward(s *Scope, x *graph.Node) *graph.Node
//	}
//
// Its params (trainable) and state (saved, not trained: batch norm's running
// mean) are reached through the Scope by short names and created on first
// use with a seeded initialiser (Glorot, He, Zeros, ...). Scopes nest: the
// child scope s.In("conv1") stores "W" as "conv1.W". Every tensor lives in
// the model's Store, once, and every graph built for the model (for
// training or evaluation, at any batch size) holds the same tensors.
//
// A layer's hyperparameters are its exported fields. A user's own layer is
// a plain struct holding layers:
//
//	type Block struct{ A, B layers.Layer }
//
//	func (b *Block) Forward(s *layers.Scope, x *graph.Node) *graph.Node {
//		return b.B.Forward(s.In("b"), b.A.Forward(s.In("a"), x))
//	}
//
// # Models
//
// NewModel takes the root layer and a Spec whose input leaves its batch
// dimension open (-1). Predict and Trainer compile a program per batch size
// and mode once, keep a small cache of them, and run a step at a cached size
// without allocating. Training programs run in training mode (dropout
// drops, batch norm uses the batch's statistics) with the model's
// training-run counter (Model.Counter); evaluation programs do not.
//
// # Saving
//
// Save writes the layer tree (type names and hyperparameters), the spec and
// every tensor to one versioned, checksummed file; Load rebuilds a model of
// built-in and registered layers. Register a layer type of your own as
// gob.Register does.
//
// # Weights for other frameworks
//
// SaveSafetensors, SaveNPZ, LoadSafetensors and LoadNPZ move every param
// and state tensor under its store name through safetensors and NumPy .npz
// files (package weights), checking names, dtypes and shapes and changing
// nothing on a mismatch. ToTorch and FromTorch rename them to and from the
// state_dict of the equivalent torch.nn module (Linear is nn.Linear with
// its weight transposed, LSTM is nn.LSTM(batch_first=True), BatchNorm's
// running statistics are running_mean and running_var, ...), so PyTorch's
// load_state_dict(strict=True) takes the exported file as it is; SaveTorch
// and LoadTorch do the same with the file. docs/interop.md lists the module
// of every layer.
package layers
