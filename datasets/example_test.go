package datasets_test

import (
	"fmt"
	"log"
	"math/rand/v2"

	"github.com/chainrule/chainrule/datasets"
)

func ExampleMNIST() {
	ds, err := datasets.MNIST()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ds.X.Shape(), ds.SampleShape, ds.ClassCounts())
	// Output: (10000, 784) [28 28] [1001 1127 991 1032 980 863 1014 1070 944 978]
}

func ExampleIris() {
	ds, err := datasets.Iris()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ds.Len(), ds.Classes, ds.ClassCounts())
	// Output: 150 [setosa versicolor virginica] [50 50 50]
}

func ExampleStratifiedSplit() {
	ds, err := datasets.Digits()
	if err != nil {
		log.Fatal(err)
	}
	train, test, err := datasets.StratifiedSplit(ds, 0.2, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(train.Len(), test.Len(), test.ClassCounts())
	// Output: 1438 359 [36 36 35 37 36 36 36 36 35 36]
}

func ExampleNewBatches() {
	ds, err := datasets.Digits()
	if err != nil {
		log.Fatal(err)
	}
	if err := ds.ScaleRange(0.01, 0.99, 0, 16); err != nil {
		log.Fatal(err)
	}
	it, err := datasets.NewBatches(ds, 500, rand.New(rand.NewPCG(1, 2)), false)
	if err != nil {
		log.Fatal(err)
	}
	for it.Next() {
		fmt.Println(it.X().Shape(), it.OneHot().Shape())
	}
	// Output:
	// (500, 64) (500, 10)
	// (500, 64) (500, 10)
	// (500, 64) (500, 10)
	// (297, 64) (297, 10)
}
