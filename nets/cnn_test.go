package nets

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/solvers"
)

// A CNN builds, compiles for training and runs one step for every image
// size of the lecture's data sets, with the default blocks: two for 8×8
// digits, 25×25 LFW crops and 28×28 MNIST digits, three for 48×48 FER2013
// faces, four for 96×96 keypoint faces.
func TestCNNBuildsForEachImageSize(t *testing.T) {
	for _, tc := range []struct {
		side     int
		channels []int
		outputs  int
		loss     Loss
		masked   bool
	}{
		{8, []int{16, 32}, 10, "", false},
		{25, []int{16, 32}, 2, "", false},
		{28, []int{16, 32}, 10, "", false},
		{48, []int{16, 32, 64}, 7, "", false},
		{96, []int{16, 32, 64, 128}, 30, MSE, true},
	} {
		spec := Spec{Kind: KindCNN, Image: []int{tc.side, tc.side}, Outputs: tc.outputs, Loss: tc.loss, Masked: tc.masked,
			BatchNorm: true, Dropout: 0.25, Dtype: Float32}
		net, err := New(spec, 1)
		if err != nil {
			t.Fatalf("%d×%d: %v", tc.side, tc.side, err)
		}
		s := net.Spec()
		if s.Inputs != tc.side*tc.side || !equalInts(s.Channels, tc.channels) || !equalInts(s.Image, []int{1, tc.side, tc.side}) {
			t.Fatalf("%d×%d: spec %+v, want %d inputs, channels %v", tc.side, tc.side, s, tc.side*tc.side, tc.channels)
		}
		c, err := Compile(net, 4, true)
		if err != nil {
			t.Fatalf("%d×%d: %v", tc.side, tc.side, err)
		}
		if c.MaskBuf != nil {
			setOnes(c.MaskBuf)
		}
		if _, err := c.step(&solvers.Adam{Options: solvers.Options{LR: 1e-3}}); err != nil {
			t.Fatalf("%d×%d: step: %v", tc.side, tc.side, err)
		}
		if sh := c.Output.Shape(); sh[0] != 4 || sh[1] != tc.outputs {
			t.Fatalf("%d×%d: output %v", tc.side, tc.side, sh)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The params of a CNN for 28×28 digits, by hand: conv1 16·1·3·3 + 16 = 160,
// conv2 32·16·3·3 + 32 = 4,640, two 2×2 pools leave 32·7·7 = 1,568
// features, fc1 1,568·128 + 128 = 200,832, out 128·10 + 10 = 1,290:
// 206,922. Batch norm adds gamma and beta per channel, 2·16 + 2·32 = 96
// params, and as many running statistics, which a model file stores too.
func TestCNNParamCount(t *testing.T) {
	for _, bn := range []bool{false, true} {
		net, err := New(Spec{Kind: KindCNN, Image: []int{28, 28}, Channels: []int{16, 32}, Hidden: []int{128}, Outputs: 10, BatchNorm: bn}, 1)
		if err != nil {
			t.Fatal(err)
		}
		want, state := 206922, 0
		if bn {
			want, state = want+96, 96
		}
		if n := net.Layers().Store().NumParams(); n != want {
			t.Errorf("batch norm %v: %d params, want %d", bn, n, want)
		}
		all := 0
		for _, p := range stored(net) {
			all += p.Value.Size()
		}
		if all != want+state {
			t.Errorf("batch norm %v: a model file stores %d values, want %d", bn, all, want+state)
		}
		if n, _ := net.Spec().weightCount(); n != want+state {
			t.Errorf("batch norm %v: weightCount %d, want %d", bn, n, want+state)
		}
		names := []string{}
		for _, p := range net.Params() {
			names = append(names, p.Name)
		}
		wantNames := "conv1.W conv1.b conv2.W conv2.b fc1.W fc1.b out.W out.b"
		if bn {
			wantNames = "conv1.W conv1.b bn1.gamma bn1.beta conv2.W conv2.b bn2.gamma bn2.beta fc1.W fc1.b out.W out.b"
		}
		if got := strings.Join(names, " "); got != wantNames {
			t.Errorf("batch norm %v: params %s, want %s", bn, got, wantNames)
		}
		if d := paramDiffs(net.Spec().layout(), shapesOf(stored(net))); len(d) > 0 {
			t.Errorf("batch norm %v: layout differs from New's: %v", bn, d)
		}
	}
}

// trainCNNDigits trains a small CNN on the 8×8 digits for a few epochs.
func trainCNNDigits(t *testing.T, spec Spec, epochs int) (Network, *datasets.Dataset) {
	t.Helper()
	train, test := digits(t)
	net, err := New(spec, 1)
	if err != nil {
		t.Fatal(err)
	}
	sol := &solvers.Adam{Options: solvers.Options{LR: 3e-3}}
	h, err := Train(net, train, test, Config{Epochs: epochs, BatchSize: 32, Solver: sol, Seed: 1, Shift: 1, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d epochs in %.2f s, test loss %.4f", h.Epochs, h.Seconds, h.TestLoss[len(h.TestLoss)-1])
	return net, test
}

// A small CNN (8 and 16 filters, batch norm, dropout, shifted images)
// learns the 8×8 digits in a few seconds.
func TestCNNTrainsOnDigits(t *testing.T) {
	net, test := trainCNNDigits(t, Spec{Kind: KindCNN, Image: []int{8, 8}, Channels: []int{8, 16}, Hidden: []int{32},
		Outputs: 10, BatchNorm: true, Dropout: 0.1, Dtype: Float32}, 6)
	ev, err := Evaluate(net, test)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("held-out accuracy %.4f", ev.Accuracy)
	if ev.Accuracy < 0.9 {
		t.Fatalf("held-out accuracy %.4f, want >= 0.9", ev.Accuracy)
	}
}

// A trained CNN with batch norm and dropout, saved and loaded, predicts
// exactly what it did: the file holds the running statistics after the
// params, and Load restores them (without them the evaluation-mode batch
// norm would use mean 0 and variance 1).
func TestCNNSaveLoadSamePredictions(t *testing.T) {
	for _, dt := range []Dtype{Float32, Float64} {
		net, test := trainCNNDigits(t, Spec{Kind: KindCNN, Image: []int{8, 8}, Channels: []int{4, 8}, Hidden: []int{16},
			Outputs: 10, BatchNorm: true, Dropout: 0.2, Dtype: dt}, 1)
		path := filepath.Join(t.TempDir(), "cnn.model")
		if err := Save(net, path); err != nil {
			t.Fatal(err)
		}
		back, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := back.(*CNN); !ok {
			t.Fatalf("loaded a %T", back)
		}
		st := stored(back)
		if mean := st[len(st)-4]; mean.Name != "bn1.mean" || mean.Value.Data() == nil || isZero(mean.Value.Data()) {
			t.Fatalf("%s: loaded %s = %v, want the trained running mean", dt, mean.Name, mean.Value)
		}
		e1, err1 := Evaluate(net, test)
		e2, err2 := Evaluate(back, test)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for i := range e1.Outputs {
			if e1.Outputs[i] != e2.Outputs[i] {
				t.Fatalf("%s: output %d: %v before saving, %v after loading", dt, i, e1.Outputs[i], e2.Outputs[i])
			}
		}
		if err := LoadInto(back, path); err != nil {
			t.Fatal(err)
		}
		other, err := New(Spec{Kind: KindCNN, Image: []int{8, 8}, Channels: []int{4, 6}, Hidden: []int{16}, Outputs: 10, BatchNorm: true, Dropout: 0.2, Dtype: dt}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := LoadInto(other, path); err == nil || !strings.Contains(err.Error(), "channels: file has [4,8], network has [4,6]") {
			t.Fatalf("LoadInto another CNN: %v", err)
		}
	}
}

func isZero(data any) bool {
	switch d := data.(type) {
	case []float32:
		for _, v := range d {
			if v != 0 {
				return false
			}
		}
	case []float64:
		for _, v := range d {
			if v != 0 {
				return false
			}
		}
	}
	return true
}

// Invalid CNN specs are errors naming the field.
func TestCNNSpecErrors(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		{Spec{Kind: KindCNN, Inputs: 10, Outputs: 2}, "image"},
		{Spec{Kind: KindCNN, Image: []int{8, 8}, Inputs: 60, Outputs: 2}, "inputs 60"},
		{Spec{Kind: KindCNN, Image: []int{0, 8}, Outputs: 2}, "dimension 1 is 0"},
		{Spec{Kind: KindCNN, Image: []int{1, 2, 3, 4}, Outputs: 2}, "image"},
		{Spec{Kind: KindCNN, Image: []int{8, 8}, Channels: []int{4, 4, 4, 4}, Outputs: 2}, "too small for 4 blocks"},
		{Spec{Kind: KindCNN, Image: []int{8, 8}, Channels: []int{4, 0}, Outputs: 2}, "block 2 has 0 channels"},
		{Spec{Kind: KindCNN, Image: []int{8, 8}, Dropout: 1, Outputs: 2}, "dropout 1"},
		{Spec{Kind: KindCNN, Image: []int{8, 8}, Dropout: -0.5, Outputs: 2}, "dropout -0.5"},
		{Spec{Kind: KindDFF, Inputs: 4, Hidden: []int{2}, Outputs: 2, Channels: []int{3}}, "for cnn only"},
	} {
		_, err := New(tc.spec, 1)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one containing %q", tc.spec, err, tc.want)
		}
	}
}

// Train's Shift needs classes and images, and a count in range.
func TestTrainShiftErrors(t *testing.T) {
	train, _ := digits(t)
	net, err := New(Spec{Kind: KindCNN, Image: []int{8, 8}, Channels: []int{2}, Hidden: []int{4}, Outputs: 10}, 1)
	if err != nil {
		t.Fatal(err)
	}
	flat := *train
	flat.SampleShape = []int{64}
	for _, tc := range []struct {
		ds    *datasets.Dataset
		shift int
		want  string
	}{
		{train, -1, "shift -1"},
		{train, datasets.MaxShift + 1, "shift 65"},
		{&flat, 1, "sample shape [64]"},
	} {
		_, err := Train(net, tc.ds, nil, Config{Epochs: 1, Shift: tc.shift, Quiet: true})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("shift %d: error %v, want %q", tc.shift, err, tc.want)
		}
	}
	kp, err := New(Spec{Kind: KindCNN, Image: []int{8, 8}, Channels: []int{2}, Hidden: []int{4}, Outputs: 2, Loss: MSE}, 1)
	if err != nil {
		t.Fatal(err)
	}
	reg := *train
	reg.Y = train.X // any regression targets
	reg.Classes = nil
	kp2, _ := New(Spec{Kind: KindCNN, Image: []int{8, 8}, Channels: []int{2}, Hidden: []int{4}, Outputs: 64, Loss: MSE}, 1)
	_ = kp
	if _, err := Train(kp2, &reg, nil, Config{Epochs: 1, Shift: 1, Quiet: true}); err == nil || !strings.Contains(err.Error(), "regression targets") {
		t.Errorf("shift on regression: %v", err)
	}
}
