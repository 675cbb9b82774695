package main

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chainrule/chainrule/graph"
)

// Sizes that used to die of memory (with a goroutine dump) give one line
// and the documented status at once: a network or program too large for
// memory fails (1), a flag out of its documented range is a usage error (2).
func TestHugeSizesFailFastWithOneLine(t *testing.T) {
	defer graph.SetMemoryLimit(graph.SetMemoryLimit(16 << 30)) // whatever the machine holds
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"graph", "--batch", "1000000000"}, 1, "memory limit of 1 GiB"},
		{[]string{"graph", "--in", "3000000000"}, 1, "memory limit of 1 GiB"},
		{[]string{"graph", "--net", "dff", "--hidden", "65536,65536"}, 1, "32 GiB, above the memory limit"},
		{[]string{"graph", "--net", "rnn", "--seq", "1000000"}, 2, "--seq 1000000, want 1..1000"},
		{[]string{"graph", "--net", "rnn", "--seq", "0"}, 2, "--seq 0, want >= 1"},
		// Checked before the data is read:
		{[]string{"train", "--net", "dff", "--hidden", "65536,65536", "--json"}, 1, "train: --hidden 65536,65536: the 4294967296 weights between the hidden layers alone take 32 GiB, above the memory limit of 16 GiB"},
		{[]string{"train", "--net", "rnn", "--hidden", "65536"}, 1, "65536: the 4294967296 weights between"},
		// and after it, by nets.New: 784·65536 + 65536 + 65536·10 + 10 weights in W1, b1, W2, b2.
		{[]string{"train", "--net", "ff", "--hidden", "65536", "--lr", "0.1"}, 1, "52101130 weights take 397.5 MiB, above the memory limit of 256 MiB"},
	} {
		if c.args[1] == "--net" && c.args[2] == "ff" {
			graph.SetMemoryLimit(256 << 20)
		} else {
			graph.SetMemoryLimit(16 << 30)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		code, out, errs := runCmd(t, c.args...)
		d := time.Since(start)
		runtime.ReadMemStats(&after)
		name := strings.Join(c.args, " ")
		if code != c.code {
			t.Errorf("%s: exit %d, want %d (stderr %q)", name, code, c.code, errs)
		}
		if !strings.HasPrefix(errs, "chainrule: ") || !strings.Contains(errs, c.want) {
			t.Errorf("%s: stderr %q, want a line mentioning %q", name, errs, c.want)
		}
		if lines := strings.Count(errs, "\n"); lines != 1 {
			t.Errorf("%s: %d lines on stderr: %q", name, lines, errs)
		}
		if out != "" {
			t.Errorf("%s: stdout %q, want nothing", name, out)
		}
		// train --net ff reads its data first (0.3 s for MNIST on an idle
		// machine, over 1 s on a loaded one): its bound says "before
		// training", the others "at once".
		if limit := map[string]time.Duration{"graph": 100 * time.Millisecond, "train": 5 * time.Second}[c.args[0]]; d > limit && !raceEnabled {
			t.Errorf("%s: took %v, want under %v", name, d, limit)
		}
		if b := after.TotalAlloc - before.TotalAlloc; b > 64<<20 && c.args[0] == "graph" {
			t.Errorf("%s: allocated %d bytes", name, b)
		}
	}
	graph.SetMemoryLimit(16 << 30)
	runCmd(t, "graph")
	if got := graph.MemoryLimit(); got != 16<<30 {
		t.Errorf("graph left the memory limit at %d", got)
	}
}
