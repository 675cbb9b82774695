package main

import (
	"strings"
	"testing"
)

// The example prints the lecture's numbers: x = 1.05 and 0.6 before the
// sigmoid, 0.740775 and 0.645656 after, and autodiff equal to the slide's
// hand-derived gradient.
func TestNeuronPrintsLectureNumbers(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"[1.05 0.60]", "[0.740775 0.645656]", "largest difference: "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "largest difference: 1e-0") || !strings.Contains(out, "e-1") {
		t.Errorf("autodiff and hand gradients differ noticeably:\n%s", out)
	}
}
