package weights_test

import (
	"bytes"
	"fmt"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/weights"
)

// A model's tensors go out as safetensors and come back into another
// model's by name.
func Example() {
	w := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float32{1, 2, 3, 4, 5, 6}))
	b := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float32{0.5, 0, -0.5}))
	var file bytes.Buffer
	if err := weights.WriteSafetensors(&file, []weights.Named{{Name: "fc.weight", Value: w}, {Name: "fc.bias", Value: b}}, map[string]string{"format": "pt"}); err != nil {
		fmt.Println(err)
		return
	}
	ts, meta, err := weights.ReadSafetensors(bytes.NewReader(file.Bytes()), int64(file.Len()))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range ts {
		fmt.Println(t.Name, t.Value.Shape(), t.Value.Data())
	}
	fmt.Println(meta)

	model := []weights.Named{
		{Name: "fc.weight", Value: tensor.New(tensor.WithShape(3, 2), tensor.WithBacking(make([]float32, 6)))},
		{Name: "fc.bias", Value: tensor.New(tensor.WithShape(3), tensor.WithBacking(make([]float32, 3)))},
	}
	fmt.Println(weights.Assign(model, ts))
	// Output:
	// fc.bias (3) [0.5 0 -0.5]
	// fc.weight (2, 3) [1 2 3 4 5 6]
	// map[format:pt]
	// fc.weight: the file has shape (2, 3), the model has (3, 2): the file's tensors do not match the model's
}
