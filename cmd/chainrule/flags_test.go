package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestFlagValueErrorsAreUsageErrors runs every subcommand with each bad
// value: an explicit zero or negative size or rate, an empty string that
// would silently mean the default, a value out of range, an unknown or
// unparsable flag, a stray argument. Each is status 2 with exactly one
// line on standard error that names the command and the flag, and nothing
// on standard output (docs/cli.md, "Exit status and errors").
func TestFlagValueErrorsAreUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // in the one line
	}{
		{[]string{"train", "--data", "iris", "--epochs", "0"}, "--epochs 0"},
		{[]string{"train", "--data", "iris", "--epochs", "-3"}, "--epochs -3"},
		{[]string{"train", "--data", "iris", "--epochs", "x"}, "-epochs"},
		{[]string{"train", "--data", "iris", "--batch", "0"}, "--batch 0"},
		{[]string{"train", "--data", "iris", "--batch", "-1"}, "--batch -1"},
		{[]string{"train", "--data", "iris", "--lr", "0"}, "--lr 0"},
		{[]string{"train", "--data", "iris", "--lr", "-0.1"}, "--lr -0.1"},
		{[]string{"train", "--data", "iris", "--lr", "NaN"}, "--lr NaN"},
		{[]string{"train", "--data", "iris", "--lr", "+Inf"}, "--lr +Inf"},
		{[]string{"train", "--data", "iris", "--decay", "0"}, "--decay 0"},
		{[]string{"train", "--data", "iris", "--decay", "1.5"}, "--decay 1.5"},
		{[]string{"train", "--data", "iris", "--l2", "-1"}, "--l2 -1"},
		{[]string{"train", "--data", "iris", "--hidden", ""}, `--hidden ""`},
		{[]string{"train", "--data", "iris", "--hidden", "0"}, `--hidden "0"`},
		{[]string{"train", "--data", "iris", "--net", "ff", "--hidden", "4,4"}, "exactly one"},
		{[]string{"train", "--data", "iris", "--net", "perceptron", "--hidden", "4"}, "perceptron"},
		{[]string{"train", "--data", "iris", "--act", ""}, `--act ""`},
		{[]string{"train", "--data", "iris", "--act", "gelu"}, `--act "gelu"`},
		{[]string{"train", "--data", "iris", "--loss", ""}, `--loss ""`},
		{[]string{"train", "--data", "iris", "--solver", ""}, `--solver ""`},
		{[]string{"train", "--data", ""}, `--data ""`},
		{[]string{"train", "--data", "iris", "--classes", "some"}, `--classes "some"`},
		{[]string{"train", "--data", "iris", "--seed", "-1"}, "-seed"},
		{[]string{"train", "--data", "iris", "--net", "convnet"}, `--net "convnet"`},
		{[]string{"train", "--net", "cnn", "--channels", ""}, `--channels ""`},
		{[]string{"train", "--net", "cnn", "--channels", "0"}, `"0" is not a filter count`},
		{[]string{"train", "--net", "cnn", "--channels", "16,x"}, `"x" is not a filter count`},
		{[]string{"train", "--net", "cnn", "--channels", "16,,32"}, `"" is not a filter count`},
		{[]string{"train", "--net", "cnn", "--channels", "5000"}, `"5000" is not a filter count`},
		{[]string{"train", "--net", "cnn", "--channels", "1,1,1,1,1,1,1,1,1"}, "one to eight"},
		{[]string{"train", "--net", "dff", "--channels", "16"}, "--channels is for --net cnn"},
		{[]string{"train", "--net", "cnn", "--dropout", "1"}, "--dropout 1"},
		{[]string{"train", "--net", "cnn", "--dropout", "-0.1"}, "--dropout -0.1"},
		{[]string{"train", "--net", "cnn", "--dropout", "NaN"}, "--dropout NaN"},
		{[]string{"train", "--net", "cnn", "--dropout", "x"}, "-dropout"},
		{[]string{"train", "--net", "ff", "--dropout", "0.5"}, "--dropout is for --net cnn"},
		{[]string{"train", "--net", "rnn", "--dropout", "0.5"}, "--dropout is for --net cnn, lstm or gru, not rnn"},
		{[]string{"train", "--net", "gru", "--dropout", "1"}, "--dropout 1"},
		{[]string{"train", "--net", "ff", "--batch-norm"}, "--batch-norm is for --net cnn"},
		{[]string{"train", "--net", "cnn", "--shift", "-1"}, "--shift -1"},
		{[]string{"train", "--net", "cnn", "--shift", "65"}, "--shift 65"},
		{[]string{"train", "--net", "cnn", "--hidden", "0"}, `--hidden "0"`},
		{[]string{"train", "--no-such-flag"}, "no-such-flag"},
		{[]string{"train", "extra"}, `"extra"`},
		{[]string{"eval"}, "--model"},
		{[]string{"eval", "--model"}, "-model"},
		{[]string{"eval", "--model", "no-such.model", "--classes", "some"}, `--classes "some"`},
		{[]string{"eval", "--model", "no-such.model", "--data", ""}, `--data ""`},
		{[]string{"eval", "--model", "m", "--seed", "x"}, "-seed"},
		{[]string{"gradcheck", "--dtype", "int8"}, `--dtype "int8"`},
		{[]string{"gradcheck", "--op", "NoSuchOp"}, `--op "NoSuchOp"`},
		{[]string{"gradcheck", "--op", ""}, `--op ""`},
		{[]string{"gradcheck", "x"}, `"x"`},
		{[]string{"graph", "--in", "0"}, "--in 0"},
		{[]string{"graph", "--out", "-1"}, "--out -1"},
		{[]string{"graph", "--batch", "0"}, "--batch 0"},
		{[]string{"graph", "--net", "rnn", "--seq", "0"}, "--seq 0"},
		{[]string{"graph", "--act", "gelu"}, `--act "gelu"`},
		{[]string{"graph", "--act", ""}, `--act ""`},
		{[]string{"graph", "--loss", "hinge"}, `--loss "hinge"`},
		{[]string{"graph", "--hidden", ""}, `--hidden ""`},
		{[]string{"graph", "--net", "ff", "--hidden", "2,2"}, "exactly one"},
		{[]string{"graph", "--net", "dff", "--hidden", "0"}, `--hidden "0"`},
		{[]string{"graph", "--net", "cnn", "--in", "15"}, "--in 15"},
		{[]string{"graph", "--net", "cnn", "--channels", "0"}, `"0" is not a filter count`},
		{[]string{"graph", "--net", "ff", "--channels", "2"}, "--channels is for --net cnn"},
		{[]string{"descent", "--lr", "0"}, "--lr 0"},
		{[]string{"descent", "--lr", "-1"}, "--lr -1"},
		{[]string{"descent", "--steps", "-1"}, "--steps -1"},
		{[]string{"descent", "--every", "0"}, "--every 0"},
		{[]string{"descent", "--w0", "NaN"}, "--w0 NaN"},
		{[]string{"version", "--json=maybe"}, "-json"},
		{[]string{"version", "extra"}, `"extra"`},
		{[]string{"help", "frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"help", "train", "extra"}, `"extra"`},
		{[]string{"frobnicate"}, "unknown command"},
	} {
		code, out, errs := runCmd(t, tc.args...)
		prefix := "chainrule: " + tc.args[0] + ": "
		if tc.args[0] == "frobnicate" {
			prefix = "chainrule: "
		}
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, prefix) ||
			!strings.Contains(errs, tc.want) || !strings.Contains(errs, "usage") && !strings.Contains(errs, "help") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, one line %q... naming %q", tc.args, code, out, errs, prefix, tc.want)
		}
	}
}

// TestHelpForACommand prints a command's flags, as -h does.
func TestHelpForACommand(t *testing.T) {
	code, out, errs := runCmd(t, "help", "graph")
	if code != 0 || out != "" || !strings.Contains(errs, "Usage: chainrule graph") || !strings.Contains(errs, "-seq") {
		t.Errorf("help graph: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestRuntimeErrorsAreStatusOne checks that failures of the run itself, not
// of the command line, are status 1 with one line.
func TestRuntimeErrorsAreStatusOne(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"train", "--data", "no-such-data"},
		{"train", "--data", "iris", "--out", dir}, // a directory: the file system refuses
		{"eval", "--model", filepath.Join(dir, "missing.model"), "--data", "iris"},
		{"descent", "--w0", "-5", "--lr", "1"}, // diverges
	} {
		code, _, errs := runCmd(t, args...)
		if code != 1 || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "chainrule: ") {
			t.Errorf("%q: exit %d, stderr %q; want 1 and one line", args, code, errs)
		}
	}
}

// TestExplicitValidValuesAreKept checks that explicit values at the edge of
// their range are used as given, and that flags left out keep their
// defaults.
func TestExplicitValidValuesAreKept(t *testing.T) {
	r := trainJSON(t, "--data", "xor", "--net", "ff", "--epochs", "1", "--batch", "1", "--lr", "0.5", "--decay", "1", "--l2", "0")
	if r["epochs"] != 1.0 || r["batch"] != 1.0 || r["lr"] != 0.5 {
		t.Errorf("epochs %v, batch %v, lr %v; want 1, 1, 0.5", r["epochs"], r["batch"], r["lr"])
	}
	if _, ok := r["decay"]; ok {
		t.Errorf("--decay 1 (none) reported as decay %v", r["decay"])
	}
	// xor defaults for ff: sgd 2, batch 4, 2000 epochs (docs/cli.md table).
	r = trainJSON(t, "--data", "xor", "--net", "ff")
	if r["epochs"] != 2000.0 || r["batch"] != 4.0 || r["lr"] != 2.0 {
		t.Errorf("defaults: epochs %v, batch %v, lr %v; want 2000, 4, 2", r["epochs"], r["batch"], r["lr"])
	}
	if code, _, errs := runCmd(t, "descent", "--w0", "1", "--steps", "0", "--json"); code != 0 {
		t.Errorf("descent --steps 0: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := runCmd(t, "train", "--data", "and", "--net", "perceptron", "--hidden", "", "--epochs", "5", "--json"); code != 0 {
		t.Errorf("perceptron --hidden \"\": exit %d, stderr %q", code, errs)
	}
}
