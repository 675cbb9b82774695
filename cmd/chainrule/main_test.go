package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs the command in-process and returns its exit status and output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// decodeOneLine checks that out is exactly one line of JSON and decodes it.
func decodeOneLine(t *testing.T, out string, v any) {
	t.Helper()
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		t.Fatalf("want exactly one line of JSON, got %q", out)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("invalid JSON %q: %v", out, err)
	}
}

func TestDescentLandsAtGlobalMinimum(t *testing.T) {
	code, out, errs := runCmd(t, "descent", "--w0", "-5", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var r descentResult
	decodeOneLine(t, out, &r)
	if math.Abs(r.W-(-3.797583)) > 1e-3 {
		t.Errorf("lands at %v, want -3.7976 ± 1e-3", r.W)
	}
	if r.Lands != "global minimum" || r.W0 != -5 || len(r.Path) < 2 {
		t.Errorf("got lands %q, w0 %v, %d path points", r.Lands, r.W0, len(r.Path))
	}
}

func TestDescentFromRightLandsAtLocalMinimum(t *testing.T) {
	code, out, _ := runCmd(t, "descent", "--w0", "5", "--json")
	var r descentResult
	decodeOneLine(t, out, &r)
	if code != 0 || math.Abs(r.W-3.537014) > 1e-3 || r.Lands != "local minimum" {
		t.Errorf("exit %d, lands at %v (%s), want 3.5370 local minimum", code, r.W, r.Lands)
	}
}

func TestDescentRandomStartIsSeeded(t *testing.T) {
	_, a, _ := runCmd(t, "descent", "--seed", "7", "--steps", "10", "--json")
	_, b, _ := runCmd(t, "descent", "--seed", "7", "--steps", "10", "--json")
	var r descentResult
	decodeOneLine(t, a, &r)
	if a != b || r.W0 < -6 || r.W0 > 6 {
		t.Errorf("seeded starts differ or leave [-6, 6]: %v", r.W0)
	}
}

func TestDescentDivergesWithOneLineError(t *testing.T) {
	code, _, errs := runCmd(t, "descent", "--w0", "-5", "--lr", "1")
	if code != 1 || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "chainrule: ") {
		t.Errorf("exit %d, stderr %q; want 1 and one line", code, errs)
	}
}

func TestGradcheckPasses(t *testing.T) {
	code, out, errs := runCmd(t, "gradcheck", "--dtype", "float64")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "0 failed") || !strings.Contains(out, "MatMul") {
		t.Errorf("unexpected table:\n%s", out)
	}
}

func TestGradcheckJSON(t *testing.T) {
	code, out, _ := runCmd(t, "gradcheck", "--op", "Sigmoid", "--json")
	var r checkReport
	decodeOneLine(t, out, &r)
	if code != 0 || !r.OK || r.Total == 0 || r.Failed != 0 {
		t.Errorf("exit %d, report %+v", code, r)
	}
}

func TestGraphDOT(t *testing.T) {
	code, out, errs := runCmd(t, "graph", "--net", "ff", "--dot")
	if code != 0 || !strings.HasPrefix(out, "digraph") {
		t.Errorf("exit %d, stderr %q, output starts %q", code, errs, out[:min(len(out), 20)])
	}
}

func TestGraphTextWithGradients(t *testing.T) {
	for _, net := range []string{"perceptron", "ff", "dff", "rnn"} {
		code, out, errs := runCmd(t, "graph", "--net", net, "--grad")
		if code != 0 || !strings.Contains(out, "MatMul") || !strings.Contains(out, "# dloss/d") {
			t.Errorf("%s: exit %d, stderr %q, output:\n%s", net, code, errs, out)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCmd(t, "version")
	if code != 0 || !(strings.Contains(out, "gonum (pure Go)") || strings.Contains(out, "pure Go, go (") || strings.Contains(out, "openblas (")) || !strings.Contains(out, "go1.") {
		t.Errorf("exit %d, output %q", code, out)
	}
}

func TestHelpAndUsage(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		code, out, _ := runCmd(t, args...)
		if code != 0 || !strings.Contains(out, "gradcheck") || !strings.Contains(out, "descent") {
			t.Errorf("%v: exit %d, output %q", args, code, out)
		}
	}
	if code, _, errs := runCmd(t); code != 2 || !strings.Contains(errs, "Commands:") {
		t.Errorf("no args: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := runCmd(t, "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := runCmd(t, "train", "-h"); code != 0 || !strings.Contains(errs, "-epochs") {
		t.Errorf("train -h: exit %d, stderr %q", code, errs)
	}
}

func TestBadFlagIsUsageError(t *testing.T) {
	for _, args := range [][]string{
		{"train", "--no-such-flag"},
		{"train", "--net", "convnet"},
		{"train", "--hidden", "12,x"},
		{"descent", "--lr", "-1"},
		{"gradcheck", "--dtype", "int8"},
		{"eval"},
	} {
		code, _, errs := runCmd(t, args...)
		if code != 2 || !strings.Contains(errs, "sage") {
			t.Errorf("%v: exit %d, stderr %q; want 2 with usage", args, code, errs)
		}
	}
}

func TestUnknownDataIsOneLineError(t *testing.T) {
	code, out, errs := runCmd(t, "train", "--data", "no-such-data", "--json")
	if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "chainrule: unknown data") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestDataPathOfUnknownFormat(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.csv")
	writeFile(t, p, "a,b,c\n1,2,3\n")
	code, _, errs := runCmd(t, "train", "--data", p)
	if code != 1 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "unrecognised CSV header") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestPanicIsRecovered(t *testing.T) {
	boom := command{name: "boom", run: func([]string, io.Writer, io.Writer) error { panic("kaboom\nsecond line") }}
	var out, errb bytes.Buffer
	code := dispatch([]command{boom}, []string{"boom"}, &out, &errb)
	if code != 1 || errb.String() != "chainrule: internal error: kaboom | second line\n" {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
	if got := oneLine("a\nb\r\n  c"); got != "a | b | c" {
		t.Errorf("oneLine = %q", got)
	}
}
