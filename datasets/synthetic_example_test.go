package datasets_test

import (
	"fmt"

	"github.com/chainrule/chainrule/datasets"
)

func ExampleXOR() {
	d := datasets.XOR()
	x := d.X.Data().([]float64)
	y := d.Y.Data().([]int)
	for i := range y {
		fmt.Printf("%v xor %v = %s\n", x[2*i], x[2*i+1], d.Classes[y[i]])
	}
	// Output:
	// 0 xor 0 = 0
	// 0 xor 1 = 1
	// 1 xor 0 = 1
	// 1 xor 1 = 0
}

func ExampleSpirals() {
	d, err := datasets.Spirals(100, 0.05, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.X.Shape(), d.Y.Shape(), d.Classes)
	// Output: (200, 2) (200) [0 1]
}
