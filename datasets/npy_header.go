package datasets

import (
	"fmt"
	"strconv"
)

// npyHeader is what a .npy header dict says.
type npyHeader struct {
	descr   string
	fortran bool
	shape   []int
}

// npyHeaderError is a header syntax error at byte off of the header.
type npyHeaderError struct {
	off int
	msg string
}

// npyParser reads the Python dict literal of a .npy header, the one subset
// numpy writes: {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }
// followed by spaces and a newline. It never evaluates anything.
type npyParser struct {
	b   []byte
	pos int
}

func (p *npyParser) fail(format string, args ...any) *npyHeaderError {
	return &npyHeaderError{off: p.pos, msg: fmt.Sprintf(format, args...)}
}

func (p *npyParser) space() {
	for p.pos < len(p.b) && (p.b[p.pos] == ' ' || p.b[p.pos] == '\t' || p.b[p.pos] == '\n' || p.b[p.pos] == '\r') {
		p.pos++
	}
}

// eat skips spaces and reports whether the next byte is c, consuming it.
func (p *npyParser) eat(c byte) bool {
	p.space()
	if p.pos < len(p.b) && p.b[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

// str reads a quoted string without escapes.
func (p *npyParser) str() (string, *npyHeaderError) {
	p.space()
	if p.pos >= len(p.b) || (p.b[p.pos] != '\'' && p.b[p.pos] != '"') {
		return "", p.fail("want a quoted string")
	}
	q := p.b[p.pos]
	start := p.pos + 1
	for i := start; i < len(p.b); i++ {
		switch p.b[i] {
		case q:
			p.pos = i + 1
			return string(p.b[start:i]), nil
		case '\\', '\n':
			p.pos = i
			return "", p.fail("escape or line end inside a string")
		}
	}
	return "", p.fail("string not closed")
}

// word reads an identifier such as True or False.
func (p *npyParser) word() string {
	p.space()
	start := p.pos
	for p.pos < len(p.b) && (p.b[p.pos] >= 'A' && p.b[p.pos] <= 'Z' || p.b[p.pos] >= 'a' && p.b[p.pos] <= 'z') {
		p.pos++
	}
	return string(p.b[start:p.pos])
}

// tuple reads a tuple of non-negative integers: (), (5,), (2, 3) or (2, 3,).
// An integer may carry Python 2's L suffix, as old numpy wrote it.
func (p *npyParser) tuple() ([]int, *npyHeaderError) {
	if !p.eat('(') {
		return nil, p.fail("shape: want a tuple such as (2, 3)")
	}
	shape := []int{}
	comma := false
	for {
		if p.eat(')') {
			if len(shape) == 1 && !comma {
				return nil, p.fail("shape: (%d) is an integer, not a tuple; want (%d,)", shape[0], shape[0])
			}
			return shape, nil
		}
		if len(shape) > 0 && !comma {
			return nil, p.fail("shape: want , or ) after a dimension")
		}
		p.space()
		start := p.pos
		if p.pos < len(p.b) && p.b[p.pos] == '-' {
			return nil, p.fail("shape: negative dimension")
		}
		for p.pos < len(p.b) && p.b[p.pos] >= '0' && p.b[p.pos] <= '9' {
			p.pos++
		}
		if p.pos == start {
			return nil, p.fail("shape: want a dimension (a non-negative integer)")
		}
		digits := string(p.b[start:p.pos])
		d, err := strconv.ParseInt(digits, 10, 64)
		if err != nil || d > 1<<62 {
			p.pos = start
			return nil, p.fail("shape: dimension %s is too large", digits)
		}
		if p.pos < len(p.b) && p.b[p.pos] == 'L' {
			p.pos++
		}
		if len(shape) == maxNPYDims {
			return nil, p.fail("shape: more than %d dimensions", maxNPYDims)
		}
		shape = append(shape, int(d))
		comma = p.eat(',')
	}
}

// parseNPYHeader parses a .npy header dict.
func parseNPYHeader(b []byte) (*npyHeader, *npyHeaderError) {
	p := &npyParser{b: b}
	if !p.eat('{') {
		return nil, p.fail("want { at the start of the header dict")
	}
	var h npyHeader
	seen := map[string]bool{}
	for !p.eat('}') {
		if len(seen) > 0 && !p.eat(',') {
			return nil, p.fail("want , or } after a value")
		}
		if p.eat('}') {
			break
		}
		keyAt := p.pos
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		if seen[key] {
			p.pos = keyAt
			return nil, p.fail("key %q appears twice", key)
		}
		seen[key] = true
		if !p.eat(':') {
			return nil, p.fail("want : after key %q", key)
		}
		switch key {
		case "descr":
			if h.descr, err = p.str(); err != nil {
				return nil, p.fail("descr: want a dtype string such as '<f8' (structured dtypes are not supported)")
			}
		case "fortran_order":
			at := p.pos
			switch w := p.word(); w {
			case "True", "False":
				h.fortran = w == "True"
			default:
				p.pos = at
				return nil, p.fail("fortran_order: want True or False")
			}
		case "shape":
			if h.shape, err = p.tuple(); err != nil {
				return nil, err
			}
		default:
			p.pos = keyAt
			return nil, p.fail("unexpected key %q (want descr, fortran_order and shape)", key)
		}
	}
	p.space()
	if p.pos != len(b) {
		return nil, p.fail("unexpected %q after the header dict", b[p.pos])
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if !seen[k] {
			return nil, p.fail("key %q missing", k)
		}
	}
	return &h, nil
}
