// Package opcheck holds a finite-difference gradient check for every op in
// package ops: a table of cases, each building an op on random operands
// (shapes that include broadcasting), and Run, which reduces the op's output
// to a scalar with random weights and compares autodiff's gradients with
// central differences. The tests run every case in float64 and float32, and
// a meta-test fails when an exported op has no case; `chainrule gradcheck`
// prints the same table.
package opcheck
