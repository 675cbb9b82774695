package main

import (
	"strings"
	"testing"
)

// Descent lands in the lecture's two minima and Newton finds the three
// critical points computed independently in shared/lecture/NOTES.md.
func TestDescentFindsLectureCriticalPoints(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"-3.7976   -114.5667", "3.5370    -11.7526", "w = -3.797583", "w =  0.260570", "w =  3.537014", "(maximum)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
