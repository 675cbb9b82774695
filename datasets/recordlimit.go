package datasets

import (
	"fmt"
	"io"
)

// Line limits of the CSV readers, in bytes without the line end. Each is
// derived from what its format can hold, so a longer line is an error naming
// the file and the line, raised before more than the limit (plus a 64 KiB
// read buffer) is held.
const (
	// MaxFER2013Line is the longest FER2013 line: 4 bytes (three digits and a
	// separator) for each of the 2,304 pixels, and 1 KiB for the emotion, the
	// Usage, quotes and spaces (10,240 bytes).
	MaxFER2013Line = 4*FER2013Side*FER2013Side + csvLineSlack
	// MaxKeypointsLine is the longest facial-keypoints line, training or test:
	// 4 bytes for each of the 9,216 pixels, 64 bytes for each of the 30
	// coordinates, and 1 KiB for the rest (39,808 bytes).
	MaxKeypointsLine = 4*KeypointsSide*KeypointsSide + 64*len(KeypointNames) + csvLineSlack
	// MaxDigitsLine is the longest digits line: 65 small integers need about
	// 200 bytes; 4 KiB leaves room for spaces.
	MaxDigitsLine = 4 << 10
	// MaxIrisLine is the longest line of an iris-layout CSV: 64 bytes for each
	// of up to 4,096 features (256 KiB); the header line of class names has
	// the same limit.
	MaxIrisLine = 64 << 12
	// MaxSeriesLine is the longest line of an embedded key,value series.
	MaxSeriesLine = 256
)

// csvLineSlack is the room a line limit leaves beyond its fields' digits.
const csvLineSlack = 1 << 10

// pixelLine returns the line limit of a row of npix pixels and extra bytes of
// other fields (MaxFER2013Line and MaxKeypointsLine at the real sizes).
func pixelLine(npix, extra int) int { return 4*npix + extra + csvLineSlack }

// recordLimiter passes r's bytes through and fails, once and for good, when
// a CSV record (one line, or several when a quoted field holds line breaks)
// grows beyond max bytes. It follows quotes as RFC 4180 does: a doubled quote
// inside a quoted field toggles twice, and encoding/csv rejects any other
// quote outside one.
type recordLimiter struct {
	r      io.Reader
	name   string // the file, for the error
	what   string // what a line holds, for the error
	max    int
	n      int  // bytes of the current record so far
	line   int  // physical line being read, 1-based
	start  int  // line on which the current record started
	quoted bool // inside a quoted field
	err    *lineTooLong
}

// newRecordLimiter limits the records of r to max bytes; name and what go
// into the error ("a FER2013 row of 2304 pixels").
func newRecordLimiter(r io.Reader, name string, max int, what string) *recordLimiter {
	return &recordLimiter{r: r, name: name, what: what, max: max, line: 1, start: 1}
}

// Read implements io.Reader.
func (l *recordLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		switch c {
		case '"':
			l.quoted = !l.quoted
		case '\n':
			l.line++
			if !l.quoted {
				l.n, l.start = 0, l.line
				continue
			}
		}
		// A line of max bytes may still take the '\r' of its "\r\n".
		if l.n++; l.n > l.max+1 || (l.n == l.max+1 && c != '\r') {
			l.err = &lineTooLong{msg: fmt.Sprintf("datasets: %s:%d: line longer than %d bytes, the most %s can take",
				l.name, l.start, l.max, l.what)}
			return i, l.err
		}
	}
	return n, err
}

// lineTooLong is the error of a recordLimiter; csvError passes it through
// unchanged.
type lineTooLong struct{ msg string }

func (e *lineTooLong) Error() string { return e.msg }
