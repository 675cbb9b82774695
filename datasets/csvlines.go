package datasets

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/pkg/errors"
)

// eachCSVLine calls fn for every non-empty line of r (gzip'd or raw, with "\n"
// or "\r\n" line ends), passing the 1-based line number and the
// comma-separated fields. A line longer than maxLine bytes (without its line
// end) is an error naming the file, the line and what says a line holds; the
// reader never buffers more than maxLine+2 bytes. It stops at the first
// error, which names the file.
func eachCSVLine(r io.Reader, name string, maxLine int, what string, fn func(line int, fields []string) error) error {
	if r == nil {
		return errors.Errorf("datasets: %s: nil reader", name)
	}
	zr, err := maybeGunzip(r, name)
	if err != nil {
		return err
	}
	tooLong := func(line int) error {
		return errors.Errorf("datasets: %s:%d: line longer than %d bytes, the most %s can take", name, line, maxLine, what)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, min(4096, maxLine+2)), maxLine+2) // room for "\r\n"
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if len(text) > maxLine {
			return tooLong(line)
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		if err := fn(line, strings.Split(text, ",")); err != nil {
			return err
		}
	}
	if err := sc.Err(); err == bufio.ErrTooLong {
		return tooLong(line + 1)
	} else if err != nil {
		return errors.Errorf("datasets: %s: after line %d: %s", name, line, describeReadErr(err))
	}
	return nil
}

// parseIntField parses field col of a CSV line as an integer in [lo, hi].
func parseIntField(name string, line, col int, s string, lo, hi int) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < lo || v > hi {
		return 0, errors.Errorf("datasets: %s:%d: column %d: %q is not an integer in %d..%d", name, line, col+1, s, lo, hi)
	}
	return v, nil
}

// parseFloatField parses field col of a CSV line as a finite float64.
func parseFloatField(name string, line, col int, s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.Errorf("datasets: %s:%d: column %d: %q is not a finite number", name, line, col+1, s)
	}
	return v, nil
}
