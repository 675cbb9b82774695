package metrics_test

import (
	"fmt"
	"log"

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
