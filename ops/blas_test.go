package ops

import (
	"strings"
	"testing"
)

// TestSelectBLAS checks what each value of BLASEnv selects and how
// BLASName reports it, with the reason of a fallback.
func TestSelectBLAS(t *testing.T) {
	old, oldNote := BLAS, blasNote
	defer func() { BLAS, blasNote = old, oldNote }()
	if blasNote = selectBLAS("gonum"); BLASName() != "gonum" {
		t.Errorf("gonum: BLASName %q", BLASName())
	}
	if blasNote = selectBLAS("go"); !strings.HasPrefix(BLASName(), "go (") || strings.Contains(BLASName(), ") (") {
		t.Errorf("go: BLASName %q", BLASName())
	}
	if blasNote = selectBLAS("go-avx2"); BLASName() != "go (AVX2+FMA kernels)" && BLASName() != "go (gonum kernels)" {
		t.Errorf("go-avx2: BLASName %q", BLASName())
	}
	blasNote = selectBLAS("fortran")
	if !strings.Contains(BLASName(), "not auto, openblas, go, go-avx2 or gonum") {
		t.Errorf("bad value: BLASName %q", BLASName())
	}
	for _, v := range []string{"auto", ""} {
		blasNote = selectBLAS(v)
		checkAuto(t, v)
	}
}

// checkAuto checks what "auto" (and the default, unset) chose.
func checkAuto(t *testing.T, v string) {
	t.Helper()
	if _, err := OpenBLAS(); err == nil {
		if !strings.HasPrefix(BLASName(), "openblas (") {
			t.Errorf("%q with OpenBLAS present: BLASName %q", v, BLASName())
		}
	} else if !strings.HasPrefix(BLASName(), "go (") || !strings.Contains(BLASName(), ") (ops: OpenBLAS") {
		t.Errorf("%q with OpenBLAS absent: BLASName %q, want the reason", v, BLASName())
	}
}
