package main

import (
	"fmt"

	"github.com/chainrule/chainrule/solvers"
)

// solverRates are the learning rates used when --solver names a solver
// other than the default one and --lr is not given.
var solverRates = map[string]float64{"sgd": 0.1, "momentum": 0.05, "adam": 1e-3, "rmsprop": 1e-3, "adagrad": 0.01}

// newSolver returns the named solver with learning rate lr and the
// package's default hyper-parameters.
func newSolver(name string, lr, l2 float64) (solvers.Solver, error) {
	o := solvers.Options{LR: lr, WeightDecay: l2}
	switch name {
	case "sgd":
		return &solvers.SGD{Options: o}, nil
	case "momentum":
		return &solvers.Momentum{Options: o}, nil
	case "adam":
		return &solvers.Adam{Options: o}, nil
	case "rmsprop":
		return &solvers.RMSProp{Options: o}, nil
	case "adagrad":
		return &solvers.Adagrad{Options: o}, nil
	}
	return nil, usagef("--solver %q, want sgd, momentum, adam, rmsprop or adagrad", name)
}

// describeSolver names a solver, its rate and weight decay for the report.
func describeSolver(name string, lr, l2 float64) string {
	if l2 > 0 {
		return fmt.Sprintf("%s (lr %g, l2 %g)", name, lr, l2)
	}
	return fmt.Sprintf("%s (lr %g)", name, lr)
}
