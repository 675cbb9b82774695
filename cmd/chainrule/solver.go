package main

import (
	"fmt"

	"github.com/chainrule/chainrule/solvers"
)

// solverRates are the learning rates used when --solver names a solver
// other than the default one and --lr is not given.
var solverRates = map[string]float64{"sgd": 0.1, "momentum": 0.05, "adam": 1e-3, "rmsprop": 1e-3, "adagrad": 0.01}

// newSolver returns the named solver with learning rate lr, weight decay
// l2 and the package's default hyper-parameters. A decay below 1 multiplies
// the rate by decay after every epoch of perEpoch steps; a clip above 0
// scales the gradients down to that global L2 norm when they exceed it.
func newSolver(name string, lr, l2, decay float64, perEpoch int, clip float64) (solvers.Solver, error) {
	o := solvers.Options{LR: lr, WeightDecay: l2, ClipNorm: max(clip, 0)}
	if decay > 0 && decay < 1 {
		o.LR, o.Schedule = 0, solvers.StepDecay{Initial: lr, Gamma: decay, Every: max(1, perEpoch)}
	}
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
func describeSolver(name string, lr, l2, decay float64) string {
	s := fmt.Sprintf("%s (lr %g", name, lr)
	if decay > 0 && decay < 1 {
		s += fmt.Sprintf(" ×%g per epoch", decay)
	}
	if l2 > 0 {
		s += fmt.Sprintf(", l2 %g", l2)
	}
	return s + ")"
}
