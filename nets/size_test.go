package nets_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/nets"
)

// newCheaply calls nets.New and fails t unless it returned in under 100 ms
// having allocated at most 4 MiB.
func newCheaply(t *testing.T, s nets.Spec) (nets.Network, error) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	n, err := nets.New(s, 1)
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	if b := after.TotalAlloc - before.TotalAlloc; b > 4<<20 || d > 100*time.Millisecond {
		t.Errorf("New(%+v): allocated %d bytes in %v, want at most 4 MiB in 100 ms", s, b, d)
	}
	return n, err
}

// New used to panic (makeslice) on 2^30-wide layers and die of memory on
// --hidden 65536,65536: it now adds up the weights first.
func TestNewRefusesWeightsAboveTheMemoryLimit(t *testing.T) {
	defer graph.SetMemoryLimit(graph.SetMemoryLimit(16 << 30)) // whatever the machine holds
	for _, c := range []struct {
		spec nets.Spec
		want []string
	}{
		{nets.Spec{Kind: nets.KindFF, Inputs: 1 << 30, Hidden: []int{1 << 30}, Outputs: 1 << 30},
			[]string{"ff 1073741824-1073741824-1073741824", "more than an int can count"}},
		{nets.Spec{Kind: nets.KindDFF, Inputs: 1 << 30, Hidden: []int{1 << 30, 1 << 30}, Outputs: 10},
			[]string{"dff", "more than an int can count"}},
		{nets.Spec{Kind: nets.KindPerceptron, Inputs: 1 << 30, Outputs: 1 << 30},
			[]string{"perceptron", "more than an int can count"}},
		// 2·65536 + 65536² + 65536 + 65536·2 + 2 weights of 8 bytes: 32 GiB.
		{nets.Spec{Kind: nets.KindDFF, Inputs: 2, Hidden: []int{65536, 65536}, Outputs: 2},
			[]string{"dff 2-65536-65536-2", "4295360514 weights take 32 GiB", "memory limit of 16 GiB"}},
		{nets.Spec{Kind: nets.KindRNN, Inputs: 1 << 20, Hidden: []int{1 << 20}, Outputs: 1, SeqLen: 2},
			[]string{"rnn", "16 TiB", "memory limit"}}, // Wx and Wh: 2·2^40 weights
		{nets.Spec{Kind: nets.KindRNN, Inputs: 1 << 60, Hidden: []int{1}, Outputs: 1, SeqLen: nets.MaxSeqLen},
			[]string{"rnn", "steps", "more than an int can count"}},
	} {
		n, err := newCheaply(t, c.spec)
		if err == nil || n != nil {
			t.Errorf("New(%+v): no error", c.spec)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("New(%+v): error %q does not mention %q", c.spec, err, w)
			}
		}
		if strings.Contains(err.Error(), "memory limit") && !errors.Is(err, graph.ErrMemoryLimit) {
			t.Errorf("New(%+v): error does not wrap graph.ErrMemoryLimit", c.spec)
		}
	}
}

// The weights New counts are exactly the params it allocates: the lecture's
// 784-128-10 has 784·128 + 128 + 128·10 + 10 = 101,770 weights, an Elman
// 3-4-2 has 3·4 + 4·4 + 4 + 4·2 + 2 = 42.
func TestNewCountsItsWeightsExactly(t *testing.T) {
	for _, c := range []struct {
		spec  nets.Spec
		bytes int
	}{
		{nets.Spec{Kind: nets.KindFF, Inputs: 784, Hidden: []int{128}, Outputs: 10}, 101770 * 8},
		{nets.Spec{Kind: nets.KindFF, Inputs: 784, Hidden: []int{128}, Outputs: 10, Dtype: nets.Float32}, 101770 * 4},
		{nets.Spec{Kind: nets.KindDFF, Inputs: 4, Hidden: []int{3, 2}, Outputs: 2}, (4*3 + 3 + 3*2 + 2 + 2*2 + 2) * 8},
		{nets.Spec{Kind: nets.KindPerceptron, Inputs: 5, Outputs: 3}, (5*3 + 3) * 8},
		{nets.Spec{Kind: nets.KindRNN, Inputs: 3, Hidden: []int{4}, Outputs: 2, SeqLen: 5}, 42 * 8},
	} {
		old := graph.SetMemoryLimit(c.bytes)
		n, err := nets.New(c.spec, 1)
		if err != nil {
			t.Errorf("%+v under a limit of its %d bytes: %v", c.spec, c.bytes, err)
		} else {
			have := 0
			for _, p := range n.Params() {
				have += len(p.Value.Raw)
			}
			if have != c.bytes {
				t.Errorf("%+v: params hold %d bytes, want %d", c.spec, have, c.bytes)
			}
		}
		graph.SetMemoryLimit(c.bytes - 1)
		if _, err := nets.New(c.spec, 1); !errors.Is(err, graph.ErrMemoryLimit) {
			t.Errorf("%+v under a limit one byte short: error %v", c.spec, err)
		}
		graph.SetMemoryLimit(old)
	}
}
