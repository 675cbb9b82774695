package datasets_test

import (
	"fmt"

	"github.com/chainrule/chainrule/datasets"
)

func ExampleWindows() {
	d, err := datasets.Windows([]float64{1, 2, 3, 4, 5, 6}, 3, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.X.Data(), d.Y.Data(), d.Targets)
	// Output: [1 2 3 2 3 4] [4 5 5 6] [t+1 t+2]
}

func ExampleAirPassengers() {
	series, err := datasets.AirPassengers()
	if err != nil {
		fmt.Println(err)
		return
	}
	// Split the series first, then window each part: no test value leaks
	// into a training window.
	train, test, err := datasets.SplitSeries(series, 0.75)
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := datasets.Windows(train, 12, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(series), len(train), len(test), d.X.Shape())
	// Output: 144 108 36 (96, 12)
}

func ExampleCharWindows() {
	vocab, err := datasets.NewVocabulary("abracadabra")
	if err != nil {
		fmt.Println(err)
		return
	}
	ids, _ := vocab.Encode("abracadabra")
	d, err := datasets.CharWindows(ids, 4, vocab.Size())
	if err != nil {
		fmt.Println(err)
		return
	}
	d.Classes = vocab.Classes()
	fmt.Println(string(vocab.Runes()), ids)
	fmt.Println(d.X.Shape(), d.SampleShape, d.Classes[d.Y.Data().([]int)[0]])
	// Output:
	// abcdr [0 1 4 0 2 0 3 0 1 4 0]
	// (7, 20) [4 5] c
}
