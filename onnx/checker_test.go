package onnx

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// checkScript runs ONNX's own checker (full_check, which includes strict
// shape inference) on every file named on the command line, then shape
// inference again, and compares each output's inferred shape with the
// declared one.
const checkScript = `
import sys, onnx
from onnx import shape_inference
for path in sys.argv[1:]:
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    inf = shape_inference.infer_shapes(m, check_type=True, strict_mode=True)
    declared = {o.name: o for o in m.graph.output}
    for o in inf.graph.output:
        d = declared[o.name].type.tensor_type.shape.dim
        i = o.type.tensor_type.shape.dim
        if len(d) != len(i):
            sys.exit("%s: output %s has rank %d, inferred %d" % (path, o.name, len(d), len(i)))
        for a, b in zip(d, i):
            if a.HasField("dim_value") and b.HasField("dim_value") and a.dim_value != b.dim_value:
                sys.exit("%s: output %s dims %s, inferred %s" % (path, o.name, d, i))
    print("ok", path)
`

// TestONNXChecker runs onnx.checker.check_model (full_check) and shape
// inference, from Debian's python3-onnx, on every model the other tests
// export. It skips where /usr/bin/python3 has no onnx module.
func TestONNXChecker(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import onnx").Run(); err != nil {
		t.Skip("skipping: /usr/bin/python3 has no onnx module (Debian: apt-get install python3-onnx), so onnx.checker does not check the exports")
	}
	dir := t.TempDir()
	var files []string
	write := func(name string, b []byte) {
		p := filepath.Join(dir, name+".onnx")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	for _, c := range runCases() {
		write(c.name, exportBytes(t, c.build(1), Options{SymbolicBatch: true}))
		write(c.name+"-fixed", exportBytes(t, c.build(3), Options{}))
	}
	for _, c := range structCases() {
		m, opts := c.build()
		write(c.name, exportBytes(t, m, opts))
	}
	out, err := exec.Command("/usr/bin/python3", append([]string{"-c", checkScript}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("onnx.checker: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "ok "); n != len(files) {
		t.Fatalf("checked %d of %d files:\n%s", n, len(files), out)
	}
	t.Logf("onnx.checker and shape inference passed on %d files", len(files))
}
