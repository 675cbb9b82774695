package loop_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesUpToDate runs every generator and checks that its
// output is the committed .s file (all but the first line, which names the
// output path), so that an edit of a generator without go generate, or of
// a generated file by hand, is caught. It runs with this module's tests
// (cd internal/kernels/asm && go test -count=1 ./...; the go command does
// not count the .s files, outside this module, as inputs of a cached
// result), not chainrule's: CI never needs avo.
func TestGeneratedFilesUpToDate(t *testing.T) {
	for _, g := range []struct{ cmd, file string }{
		{"simd", "simd_amd64.s"}, {"actgrad", "actgrad_amd64.s"}, {"tanh", "tanh_amd64.s"},
		{"exp32", "exp32_amd64.s"}, {"gemm", "gemm_avx2_amd64.s"}, {"gemm512", "gemm_avx512_amd64.s"}, {"gemv", "gemv_amd64.s"}, {"runs", "runs_amd64.s"}, {"maxpool2", "maxpool2_amd64.s"}, {"rowscalar", "rowscalar_amd64.s"},
	} {
		out := filepath.Join(t.TempDir(), g.file)
		cmd := exec.Command("go", "run", "./"+g.cmd, "-out", out)
		cmd.Dir = ".."
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", g.cmd, err, msg)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "..", g.file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(afterFirstLine(got), afterFirstLine(want)) {
			t.Errorf("%s is not what asm/%s generates: run go generate ./internal/kernels", g.file, g.cmd)
		}
	}
}

func afterFirstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return b
}
