package opcheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

func TestEveryOpGradient(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		for _, c := range Cases() {
			t.Run(dt.String()+"/"+c.Op+"/"+c.Name, func(t *testing.T) {
				r, err := Run(c, dt)
				if err != nil {
					t.Fatal(err)
				}
				if r.MaxError > Tolerance(dt) || r.Checked == 0 {
					t.Errorf("worst error %.3g at %s[%d]: autodiff %.8g, finite difference %.8g (%d checked)",
						r.MaxError, r.Node.Name(), r.Index, r.Analytic, r.Numeric, r.Checked)
				}
			})
		}
	}
}

// TestEveryOpHasACase parses package ops and fails for any exported function
// returning *graph.Node that no case covers.
func TestEveryOpHasACase(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("../*.go")
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, c := range Cases() {
		covered[c.Op] = true
	}
	var missing []string
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !fd.Name.IsExported() || fd.Type.Results == nil {
				continue
			}
			if !returnsNode(fd) {
				continue
			}
			n++
			if !covered[fd.Name.Name] {
				missing = append(missing, fd.Name.Name+" ("+filepath.Base(f)+")")
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("ops without a gradient-check case in opcheck: %s", strings.Join(missing, ", "))
	}
	if n < 20 {
		t.Errorf("found only %d ops; is the parser looking at the right directory?", n)
	}
}

func returnsNode(fd *ast.FuncDecl) bool {
	for _, r := range fd.Type.Results.List {
		if star, ok := r.Type.(*ast.StarExpr); ok {
			if sel, ok := star.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Node" {
				return true
			}
		}
	}
	return false
}
