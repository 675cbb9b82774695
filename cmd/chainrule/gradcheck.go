package main

import (
	"fmt"
	"io"
	"strings"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/ops/opcheck"
)

// checkRow is one line of the gradcheck table.
type checkRow struct {
	Op        string   `json:"op"`
	Case      string   `json:"case"`
	Dtype     string   `json:"dtype"`
	MaxError  *float64 `json:"max_error"` // null when not computed or not finite
	Tolerance float64  `json:"tolerance"`
	Checked   int      `json:"checked"`
	OK        bool     `json:"ok"`
	Error     string   `json:"error,omitempty"`
}

// checkReport is the JSON form of `chainrule gradcheck`.
type checkReport struct {
	Cases  []checkRow `json:"cases"`
	Total  int        `json:"total"`
	Failed int        `json:"failed"`
	OK     bool       `json:"ok"`
}

// runGradcheck runs every opcheck case in the requested dtypes and fails
// when any case's worst error exceeds its tolerance.
func runGradcheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("gradcheck", "[--dtype float64|float32|both] [--op NAME] [--json]", stderr)
	dtype := fs.String("dtype", "both", "element type: float64, float32 or both")
	only := fs.String("op", "", "check only the cases of this op (e.g. MatMul)")
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	if err := parse(fs, args); err != nil {
		return err
	}
	var dts []tensor.Dtype
	switch *dtype {
	case "float64":
		dts = []tensor.Dtype{tensor.Float64}
	case "float32":
		dts = []tensor.Dtype{tensor.Float32}
	case "both":
		dts = []tensor.Dtype{tensor.Float64, tensor.Float32}
	default:
		return usagef("gradcheck: --dtype %q, want float64, float32 or both", *dtype)
	}
	if flagSet(fs, "op") && *only == "" {
		return usagef("gradcheck: --op \"\", want an op name such as MatMul (leave the flag out for all)")
	}
	var cases []opcheck.Case
	for _, c := range opcheck.Cases() {
		if *only == "" || containsFold(c.Op, *only) {
			cases = append(cases, c)
		}
	}
	if len(cases) == 0 {
		return usagef("gradcheck: --op %q matches no op (ops: %s)", *only, strings.Join(opNames(), ", "))
	}
	rep := checkReport{OK: true}
	for _, c := range cases {
		for _, dt := range dts {
			row := checkCase(c, dt)
			rep.Cases = append(rep.Cases, row)
			if !row.OK {
				rep.Failed++
			}
		}
	}
	rep.Total = len(rep.Cases)
	rep.OK = rep.Failed == 0
	if *asJSON {
		if err := writeJSON(stdout, rep); err != nil {
			return err
		}
	} else {
		printChecks(stdout, rep)
	}
	if !rep.OK {
		return fmt.Errorf("gradcheck: %d of %d cases failed", rep.Failed, rep.Total)
	}
	return nil
}

// checkCase runs one case in one dtype; a case that panics or errors fails.
func checkCase(c opcheck.Case, dt tensor.Dtype) (row checkRow) {
	row = checkRow{Op: c.Op, Case: c.Name, Dtype: dt.String(), Tolerance: opcheck.Tolerance(dt)}
	defer func() {
		if r := recover(); r != nil {
			row.OK, row.Error = false, oneLine(fmt.Sprint("panic: ", r))
		}
	}()
	res, err := opcheck.Run(c, dt)
	if err != nil {
		row.Error = oneLine(err.Error())
		return row
	}
	row.MaxError, row.Checked = finite(res.MaxError), res.Checked
	row.OK = res.MaxError <= row.Tolerance // false for NaN
	return row
}

// printChecks writes the table and a summary line.
func printChecks(w io.Writer, rep checkReport) {
	rows := [][]string{{"op", "case", "dtype", "max rel error", "tolerance", "ok"}}
	for _, r := range rep.Cases {
		ok := "ok"
		if !r.OK {
			ok = "FAIL"
			if r.Error != "" {
				ok += " " + r.Error
			}
		}
		rows = append(rows, []string{r.Op, r.Case, r.Dtype, fmtErr(r.MaxError), fmt.Sprintf("%.0e", r.Tolerance), ok})
	}
	table(w, rows)
	fmt.Fprintf(w, "%d cases, %d failed\n", rep.Total, rep.Failed)
}

// fmtErr formats a worst error, or "-" when there is none.
func fmtErr(x *float64) string {
	if x == nil {
		return "-"
	}
	return fmt.Sprintf("%.2e", *x)
}

// opNames lists the ops that have gradcheck cases, each once, in table order.
func opNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, c := range opcheck.Cases() {
		if !seen[c.Op] {
			seen[c.Op] = true
			names = append(names, c.Op)
		}
	}
	return names
}
