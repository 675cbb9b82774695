package metrics

import (
	"math"
	"testing"
)

const tol = 1e-12

func sameScore(a, b ClassScore) bool {
	return a.Name == b.Name && a.Support == b.Support &&
		math.Abs(a.Precision-b.Precision) < tol &&
		math.Abs(a.Recall-b.Recall) < tol &&
		math.Abs(a.F1-b.F1) < tol
}

func TestReport(t *testing.T) {
	for _, test := range []struct {
		name         string
		yTrue, yPred []int
		classes      int
		want         Report
	}{
		{
			// By hand. The confusion matrix (rows true, columns predicted) is
			//	2 1 0   support 3
			//	0 1 1   support 2
			//	1 1 2   support 4
			// and every column sums to 3 predictions.
			//	class 0: P = 2/3, R = 2/3, F1 = 2·2/(3+3) = 2/3
			//	class 1: P = 1/3, R = 1/2, F1 = 2·1/(2+3) = 2/5
			//	         (harmonic mean: 2·(1/3)(1/2)/(1/3+1/2) = (1/3)/(5/6) = 2/5)
			//	class 2: P = 2/3, R = 2/4, F1 = 2·2/(4+3) = 4/7
			//	accuracy = (2+1+2)/9 = 5/9
			//	macro:    P = (2/3+1/3+2/3)/3 = 5/9, R = (2/3+1/2+1/2)/3 = 5/9,
			//	          F1 = (2/3+2/5+4/7)/3 = (70+42+60)/105/3 = 172/315
			//	weighted: P = (3·2/3+2·1/3+4·2/3)/9 = (16/3)/9 = 16/27,
			//	          R = (2+1+2)/9 = 5/9,
			//	          F1 = (3·2/3+2·2/5+4·4/7)/9 = (2+4/5+16/7)/9 = 178/315
			name:  "hand",
			yTrue: []int{0, 0, 0, 1, 1, 2, 2, 2, 2}, yPred: []int{0, 1, 0, 1, 2, 2, 2, 0, 1},
			classes: 3,
			want: Report{
				Classes: []ClassScore{
					{"0", 2.0 / 3, 2.0 / 3, 2.0 / 3, 3},
					{"1", 1.0 / 3, 1.0 / 2, 2.0 / 5, 2},
					{"2", 2.0 / 3, 2.0 / 4, 4.0 / 7, 4},
				},
				Accuracy:    5.0 / 9,
				MacroAvg:    ClassScore{"macro avg", 5.0 / 9, 5.0 / 9, 172.0 / 315, 9},
				WeightedAvg: ClassScore{"weighted avg", 16.0 / 27, 5.0 / 9, 178.0 / 315, 9},
			},
		},
		{
			// scikit-learn's classification_report documentation:
			// precision 0.50 1.00 0.67 / 0.00 0.00 0.00 / 1.00 0.67 0.80,
			// accuracy 0.60, macro 0.50 0.56 0.49, weighted 0.70 0.60 0.61.
			// Class 1 is predicted once, wrongly, so its precision is 0/1.
			name:  "sklearn",
			yTrue: []int{0, 1, 2, 2, 2}, yPred: []int{0, 0, 2, 2, 1},
			classes: 3,
			want: Report{
				Classes: []ClassScore{
					{"0", 1.0 / 2, 1, 2.0 / 3, 1},
					{"1", 0, 0, 0, 1},
					{"2", 1, 2.0 / 3, 4.0 / 5, 3},
				},
				Accuracy:    3.0 / 5,
				MacroAvg:    ClassScore{"macro avg", 1.0 / 2, 5.0 / 9, (2.0/3 + 4.0/5) / 3, 5},
				WeightedAvg: ClassScore{"weighted avg", (0.5 + 3) / 5, 3.0 / 5, (2.0/3 + 12.0/5) / 5, 5},
			},
		},
		{
			// Class 1 is never predicted (precision 0/0 -> 0) and class 2
			// neither occurs nor is predicted (all 0/0 -> 0); the macro
			// average still counts them, as sklearn with labels=[0, 1, 2].
			name:  "zero division",
			yTrue: []int{0, 0, 1}, yPred: []int{0, 0, 0},
			classes: 3,
			want: Report{
				Classes: []ClassScore{
					{"0", 2.0 / 3, 1, 4.0 / 5, 2},
					{"1", 0, 0, 0, 1},
					{"2", 0, 0, 0, 0},
				},
				Accuracy:    2.0 / 3,
				MacroAvg:    ClassScore{"macro avg", 2.0 / 9, 1.0 / 3, 4.0 / 15, 3},
				WeightedAvg: ClassScore{"weighted avg", 4.0 / 9, 2.0 / 3, 8.0 / 15, 3},
			},
		},
		{
			name:    "empty",
			classes: 2,
			want: Report{
				Classes:     []ClassScore{{Name: "0"}, {Name: "1"}},
				MacroAvg:    ClassScore{Name: "macro avg"},
				WeightedAvg: ClassScore{Name: "weighted avg"},
			},
		},
	} {
		c, err := NewConfusion(test.yTrue, test.yPred, test.classes)
		if err != nil {
			t.Fatalf("%s: %v", test.name, err)
		}
		got := c.Report()
		if len(got.Classes) != len(test.want.Classes) {
			t.Fatalf("%s: %d classes, want %d", test.name, len(got.Classes), len(test.want.Classes))
		}
		for k, want := range test.want.Classes {
			if !sameScore(got.Classes[k], want) {
				t.Errorf("%s: class %d = %+v, want %+v", test.name, k, got.Classes[k], want)
			}
			if s := c.Score(k); !sameScore(s, want) {
				t.Errorf("%s: Score(%d) = %+v, want %+v", test.name, k, s, want)
			}
		}
		if math.Abs(got.Accuracy-test.want.Accuracy) > tol {
			t.Errorf("%s: accuracy %v, want %v", test.name, got.Accuracy, test.want.Accuracy)
		}
		if !sameScore(got.MacroAvg, test.want.MacroAvg) {
			t.Errorf("%s: macro avg %+v, want %+v", test.name, got.MacroAvg, test.want.MacroAvg)
		}
		if !sameScore(got.WeightedAvg, test.want.WeightedAvg) {
			t.Errorf("%s: weighted avg %+v, want %+v", test.name, got.WeightedAvg, test.want.WeightedAvg)
		}
	}
}
