package nets

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

// coresChildEnv marks a run of the test binary started by
// TestTrainingIndependentOfCores to train once and print the result's hash.
const coresChildEnv = "CHAINRULE_TEST_CORES_CHILD"

// TestTrainingIndependentOfCores checks that the same seeds give the same
// weights, bit for bit, whatever GOMAXPROCS is, with every BLAS: it re-runs
// its own binary with GOMAXPROCS 1, 2 and 3 and CHAINRULE_BLAS openblas, go
// and gonum (and OpenBLAS once more with OPENBLAS_NUM_THREADS=2, which
// chainrule overrides, and GoBLAS once more on its AVX2 kernels,
// CHAINRULE_BLAS=go-avx2, which on a CPU with AVX-512 must give the AVX-512
// kernels' bits); each run trains float64 and float32 DFFs on the
// digits (batch 64, layers 128 and 64 wide: products split over the workers
// in every BLAS) and a stateful float32 LSTM on a text, and prints a hash
// of the weights and losses.
func TestTrainingIndependentOfCores(t *testing.T) {
	if os.Getenv(coresChildEnv) != "" {
		fmt.Printf("cores-hash %s|%s\n", ops.BLASName(), coresHash(t))
		return
	}
	if testing.Short() {
		t.Skip("re-runs the test binary nine times")
	}
	for _, blas := range []string{"openblas", "go", "gonum"} {
		runs := [][]string{{"GOMAXPROCS=1"}, {"GOMAXPROCS=2"}, {"GOMAXPROCS=3"}}
		if blas == "openblas" {
			runs = append(runs, []string{"GOMAXPROCS=1", "OPENBLAS_NUM_THREADS=2"})
		}
		if blas == "go" {
			runs = append(runs, []string{"GOMAXPROCS=2", ops.BLASEnv + "=go-avx2"})
		}
		var first string
		for _, env := range runs {
			env = append([]string{ops.BLASEnv + "=" + blas}, env...) // a run's own BLAS wins
			cmd := exec.Command(os.Args[0], "-test.run=^TestTrainingIndependentOfCores$", "-test.count=1")
			cmd.Env = append(append(os.Environ(), coresChildEnv+"=1"), env...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", env, err, out)
			}
			_, line, ok := strings.Cut(string(out), "cores-hash ")
			name, hash, ok2 := strings.Cut(strings.SplitN(line, "\n", 2)[0], "|")
			if !ok || !ok2 {
				t.Fatalf("%s: no hash in the output:\n%s", env, out)
			}
			t.Logf("%s: %s, %s", env, name, hash)
			if first == "" {
				first = hash
			} else if hash != first {
				t.Errorf("%s (%s): other weights than with %s", env, name, runs[0])
			}
		}
	}
}

// coresHash trains the two DFFs and returns a hash of their weights and
// loss histories.
func coresHash(t *testing.T) string {
	train, test := digits(t)
	h := sha256.New()
	for _, dt := range []Dtype{Float64, Float32} {
		net, err := New(Spec{Kind: KindDFF, Inputs: 64, Hidden: []int{128, 64}, Outputs: 10, Dtype: dt}, 7)
		if err != nil {
			t.Fatal(err)
		}
		sol := &solvers.Adam{Options: solvers.Options{LR: 0.003}}
		hist, err := Train(net, train, test, Config{Epochs: 1, BatchSize: 64, Solver: sol, Seed: 11, Quiet: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range ParamValues(net) {
			switch d := v.Data().(type) {
			case []float64:
				for _, x := range d {
					h.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(x)))
				}
			case []float32:
				for _, x := range d {
					h.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(x)))
				}
			default:
				t.Fatalf("param of dtype %v", v.Dtype())
			}
		}
		for _, x := range append(hist.TrainLoss, hist.TestLoss...) {
			h.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(x)))
		}
	}
	// A stateful float32 LSTM (Config.Stateful) on a text of 8 symbols:
	// the state carried from batch to batch must not depend on the cores.
	text, err := datasets.CharSequences(textIDs(4001, 8), 10, 8)
	if err != nil {
		t.Fatal(err)
	}
	lstm, err := New(Spec{Kind: KindLSTM, Inputs: 8, Hidden: []int{64}, Outputs: 8, Loss: SoftmaxCE, SeqLen: 10, EveryStep: true, Dropout: 0.2, Dtype: Float32}, 7)
	if err != nil {
		t.Fatal(err)
	}
	sol := &solvers.Adam{Options: solvers.Options{LR: 0.005}}
	hist, err := Train(lstm, text, nil, Config{Epochs: 1, BatchSize: 16, Solver: sol, Seed: 11, Stateful: true, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range ParamValues(lstm) {
		for _, x := range v.Float32s() {
			h.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(x)))
		}
	}
	h.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(hist.TrainLoss[0])))
	return fmt.Sprintf("%x", h.Sum(nil))
}
