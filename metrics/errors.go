package metrics

import "fmt"

// LabelError reports a class label outside [0, Classes) at position Index of
// the slice named Slice ("yTrue" or "yPred").
type LabelError struct {
	Slice   string
	Index   int
	Label   int
	Classes int
}

// Error implements the error interface.
func (e *LabelError) Error() string {
	return fmt.Sprintf("metrics: %s[%d] = %d is not a class label in [0, %d)",
		e.Slice, e.Index, e.Label, e.Classes)
}

// LengthError reports two slices that should have the same length but do
// not. A and B name the slices; LenA and LenB are their lengths.
type LengthError struct {
	A, B       string
	LenA, LenB int
}

// Error implements the error interface.
func (e *LengthError) Error() string {
	return fmt.Sprintf("metrics: length mismatch: len(%s) = %d, len(%s) = %d",
		e.A, e.LenA, e.B, e.LenB)
}

// checkLen returns a *LengthError if a and b differ.
func checkLen(nameA string, lenA int, nameB string, lenB int) error {
	if lenA != lenB {
		return &LengthError{A: nameA, B: nameB, LenA: lenA, LenB: lenB}
	}
	return nil
}
