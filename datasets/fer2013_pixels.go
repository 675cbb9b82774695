package datasets

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"strings"

	"github.com/pkg/errors"
)

// parsePixels appends the space-separated integers 0..255 of field to dst and
// returns it. want is the expected count; name and line locate errors.
func parsePixels(dst []uint8, field string, want int, name string, line int) ([]uint8, error) {
	start := len(dst)
	count := 0
	for i := 0; i < len(field); {
		if field[i] == ' ' || field[i] == '\t' {
			i++
			continue
		}
		j := i
		for j < len(field) && field[j] != ' ' && field[j] != '\t' {
			j++
		}
		tok := field[i:j]
		v, ok := 0, len(tok) <= 3
		for k := 0; ok && k < len(tok); k++ {
			c := tok[k]
			ok = c >= '0' && c <= '9'
			v = v*10 + int(c-'0')
		}
		if !ok || v > 255 {
			return dst[:start], errors.Errorf("datasets: %s:%d: pixel %d is %q, not an integer in 0..255",
				name, line, count, clip(tok, 20))
		}
		if count < want {
			dst = append(dst, uint8(v))
		}
		count++
		i = j
	}
	if count != want {
		return dst[:start], errors.Errorf("datasets: %s:%d: found %d pixels, expected %d",
			name, line, count, want)
	}
	return dst, nil
}

// newCSVReader returns a streaming CSV reader over r that reuses records and
// refuses, naming name and the line, a record longer than maxLine bytes
// (what says what a line holds); it returns nil if r is nil.
func newCSVReader(r io.Reader, name string, maxLine int, what string) *csv.Reader {
	if r == nil {
		return nil
	}
	cr := csv.NewReader(bufio.NewReaderSize(newRecordLimiter(r, name, maxLine, what), 1<<16))
	cr.ReuseRecord = true
	return cr
}

// readHeader reads the first record and returns it trimmed of spaces and a
// UTF-8 byte order mark. It errors on an empty input or a CSV syntax error.
func readHeader(cr *csv.Reader, name string) ([]string, error) {
	if cr == nil {
		return nil, errors.Errorf("datasets: %s: nil reader", name)
	}
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, errors.Errorf("datasets: %s: empty file, expected a CSV header", name)
	}
	if err != nil {
		return nil, csvError(err, name)
	}
	h := make([]string, len(rec))
	for i, f := range rec {
		h[i] = strings.TrimSpace(strings.TrimPrefix(f, "\ufeff"))
	}
	return h, nil
}

// csvError rewrites an encoding/csv error as "datasets: name:line: ...",
// with the line on which the failing record starts: a quoted field left open
// on line 7 is reported there, with the line and column where encoding/csv
// gave up. A recordLimiter's error passes through unchanged.
func csvError(err error, name string) error {
	var lt *lineTooLong
	if errors.As(err, &lt) {
		return lt
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if pe.StartLine != 0 && pe.StartLine != pe.Line {
			return errors.Errorf("datasets: %s:%d: %v: the quoted field opened on this line runs on to line %d, column %d",
				name, pe.StartLine, pe.Err, pe.Line, pe.Column)
		}
		return errors.Errorf("datasets: %s:%d: %v", name, pe.Line, pe.Err)
	}
	return errors.Wrapf(err, "datasets: %s", name)
}

// openData opens path for reading, transparently decompressing gzip files
// (recognised by their magic bytes, not by name).
func openData(path string) (io.Reader, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, errors.Wrap(err, "datasets")
	}
	br := bufio.NewReaderSize(f, 1<<16)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, nil, errors.Wrapf(err, "datasets: %s", path)
		}
		return zr, f.Close, nil
	}
	return br, f.Close, nil
}
