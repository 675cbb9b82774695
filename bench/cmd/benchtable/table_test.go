package main

import (
	"strings"
	"testing"
)

const sampleBench = `goos: linux
BenchmarkW1/chainrule-2         	    2000	    500000 ns/op	       0 B/op	       0 allocs/op
BenchmarkW1/chainrule-2         	    2000	    700000 ns/op	       0 B/op	       0 allocs/op
BenchmarkW1/chainrule-2         	    2000	    600000 ns/op	       0 B/op	       0 allocs/op
BenchmarkW1/gorgonia-2          	     200	   4000000 ns/op	  100 B/op	     693 allocs/op
BenchmarkW5/chainrule-2         	 9000000	       167.0 ns/op	       0 B/op	       0 allocs/op
`

const sampleLoss = `=== RUN   TestLoss20/W1
    peers_test.go:77: loss20 W1 chainrule 15.989808838623073 tol 1e-09
    peers_test.go:90: loss20 W1 gorgonia 15.989808838623073 tol 1e-09
    peers_test.go:77: loss20 W5 chainrule -10.937813011166241 tol 1e-09
`

const samplePeers = `peer W1 engine=pytorch setting=1thr variant=- ms=1.2 loss20=15.98980883862307 steps=10
peer W1 engine=pytorch setting=2thr variant=- ms=0.8 loss20=15.98980883862307 steps=10
peer W1 engine=numpy setting=1thr variant=- ms=1.5 loss20=15.98980883862307 steps=10
peer W5 engine=numpy setting=1thr variant=- ms=0.0004 loss20=-10.937813011166213 steps=10
`

// The ratios are worked out by hand from the samples: W1's fastest peer is
// pytorch 2thr at 0.8 ms; chainrule's median is 0.6 ms, 0.8/0.6 = 1.33×;
// gorgonia 0.8/4 = 0.20×; GFLOPS 19.513/0.6 ms = 32.5. A peer with one
// setting (numpy here) gets no "best" row.
func TestWrite(t *testing.T) {
	var b strings.Builder
	if !write(&b, inputs{bench: sampleBench, loss: sampleLoss, peers: samplePeers}) {
		t.Errorf("write reported a problem:\n%s", b.String())
	}
	out := b.String()
	if strings.Contains(out, "numpy best") {
		t.Errorf("a best row for numpy's one setting:\n%s", out)
	}
	for _, want := range []string{
		"chainrule (pure Go)",
		"W1   chainrule (pure Go)                          0.6 ms            1.33×           0     32.5  15.98980884 (the reference)",
		"gorgonia                                       4 ms            0.20×         693      4.9  15.98980884 ok (0.0e+00)",
		"pytorch best (2thr)                          0.8 ms            1.00×",
		"0.167 µs            2.40×", // 0.4/0.167
		"0.4 µs            1.00×",
		"losses agree: 5 engine×workload losses",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteMismatch(t *testing.T) {
	peers := samplePeers + "peer W1 engine=numpy setting=2thr variant=- ms=1.4 loss20=15.99 steps=10\n"
	var b strings.Builder
	if write(&b, inputs{bench: sampleBench, loss: sampleLoss, peers: peers}) {
		t.Errorf("write accepted a loss 1e-4 off at tolerance 1e-9:\n%s", b.String())
	}
	if out := b.String(); !strings.Contains(out, "MISMATCH: W1 numpy 2thr: loss at step 20 15.99") {
		t.Errorf("output does not name the mismatch:\n%s", out)
	}
	b.Reset()
	if write(&b, inputs{bench: sampleBench, loss: "", peers: samplePeers}) {
		t.Errorf("write accepted missing chainrule losses:\n%s", b.String())
	}
}

// W6's GFLOPS and its share of the sgemm ceiling, by hand: 880.512 MFLOP
// in 8 ms is 110.1 GFLOPS, 55 % of 200; W8a's 0.484608 MFLOP in 0.02 ms is
// 24.2 GFLOPS (a forward pass, counted once).
func TestWriteCeil(t *testing.T) {
	bench := `BenchmarkW6/chainrule-2   100   8000000 ns/op   0 B/op   0 allocs/op
BenchmarkW8a/chainrule-2   100   20000 ns/op   0 B/op   0 allocs/op
`
	loss := `    peers_test.go:77: loss20 W6 chainrule 0.9 tol 0.0001
    peers_test.go:77: loss20 W8a chainrule 0.8 tol 1e-05
`
	var b strings.Builder
	if !write(&b, inputs{bench: bench, loss: loss, ceil: 200}) {
		t.Errorf("write reported a problem:\n%s", b.String())
	}
	out := b.String()
	for _, want := range []string{
		"W6 pure Go: 110.1 GFLOPS = 55% of a 1024³ sgemm on this machine (200.0 GFLOPS",
		"W6   chainrule (pure Go)                            8 ms                -           0    110.1",
		"W8a  chainrule (pure Go)                           20 µs                -           0     24.2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
