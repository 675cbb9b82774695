package metrics_test

import (
	"encoding/json"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"

	"github.com/chainrule/chainrule/metrics"
)

// The example of scikit-learn's confusion_matrix documentation.
func ExampleNewConfusion() {
	yTrue := []int{2, 0, 2, 2, 0, 1}
	yPred := []int{0, 0, 2, 2, 0, 2}
	c, err := metrics.NewConfusion(yTrue, yPred, 3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Matrix())
	fmt.Print(c)
	// Output:
	// [[2 0 0] [0 0 1] [1 0 2]]
	// true\pred  0  1  2
	// 0          2  0  0
	// 1          0  0  1
	// 2          1  0  2
}

// Class names label the rows (true classes) and columns (predictions).
func ExampleNewConfusionNames() {
	yTrue := []int{0, 0, 1, 1, 2, 2, 2}
	yPred := []int{0, 1, 1, 1, 2, 2, 0}
	c, err := metrics.NewConfusionNames(yTrue, yPred, []string{"ant", "bird", "cat"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(c)
	fmt.Printf("accuracy %.3f\n", c.Accuracy())
	// Output:
	// true\pred  ant  bird  cat
	// ant          1     1    0
	// bird         0     2    0
	// cat          1     0    2
	// accuracy 0.714
}

// The example of scikit-learn's classification_report documentation.
func ExampleConfusion_Report() {
	yTrue := []int{0, 1, 2, 2, 2}
	yPred := []int{0, 0, 2, 2, 1}
	names := []string{"class 0", "class 1", "class 2"}
	c, err := metrics.NewConfusionNames(yTrue, yPred, names)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(c.Report())
	// Output:
	//               precision    recall  f1-score   support
	//
	//      class 0       0.50      1.00      0.67         1
	//      class 1       0.00      0.00      0.00         1
	//      class 2       1.00      0.67      0.80         3
	//
	//     accuracy                           0.60         5
	//    macro avg       0.50      0.56      0.49         5
	// weighted avg       0.70      0.60      0.61         5
}

// A Confusion encodes to JSON for a CLI's --json output; Matrix gives the
// counts alone.
func ExampleConfusion_MarshalJSON() {
	c, err := metrics.NewConfusionNames([]int{0, 1, 1}, []int{0, 1, 0}, []string{"no", "yes"})
	if err != nil {
		log.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	fmt.Println(c.Matrix())
	// Output:
	// {"classes":["no","yes"],"matrix":[[1,0],[1,1]]}
	// [[1 0] [1 1]]
}

// Add accumulates batches; a bad label is reported with its index.
func ExampleConfusion_Add() {
	c, err := metrics.NewConfusion(nil, nil, 3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Add([]int{0, 1}, []int{0, 2}))
	fmt.Println(c.Add([]int{2, 1}, []int{2, 3}))
	fmt.Println(c.Matrix(), c.Total())
	// Output:
	// <nil>
	// metrics: yPred[1] = 3 is not a class label in [0, 3)
	// [[1 0 0] [0 0 1] [0 0 0]] 2
}

// Missing keypoints have mask 0 and do not count, whatever their target.
func ExampleMaskedRMSE() {
	pred := []float64{10, 20, 30, 40}
	target := []float64{13, math.NaN(), 26, 40}
	mask := []float64{1, 0, 1, 1}
	e, err := metrics.MaskedRMSE(pred, target, mask)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.4f\n", e) // sqrt((9 + 16 + 0) / 3)
	// Output:
	// 2.8868
}

func ExampleWriteLossCurvePNG() {
	dir, err := os.MkdirTemp("", "metrics")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	err = metrics.WriteLossCurvePNG(filepath.Join(dir, "loss.png"), &metrics.PlotOptions{LogY: true},
		metrics.Series{Name: "train", Values: []float64{2.3, 1.1, 0.7, 0.5}},
		metrics.Series{Name: "test", Values: []float64{2.2, 1.2, 0.8, 0.7}},
	)
	fmt.Println(err)
	// Output:
	// <nil>
}
