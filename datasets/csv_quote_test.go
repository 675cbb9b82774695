package datasets

import (
	"fmt"
	"strings"
	"testing"
)

// TestCSVQuoteErrorLine opens a quoted field on line 7 that is never closed
// where it should be: encoding/csv reads on to the next quote, on line 41,
// and fails there. The error names line 7, where the record starts, and says
// where the reader gave up.
func TestCSVQuoteErrorLine(t *testing.T) {
	var b strings.Builder
	b.WriteString("emotion,pixels,Usage\n") // line 1
	for line := 2; line <= 45; line++ {
		switch line {
		case 7:
			b.WriteString("0,\"1 2 3 4,Training\n")
		case 41:
			b.WriteString("3,\"5 6 7 8\",Training\n")
		default:
			fmt.Fprintf(&b, "%d,1 2 3 4,Training\n", line%7)
		}
	}
	_, err := loadFER(strings.NewReader(b.String()), "fer.csv", FEROptions{}, 2)
	want := "datasets: fer.csv:7: extraneous or missing \" in quoted-field: the quoted field opened on this line runs on to line 41, column 3"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v\nwant  %s", err, want)
	}
	// A bare quote inside an unquoted field is reported on its own line.
	in := "emotion,pixels,Usage\n0,1 2 3 4,Training\n1,1 2\"3 4,Training\n"
	_, err = loadFER(strings.NewReader(in), "fer.csv", FEROptions{}, 2)
	if err == nil || !strings.HasPrefix(err.Error(), "datasets: fer.csv:3: bare \" in non-quoted-field") {
		t.Fatalf("bare quote: %v", err)
	}
}
