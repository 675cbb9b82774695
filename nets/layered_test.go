package nets

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/solvers"
)

// genLayered rewrites testdata/layers/trajectories.json from the code as it
// is. It was run once with the nets of before the networks became
// compositions of layers (commit "nets: fixture of today's weights and
// training trajectories"); the test compares today's networks with it.
var genLayered = flag.Bool("gen-layered", false, "rewrite testdata/layers/trajectories.json")

// trajectory is what one network gives: the encoded file after New, the
// loss of every epoch and the file after training, the test outputs.
type trajectory struct {
	Name       string   `json:"name"`
	Spec       Spec     `json:"spec"`
	Seed       uint64   `json:"seed"`
	Solver     string   `json:"solver"`
	Epochs     int      `json:"epochs"`
	Batch      int      `json:"batch"`
	NewSHA     string   `json:"new_sha256"`     // of Encode(New(spec, seed))
	NewBytes   string   `json:"new_hex"`        // Encode(New(spec, seed)), hex
	TrainLoss  []string `json:"train_loss"`     // float64 bits, hex, per epoch
	TestLoss   []string `json:"test_loss"`      // float64 bits, hex, per epoch
	TrainedSHA string   `json:"trained_sha256"` // of Encode after training
	OutputsSHA string   `json:"outputs_sha256"` // of Evaluate's outputs (float64 bits) on the test set
	Accuracy   float64  `json:"accuracy"`
	RMSE       float64  `json:"rmse"`
}

// trajectoryCases are the networks of the fixture: every kind, both dtypes,
// both RNN outputs, a masked MSE, three solvers.
func trajectoryCases(t *testing.T) []struct {
	tr          trajectory
	train, test *datasets.Dataset
} {
	t.Helper()
	iris, err := datasets.Iris()
	if err != nil {
		t.Fatal(err)
	}
	irisTrain, irisTest, err := datasets.StratifiedSplit(iris, 0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	spirals, err := datasets.Spirals(120, 0.1, 3)
	if err != nil {
		t.Fatal(err)
	}
	spTrain, spTest, err := datasets.Split(spirals, 0.25, 2)
	if err != nil {
		t.Fatal(err)
	}
	sun, err := datasets.Sunspots()
	if err != nil {
		t.Fatal(err)
	}
	scaled := make([]float64, 200)
	for i := range scaled {
		scaled[i] = sun[i] / 100
	}
	win, err := datasets.Windows(scaled, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	winTrain, winTest, err := datasets.SplitChronological(win, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	every, err := datasets.NoisySine(60, 6, 0.05, 4)
	if err != nil {
		t.Fatal(err)
	}
	every = everyStep(every)
	evTrain, evTest, err := datasets.Split(every, 0.25, 5)
	if err != nil {
		t.Fatal(err)
	}
	xor := datasets.XOR()
	masked := maskedSet(t, xor)
	type c = struct {
		tr          trajectory
		train, test *datasets.Dataset
	}
	return []c{
		{trajectory{Name: "perceptron-and", Spec: Spec{Kind: KindPerceptron, Inputs: 2, Outputs: 1}, Seed: 1, Solver: "sgd", Epochs: 30, Batch: 4}, datasets.AND(), datasets.AND()},
		{trajectory{Name: "perceptron-bce-f32", Spec: Spec{Kind: KindPerceptron, Inputs: 2, Outputs: 1, Loss: BCE, Dtype: Float32}, Seed: 2, Solver: "sgd", Epochs: 30, Batch: 2}, datasets.OR(), datasets.OR()},
		{trajectory{Name: "ff-xor", Spec: Spec{Kind: KindFF, Inputs: 2, Hidden: []int{4}, Outputs: 1}, Seed: 3, Solver: "sgd", Epochs: 50, Batch: 4}, xor, xor},
		{trajectory{Name: "ff-iris-softmax-tanh", Spec: Spec{Kind: KindFF, Inputs: 4, Hidden: []int{6}, Outputs: 3, Loss: SoftmaxCE, Activation: Tanh}, Seed: 4, Solver: "adam", Epochs: 8, Batch: 16}, irisTrain, irisTest},
		{trajectory{Name: "ff-iris-f32", Spec: Spec{Kind: KindFF, Inputs: 4, Hidden: []int{5}, Outputs: 3, Dtype: Float32}, Seed: 5, Solver: "momentum", Epochs: 8, Batch: 10}, irisTrain, irisTest},
		{trajectory{Name: "dff-spirals", Spec: Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{8, 6}, Outputs: 2}, Seed: 6, Solver: "adam", Epochs: 10, Batch: 16}, spTrain, spTest},
		{trajectory{Name: "dff-iris-sigmoid-bce-f32", Spec: Spec{Kind: KindDFF, Inputs: 4, Hidden: []int{7, 5, 4}, Outputs: 3, Activation: Sigmoid, Loss: BCE, Dtype: Float32}, Seed: 7, Solver: "sgd", Epochs: 6, Batch: 8}, irisTrain, irisTest},
		{trajectory{Name: "dff-masked-mse", Spec: Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{3}, Outputs: 2, Loss: MSE, Masked: true}, Seed: 8, Solver: "sgd", Epochs: 20, Batch: 2}, masked, masked},
		{trajectory{Name: "rnn-sunspots", Spec: Spec{Kind: KindRNN, Inputs: 1, Hidden: []int{6}, Outputs: 1, SeqLen: 5}, Seed: 9, Solver: "adam", Epochs: 5, Batch: 16}, winTrain, winTest},
		{trajectory{Name: "rnn-sunspots-relu-f32", Spec: Spec{Kind: KindRNN, Inputs: 1, Hidden: []int{4}, Outputs: 1, SeqLen: 5, Activation: ReLU, Dtype: Float32}, Seed: 10, Solver: "sgd", Epochs: 5, Batch: 8}, winTrain, winTest},
		{trajectory{Name: "rnn-every-step", Spec: Spec{Kind: KindRNN, Inputs: 1, Hidden: []int{5}, Outputs: 1, SeqLen: 6, EveryStep: true}, Seed: 11, Solver: "adam", Epochs: 6, Batch: 8}, evTrain, evTest},
	}
}

// maskedSet is XOR with two regression targets, the second missing for
// the first two samples.
func maskedSet(t *testing.T, xor *datasets.Dataset) *datasets.Dataset {
	t.Helper()
	y := mustRegressionY(t, xor).Float64s()
	y2 := make([]float64, 0, 2*len(y))
	m := make([]float64, 0, 2*len(y))
	for i, v := range y {
		y2 = append(y2, v, 1-v)
		m = append(m, 1, map[bool]float64{true: 0, false: 1}[i < 2])
	}
	return &datasets.Dataset{Name: "xor-masked", X: xor.X,
		Y:    tensorOf(len(y), 2, y2),
		Mask: tensorOf(len(y), 2, m)}
}

// everyStep turns NoisySine's next-value targets into one target per step:
// step t's target is the value at t+1.
func everyStep(ds *datasets.Dataset) *datasets.Dataset {
	n, k := ds.X.Shape()[0], ds.X.Shape()[1]
	x, y := ds.X.Float64s(), ds.Y.Float64s()
	out := make([]float64, 0, n*k)
	for i := 0; i < n; i++ {
		out = append(out, x[i*k+1:(i+1)*k]...)
		out = append(out, y[i])
	}
	return &datasets.Dataset{Name: ds.Name + "-every-step", X: ds.X, Y: tensorOf(n, k, out)}
}

func tensorOf(r, c int, v []float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(r, c), tensor.WithBacking(v))
}

func solverNamed(name string) solvers.Solver {
	switch name {
	case "adam":
		return &solvers.Adam{Options: solvers.Options{LR: 0.01}}
	case "momentum":
		return &solvers.Momentum{Options: solvers.Options{LR: 0.05}, Mu: 0.9}
	}
	return &solvers.SGD{Options: solvers.Options{LR: 0.5}}
}

func bitsHex(v []float64) []string {
	out := make([]string, len(v))
	for i, f := range v {
		out[i] = hex.EncodeToString(binaryBits(f))
	}
	return out
}

func binaryBits(f float64) []byte {
	b := math.Float64bits(f)
	out := make([]byte, 8)
	for i := range out {
		out[i] = byte(b >> (56 - 8*i))
	}
	return out
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// runTrajectory builds, trains and evaluates one case.
func runTrajectory(t *testing.T, tr trajectory, train, test *datasets.Dataset) trajectory {
	t.Helper()
	net, err := New(tr.Spec, tr.Seed)
	if err != nil {
		t.Fatalf("%s: %v", tr.Name, err)
	}
	b := mustEncode(t, net)
	tr.NewSHA, tr.NewBytes = sha(b), hex.EncodeToString(b)
	h, err := Train(net, train, test, Config{Epochs: tr.Epochs, BatchSize: tr.Batch, Solver: solverNamed(tr.Solver), Seed: tr.Seed, Quiet: true})
	if err != nil {
		t.Fatalf("%s: Train: %v", tr.Name, err)
	}
	tr.TrainLoss, tr.TestLoss = bitsHex(h.TrainLoss), bitsHex(h.TestLoss)
	tr.TrainedSHA = sha(mustEncode(t, net))
	if *genLayered { // a format-2 file of today's writer, for TestLoadOldFilesIntoLayeredNetworks
		if err := Save(net, filepath.Join("testdata", "layers", tr.Name+".model")); err != nil {
			t.Fatal(err)
		}
	}
	ev, err := Evaluate(net, test)
	if err != nil {
		t.Fatalf("%s: Evaluate: %v", tr.Name, err)
	}
	var out []byte
	for _, v := range ev.Outputs {
		out = append(out, binaryBits(v)...)
	}
	tr.OutputsSHA, tr.Accuracy, tr.RMSE = sha(out), ev.Accuracy, ev.RMSE
	return tr
}

var trajectoriesPath = filepath.Join("testdata", "layers", "trajectories.json")

// TestLayeredNetworksKeepTrajectories checks that the four networks, now
// compositions of layers, give what the hand-written networks before them
// gave (the fixture): byte-identical weights after New, bit-identical
// losses of every epoch, byte-identical weights after training and
// bit-identical evaluation outputs, for every kind, both dtypes, both RNN
// outputs, a masked MSE, three solvers.
func TestLayeredNetworksKeepTrajectories(t *testing.T) {
	var got []trajectory
	for _, c := range trajectoryCases(t) {
		got = append(got, runTrajectory(t, c.tr, c.train, c.test))
	}
	if *genLayered {
		b, err := json.MarshalIndent(got, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(trajectoriesPath, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(trajectoriesPath)
	if err != nil {
		t.Fatal(err)
	}
	var want []trajectory
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(got) {
		t.Fatalf("%d cases, the fixture has %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.Name {
			t.Fatalf("case %d is %s, the fixture's %s", i, g.Name, w.Name)
		}
		if g.NewBytes != w.NewBytes {
			t.Errorf("%s: the weights after New differ from the fixture's", w.Name)
		}
		for e := range w.TrainLoss {
			if e >= len(g.TrainLoss) || g.TrainLoss[e] != w.TrainLoss[e] {
				t.Errorf("%s: train loss of epoch %d differs: %v, want %s", w.Name, e+1, g.TrainLoss, w.TrainLoss[e])
				break
			}
		}
		for e := range w.TestLoss {
			if e >= len(g.TestLoss) || g.TestLoss[e] != w.TestLoss[e] {
				t.Errorf("%s: test loss of epoch %d differs", w.Name, e+1)
				break
			}
		}
		if g.TrainedSHA != w.TrainedSHA {
			t.Errorf("%s: the weights after training differ from the fixture's", w.Name)
		}
		if g.OutputsSHA != w.OutputsSHA || g.Accuracy != w.Accuracy || g.RMSE != w.RMSE {
			t.Errorf("%s: evaluation differs: accuracy %v rmse %v, want %v %v", w.Name, g.Accuracy, g.RMSE, w.Accuracy, w.RMSE)
		}
	}
}

// oldFiles are model files written before the networks became compositions
// of layers (format 1 by an older writer, format 2 by the fixture's), with
// the SHA-256 of their evaluation outputs on a fixed data set as the code
// of then computed them.
type oldFile struct {
	Path       string `json:"path"`
	Data       string `json:"data"`
	OutputsSHA string `json:"outputs_sha256"`
	LossBits   string `json:"loss"`
}

var oldFilesPath = filepath.Join("testdata", "layers", "old_files.json")

// oldFileData returns the data set an old file is evaluated on.
func oldFileData(t *testing.T, name string, cases map[string]*datasets.Dataset) *datasets.Dataset {
	t.Helper()
	if name == "rnn6" { // 6 features (3 steps of 2), one regression target
		x := make([]float64, 0, 6*7)
		y := make([]float64, 0, 7)
		for i := 0; i < 7; i++ {
			for j := 0; j < 6; j++ {
				x = append(x, math.Sin(float64(i*6+j)))
			}
			y = append(y, math.Cos(float64(i)))
		}
		return &datasets.Dataset{Name: "rnn6", X: tensorOf(7, 6, x), Y: tensorOf(7, 1, y)}
	}
	ds, ok := cases[name]
	if !ok {
		t.Fatalf("no data set %q", name)
	}
	return ds
}

// TestLoadOldFilesIntoLayeredNetworks loads files written before the
// networks became compositions of layers and checks that their evaluation
// outputs and loss are bit-identical to what the code of then computed.
func TestLoadOldFilesIntoLayeredNetworks(t *testing.T) {
	iris, err := datasets.Iris()
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]*datasets.Dataset{"iris": iris}
	files := []oldFile{
		{Path: "format1/ff-iris.model", Data: "iris"},
		{Path: "format1/rnn-float32.model", Data: "rnn6"},
	}
	for _, c := range trajectoryCases(t) {
		data[c.tr.Name] = c.test
		files = append(files, oldFile{Path: "layers/" + c.tr.Name + ".model", Data: c.tr.Name})
	}
	for i, f := range files {
		net, err := Load(filepath.Join("testdata", filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		ev, err := Evaluate(net, oldFileData(t, f.Data, data))
		if err != nil {
			t.Fatalf("%s: Evaluate: %v", f.Path, err)
		}
		var out []byte
		for _, v := range ev.Outputs {
			out = append(out, binaryBits(v)...)
		}
		files[i].OutputsSHA, files[i].LossBits = sha(out), bitsHex([]float64{ev.Loss})[0]
	}
	if *genLayered {
		b, err := json.MarshalIndent(files, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(oldFilesPath, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(oldFilesPath)
	if err != nil {
		t.Fatal(err)
	}
	var want []oldFile
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(files) {
		t.Fatalf("%d files, the fixture has %d", len(files), len(want))
	}
	for i, w := range want {
		if files[i] != w {
			t.Errorf("%s: outputs or loss differ from the fixture's (loss %s, want %s)", w.Path, files[i].LossBits, w.LossBits)
		}
	}
}
