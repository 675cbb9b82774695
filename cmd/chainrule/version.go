package main

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/chainrule/chainrule/ops"
)

// Version is chainrule's version; release builds may set it with
// -ldflags "-X main.Version=v1.2.3".
var Version = "v0.1.0-dev"

// versionInfo is what `chainrule version` reports.
type versionInfo struct {
	Version string `json:"version"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
	BLAS    string `json:"blas"`
	Commit  string `json:"commit,omitempty"`
}

// runVersion prints the version, the Go version and the BLAS in use.
func runVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "[--json]", stderr)
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	if err := parse(fs, args); err != nil {
		return err
	}
	v := versionInfo{Version: Version, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH, BLAS: blasName(ops.BLAS)}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v.Commit = s.Value[:12]
			}
		}
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(v)
	}
	fmt.Fprintf(stdout, "chainrule %s\n", v.Version)
	fmt.Fprintf(stdout, "go:     %s %s/%s\n", v.Go, v.OS, v.Arch)
	fmt.Fprintf(stdout, "blas:   %s\n", v.BLAS)
	if v.Commit != "" {
		fmt.Fprintf(stdout, "commit: %s\n", v.Commit)
	}
	return nil
}

// blasName names the Gemm in use: ops.BLASName for the ones ops knows
// ("gonum" is spelled "gonum (pure Go)", GoBLAS "pure Go, go (AVX-512F
// kernels)"), the Go type for any other, with
// well-known libraries recognised in the name.
func blasName(g ops.Gemm) string {
	if g == nil {
		return "none"
	}
	if g == ops.BLAS {
		name := ops.BLASName()
		if name == "gonum" {
			return "gonum (pure Go)"
		}
		if strings.HasPrefix(name, "go (") {
			return "pure Go, " + name
		}
		if strings.HasPrefix(name, "gonum (") || strings.HasPrefix(name, "openblas") {
			return name
		}
	}
	if _, ok := g.(ops.GonumBLAS); ok {
		return "gonum (pure Go)"
	}
	if b, ok := g.(ops.GoBLAS); ok {
		return "pure Go, " + b.String()
	}
	t := reflect.TypeOf(g)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := t.String()
	if s := describeBLAS(name); s != "" {
		return s + " (" + name + ")"
	}
	return name
}

// describeBLAS recognises well-known BLAS libraries in a type name.
func describeBLAS(name string) string {
	for _, k := range []struct{ key, label string }{
		{"openblas", "OpenBLAS"}, {"OpenBLAS", "OpenBLAS"}, {"MKL", "Intel MKL"}, {"Accelerate", "Apple Accelerate"},
	} {
		if containsFold(name, k.key) {
			return k.label
		}
	}
	return ""
}
