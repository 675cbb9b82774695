package metrics

import "encoding/json"

// ClassScore holds the precision, recall, F1 score and support of one class,
// or an average of them over classes.
type ClassScore struct {
	// Name is the class name, or "macro avg" or "weighted avg".
	Name string `json:"name"`

	// Precision is TP / (TP + FP): the fraction of the samples predicted
	// as the class that truly belong to it; 0 if the class is never
	// predicted.
	Precision float64 `json:"precision"`

	// Recall is TP / (TP + FN): the fraction of the samples of the class
	// that are predicted as it; 0 if the class never occurs.
	Recall float64 `json:"recall"`

	// F1 is the harmonic mean of precision and recall,
	// 2TP / (2TP + FP + FN); 0 if the class neither occurs nor is predicted.
	F1 float64 `json:"f1"`

	// Support is the number of samples whose true class is the class; for
	// an average it is the total number of samples.
	Support int `json:"support"`
}

// Report is scikit-learn's classification_report as data: per-class
// scores, accuracy, and macro and weighted averages. Its String and WriteTo
// methods print it as text; it marshals to JSON as is.
type Report struct {
	// Classes holds the scores of each class, in class order.
	Classes []ClassScore `json:"classes"`

	// Accuracy is the fraction of samples predicted correctly; 0 if
	// there are none.
	Accuracy float64 `json:"accuracy"`

	// MacroAvg is the unweighted mean of the per-class scores over all
	// classes, including those that never occur.
	MacroAvg ClassScore `json:"macro_avg"`

	// WeightedAvg is the mean of the per-class scores weighted by their
	// support.
	WeightedAvg ClassScore `json:"weighted_avg"`
}

// Score returns the precision, recall, F1 score and support of class k.
// Score panics if k is outside [0, Classes()), like indexing a slice.
func (c *Confusion) Score(k int) ClassScore {
	n := len(c.names)
	if k < 0 || k >= n {
		panic("metrics: class index out of range")
	}
	tp := c.counts[k*n+k]
	support, predicted := 0, 0
	for j := 0; j < n; j++ {
		support += c.counts[k*n+j]
		predicted += c.counts[j*n+k]
	}
	return ClassScore{
		Name:      c.names[k],
		Precision: ratio(tp, predicted),
		Recall:    ratio(tp, support),
		F1:        ratio(2*tp, support+predicted),
		Support:   support,
	}
}

// Report returns the classification report of c.
func (c *Confusion) Report() Report {
	n := len(c.names)
	r := Report{
		Classes:     make([]ClassScore, n),
		Accuracy:    c.Accuracy(),
		MacroAvg:    ClassScore{Name: "macro avg", Support: c.total},
		WeightedAvg: ClassScore{Name: "weighted avg", Support: c.total},
	}
	for k := range r.Classes {
		s := c.Score(k)
		r.Classes[k] = s
		r.MacroAvg.Precision += s.Precision
		r.MacroAvg.Recall += s.Recall
		r.MacroAvg.F1 += s.F1
		if c.total > 0 {
			w := float64(s.Support) / float64(c.total)
			r.WeightedAvg.Precision += w * s.Precision
			r.WeightedAvg.Recall += w * s.Recall
			r.WeightedAvg.F1 += w * s.F1
		}
	}
	r.MacroAvg.Precision /= float64(n)
	r.MacroAvg.Recall /= float64(n)
	r.MacroAvg.F1 /= float64(n)
	return r
}

// ratio returns num/den, or 0 if den is 0 (scikit-learn's zero_division
// default).
func ratio(num, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// MarshalJSON encodes c as {"classes": names, "matrix": counts}, with the
// counts as rows of true classes.
func (c *Confusion) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Classes []string `json:"classes"`
		Matrix  [][]int  `json:"matrix"`
	}{c.names, c.Matrix()})
}
