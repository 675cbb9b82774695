// Command benchtable prints bench/run.sh's table: per workload, chainrule
// (pure Go and OpenBLAS), gorgonia, PyTorch (each thread setting and the
// best) and NumPy (each setting and the best) side by side, with the median
// ms per step, the ratio to the fastest peer (the fastest of gorgonia,
// PyTorch and NumPy: above 1 means faster than every peer), allocs per step,
// GFLOPS and the loss at step 20 checked against chainrule's.
//
// Usage:
//
//	benchtable -bench go-bench.txt -loss loss20.txt [-peers peers.txt] [-ceil GFLOPS]
//
// -bench holds `go test -bench -benchmem` output of ./bench/; -loss the
// output of `go test -run '^TestLoss20$' -v ./bench/` (lines "loss20 W1
// chainrule 15.98… tol 1e-09"); -peers the "peer …" lines of
// bench/torch_bench.py and bench/numpy_bench.py; -ceil the machine's 1024³
// sgemm GFLOPS measured in the same run. It exits with status 1 if a loss
// disagrees with chainrule's or is missing.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	benchF := flag.String("bench", "", "go test -bench output of ./bench/")
	lossF := flag.String("loss", "", "go test -run '^TestLoss20$' -v output")
	peersF := flag.String("peers", "", "output of the Python peer scripts")
	ceil := flag.Float64("ceil", 0, "the machine's 1024³ sgemm GFLOPS, 0 if not measured")
	flag.Parse()
	if *benchF == "" || *lossF == "" {
		fmt.Fprintln(os.Stderr, "benchtable: -bench and -loss are required")
		flag.Usage()
		os.Exit(2)
	}
	var in inputs
	for _, f := range []struct {
		name string
		dst  *string
	}{{*benchF, &in.bench}, {*lossF, &in.loss}, {*peersF, &in.peers}} {
		if f.name == "" {
			continue
		}
		b, err := os.ReadFile(f.name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(2)
		}
		*f.dst = string(b)
	}
	in.ceil = *ceil
	if ok := write(os.Stdout, in); !ok {
		os.Exit(1)
	}
}

// inputs are the texts benchtable reads.
type inputs struct {
	bench, loss, peers string
	ceil               float64
}
