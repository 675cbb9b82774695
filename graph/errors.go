package graph

import (
	"fmt"
	"runtime"
	"strings"

	"gorgonia.org/tensor"
)

// BuildError describes an op that could not be added to a graph.
type BuildError struct {
	Op     string         // the op's name, e.g. "Add"
	Shapes []tensor.Shape // the operands' shapes
	Dtypes []tensor.Dtype // the operands' dtypes
	Site   string         // file:line of the caller that built the op
	Err    error          // what was wrong
}

// Error formats the error as
//
//	graph: Add of shapes (2, 3), (4) at main.go:12: what was wrong
//
// leaving out " of shapes ..." for an op with no operands (a leaf such as
// Param) and " at ..." when the caller is unknown.
func (e *BuildError) Error() string {
	var b strings.Builder
	b.WriteString("graph: ")
	b.WriteString(e.Op)
	if len(e.Shapes) > 0 {
		b.WriteString(" of shapes ")
		for i, s := range e.Shapes {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(shapeString(s))
		}
	}
	if e.Site != "" {
		b.WriteString(" at ")
		b.WriteString(e.Site)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *BuildError) Unwrap() error { return e.Err }

// Cause returns the underlying error, for github.com/pkg/errors.
func (e *BuildError) Cause() error { return e.Err }

func newBuildError(op string, in []*Node, err error) *BuildError {
	e := &BuildError{Op: op, Err: err}
	for _, n := range in {
		if n == nil {
			e.Shapes = append(e.Shapes, nil)
			e.Dtypes = append(e.Dtypes, tensor.Dtype{})
			continue
		}
		e.Shapes = append(e.Shapes, n.shape)
		e.Dtypes = append(e.Dtypes, n.dtype)
	}
	e.Site = site(caller())
	return e
}

// internal lists the package prefixes whose frames are not "the caller".
var internal = []string{
	"github.com/chainrule/chainrule/graph.",
	"github.com/chainrule/chainrule/ops.",
	"github.com/chainrule/chainrule/autodiff.",
}

// caller returns the program counter of the first frame outside
// chainrule's graph, ops and autodiff packages (the user's code), or 0.
func caller() uintptr {
	var buf [24]uintptr
	n := runtime.Callers(3, buf[:])
	frames := runtime.CallersFrames(buf[:n])
	for {
		f, more := frames.Next()
		if !isInternal(f.Function) {
			return f.PC + 1 // CallersFrames expects return addresses
		}
		if !more {
			return 0
		}
	}
}

// site formats a PC from caller as file:line, or "" for 0.
func site(pc uintptr) string {
	if pc == 0 {
		return ""
	}
	f, _ := runtime.CallersFrames([]uintptr{pc}).Next()
	if f.File == "" {
		return ""
	}
	file := f.File
	if i := strings.LastIndex(file, "/"); i >= 0 {
		if j := strings.LastIndex(file[:i], "/"); j >= 0 {
			file = file[j+1:]
		}
	}
	return fmt.Sprintf("%s:%d", file, f.Line)
}

func isInternal(fn string) bool {
	for _, p := range internal {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}
